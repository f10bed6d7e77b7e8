// How long operational history is kept — one policy for both job drivers and the webhook inbox,
// counted on the injectable clock. Webhook payloads carry customer data, so nothing is kept for long.
export const retention = {
  /** Processed and skipped webhook deliveries, counted from receipt. */
  deliveriesDays: 30,
  /** Dead webhook deliveries, counted from when they gave up: a month to replay them. */
  deadDeliveriesDays: 30,
  /** Completed and cancelled jobs, counted from when they finished; their idempotency keys dedupe this long. */
  completedJobsDays: 7,
  /** Dead jobs, counted from when they gave up: a month to retry them. */
  deadJobsDays: 30,
} as const;

export const DAY_MS = 24 * 60 * 60 * 1000;
