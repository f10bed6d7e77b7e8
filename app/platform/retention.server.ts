// Applies the retention policy (platform/retention.ts) to operational history: the webhook inbox
// here, finished jobs through the job driver (which knows where its jobs live). Everything is
// counted on the injectable clock, so a demo fast-forward ages history the way real time would.
import type { Db } from "./db.server";
import type { Clock } from "./clock";
import type { JobQueue } from "./jobs/types";
import { DAY_MS, retention } from "./retention";

export interface PruneResult {
  deliveries: { processed: number; dead: number };
  jobs: { completed: number; dead: number };
}

export async function pruneHistory(db: Db, clock: Clock, jobs: JobQueue): Promise<PruneResult> {
  const now = clock.now().getTime();
  // Processed and skipped deliveries age from receipt; dead ones from when they gave up, so a
  // merchant always has the full window to replay them. Retrying and waiting ones are kept.
  const processed = await db.webhookDelivery.deleteMany({
    where: { status: { in: ["processed", "skipped"] }, receivedAt: { lt: new Date(now - retention.deliveriesDays * DAY_MS) } },
  });
  const dead = await db.webhookDelivery.deleteMany({
    where: { status: "dead", processedAt: { lt: new Date(now - retention.deadDeliveriesDays * DAY_MS) } },
  });
  const pruned = await jobs.prune();
  return { deliveries: { processed: processed.count, dead: dead.count }, jobs: pruned };
}
