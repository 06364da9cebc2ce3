"use client";

import { useEffect, useState } from "react";

/**
 * The wall clock, re-read every `everyMs` (ms since the epoch): countdowns, the machine's time guards, a party over
 * its time. The one clock hook of the dashboard.
 */
export function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
