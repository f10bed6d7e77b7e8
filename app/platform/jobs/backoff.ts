// Retry timing shared by both drivers: exponential backoff with jitter, capped.
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
