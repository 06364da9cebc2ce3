/**
 * Base class for failures that are worth retrying as they are (a busy lock, a lost race). classifyError treats
 * every subclass as transient, so code that throws one never has to be listed there.
 */
export class TransientError extends Error {
  override name = "TransientError";
  readonly transient = true;
  /**
   * Expected back-pressure, not a fault (a rate limit reached): the job runs again after its retry delay by design,
   * so the queue logs it at info ("job deferred"), without a stack, instead of a warning.
   */
  readonly deferral: boolean;

  constructor(message: string, options: { deferral?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.deferral = options.deferral ?? false;
  }
}
