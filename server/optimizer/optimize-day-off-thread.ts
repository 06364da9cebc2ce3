import { Worker } from "node:worker_threads";
import type { TOptimizerInput, TOptimizerResult } from "./engine/types";

type TThreadReply = { ok: true; result: TOptimizerResult } | { ok: false; message: string };

/**
 * optimizeDay on a worker thread. HiGHS solves inside one synchronous WebAssembly call, seconds long on a big day:
 * on the caller's thread that would freeze the event loop of the web process (embedded shape) or of a job worker
 * (every other job, lock renewals). The input and the result are plain data, copied across.
 */
export async function optimizeDayOffThread(input: TOptimizerInput): Promise<TOptimizerResult> {
  try {
    // A Next.js build bundles the thread's entry it finds in exactly this form.
    return await answerOf(new Worker(new URL("./optimize-day-thread.ts", import.meta.url), { workerData: input }));
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    // Running from TypeScript source (tsx, vitest): Node cannot load the .ts entry, and on Node 20 a loader given
    // in execArgv does not reach a worker thread, so the thread registers tsx itself before importing the entry.
    const entry = new URL("./optimize-day-thread.ts", import.meta.url).href;
    const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
    return answerOf(new Worker(bootstrap, { eval: true, workerData: input }));
  }
}

function answerOf(worker: Worker): Promise<TOptimizerResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once("message", (reply: TThreadReply) => {
      settled = true;
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`optimizer thread failed: ${reply.message}`));
      void worker.terminate();
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`optimizer thread exited with code ${code} before answering`));
    });
  });
}
