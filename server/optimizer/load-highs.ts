import type { Highs } from "highs";

let loading: Promise<Highs> | null = null;

/**
 * The HiGHS WebAssembly runtime, compiled once per process: instantiating the module costs ~100 ms and several MB,
 * while each solve creates (and disposes) its own native model, so one runtime safely serves every solve.
 */
export function loadHighs(): Promise<Highs> {
  if (loading === null) {
    loading = import("highs")
      .then((module) => module.default())
      .catch((error: unknown) => {
        loading = null;
        throw error;
      });
  }
  return loading;
}
