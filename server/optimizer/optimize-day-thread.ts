/**
 * Worker-thread entry of optimizeDayOffThread (never imported): solves one day and posts the result, or the error's
 * message, back to the thread that started it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { optimizeDay } from "./engine/optimize-day";
import type { TOptimizerInput } from "./engine/types";

const port = parentPort;
if (!port) throw new Error("optimize-day-thread runs as a worker thread (see optimizeDayOffThread)");
try {
  port.postMessage({ ok: true, result: await optimizeDay(workerData as TOptimizerInput) });
} catch (error) {
  port.postMessage({ ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
