// Shopify's GraphQL cost limiter is a leaky bucket. Given the last throttleStatus and the time it
// was read, this says how long to wait before a request of a given cost fits. Pure.
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export function projectedAvailable(status: ThrottleStatus, elapsedMs: number): number {
  return Math.min(status.maximumAvailable, status.currentlyAvailable + (status.restoreRate * elapsedMs) / 1000);
}

/** Milliseconds to wait so that `cost` points are available (0 when they already are). */
export function waitForCostMs(status: ThrottleStatus, elapsedMs: number, cost: number): number {
  const available = projectedAvailable(status, elapsedMs);
  const needed = Math.min(cost, status.maximumAvailable);
  if (available >= needed) return 0;
  return Math.ceil(((needed - available) / status.restoreRate) * 1000);
}
