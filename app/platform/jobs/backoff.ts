// Retry timing shared by both drivers: exponential backoff with jitter, capped. The jitter is a
// fixed function of (job, attempt) so that whoever computes a retry's time — the code telling the
// job "next attempt at 10:42" and the queue scheduling it — gets the same answer.
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 10_000, maxMs: 60 * 60_000 };

/** Delay before retry number `attempt` (1 = first retry); `random` in [0, 1) spreads retries out. */
export function retryDelayMs(attempt: number, policy: BackoffPolicy, random: number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (exponential / 2) * random);
}

/** A number in [0, 1) that depends only on the job and the attempt (FNV-1a), used as the jitter. */
export function attemptJitter(jobId: string, attempt: number): number {
  const text = `${jobId}#${attempt}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 2 ** 32;
}
