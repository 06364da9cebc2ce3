"use client";

import { useEffect, useState } from "react";

/** The wall clock, re-read every `intervalMs` (a party over its time, a now-line): ms since the epoch. */
export function useClock(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
