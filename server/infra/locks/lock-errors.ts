import { TransientError } from "@/server/infra/resilience/transient-error";

/** The lock stayed held by someone else for the whole wait. Transient: retry later (the job will). */
export class LockBusyError extends TransientError {
  override name = "LockBusyError";
  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`Lock ${key} is busy (waited ${waitedMs} ms)`);
  }
}

/** The lock expired or was taken over while held; the work must not be committed on its authority. */
export class LockLostError extends TransientError {
  override name = "LockLostError";
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Lock ${key} lost: ${reason}`);
  }
}
