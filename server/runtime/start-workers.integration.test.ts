import { expect, it } from "vitest";
import { createTestPipeline } from "@/server/testing/pipeline-test-kit";
import { describeEachBackend } from "@/server/testing/test-db";

/**
 * OPTIMIZER_CRON across workers (operations.md §9 gap 10), through the real startWorkers and pg-boss, one worker
 * after another on the same database: a cron sets the schedule; a worker started WITHOUT the variable leaves it as
 * it is (it used to delete it, switching the nightly previews off for every worker); `off` removes it.
 */
describeEachBackend("startWorkers and OPTIMIZER_CRON", ({ db }) => {
  const optimizerCron = async (queue: { boss: { getSchedules(): Promise<Array<{ name: string; cron: string }>> } }) =>
    (await queue.boss.getSchedules()).find((s) => s.name === "optimizer.run")?.cron ?? null;

  /** A worker process's start with `env`: returns the optimizer's schedule afterwards, then stops the worker. */
  async function startWorkerWith(env: Record<string, string>): Promise<string | null> {
    const pipeline = await createTestPipeline({ db: db(), url: db().url, schedule: true });
    try {
      await pipeline.startWorkers(env);
      return await optimizerCron(pipeline.queue);
    } finally {
      await pipeline.close();
    }
  }

  it("a cron sets the schedule, a worker without the variable keeps it, off removes it", async () => {
    expect(await startWorkerWith({ OPTIMIZER_CRON: "0 10,15 * * *" })).toBe("0 10,15 * * *");
    expect(await startWorkerWith({})).toBe("0 10,15 * * *");
    expect(await startWorkerWith({ OPTIMIZER_CRON: "30 9 * * *" })).toBe("30 9 * * *");
    expect(await startWorkerWith({ OPTIMIZER_CRON: "off" })).toBeNull();
    expect(await startWorkerWith({})).toBeNull();
  });
});
