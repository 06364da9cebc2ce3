/**
 * Base class for failures that are worth retrying as they are (a busy lock, a lost race). classifyError treats
 * every subclass as transient, so code that throws one never has to be listed there.
 */
export class TransientError extends Error {
  override name = "TransientError";
  readonly transient = true;
}
