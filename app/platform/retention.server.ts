// How long operational history is kept. Webhook payloads carry customer data, so processed
// deliveries are deleted after a month; finished jobs after a week. Failed work is kept until
// someone retries it (it is what the admin's "Recent problems" shows).
import type { Db } from "./db.server";
import type { Clock } from "./clock";

const DAY = 24 * 60 * 60 * 1000;
export const retention = { deliveriesDays: 30, jobsDays: 7 };

export async function pruneHistory(db: Db, clock: Clock) {
  const now = clock.now().getTime();
  const [deliveries, jobs] = await Promise.all([
    db.webhookDelivery.deleteMany({
      where: { status: { in: ["processed", "skipped"] }, receivedAt: { lt: new Date(now - retention.deliveriesDays * DAY) } },
    }),
    db.job.deleteMany({
      where: { status: { in: ["completed", "cancelled"] }, finishedAt: { lt: new Date(now - retention.jobsDays * DAY) } },
    }),
  ]);
  return { deliveries: deliveries.count, jobs: jobs.count };
}
