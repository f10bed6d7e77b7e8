// What the merchant's home page shows about Aftercare's own health for their shop: install state,
// webhooks by topic and status, the background queue, and recent failures that can be retried.
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { PROCESS_WEBHOOK_JOB } from "~/webhooks/process-job.server";

export interface TopicRow {
  topic: string;
  waiting: number;
  processed: number;
  failed: number;
  skipped: number;
  total: number;
}

export interface Problem {
  kind: "webhook" | "job";
  id: string;
  label: string;
  error: string | null;
  attempts: number;
  at: string | null;
}

export async function loadOverview(db: Db, jobs: JobQueue, shop: string) {
  const [install, groups, failedDeliveries, queue, deadJobs] = await Promise.all([
    db.shop.findUnique({ where: { shop } }),
    db.webhookDelivery.groupBy({ by: ["topic", "status"], where: { shop }, _count: { _all: true } }),
    db.webhookDelivery.findMany({
      where: { shop, status: "failed" },
      orderBy: { processedAt: "desc" },
      take: 10,
      select: { webhookId: true, topic: true, lastError: true, attempts: true, processedAt: true },
    }),
    jobs.stats(),
    jobs.failures(50),
  ]);

  const byTopic = new Map<string, TopicRow>();
  for (const g of groups) {
    const row = byTopic.get(g.topic) ?? { topic: g.topic, waiting: 0, processed: 0, failed: 0, skipped: 0, total: 0 };
    const n = g._count._all;
    if (g.status === "received" || g.status === "queued") row.waiting += n;
    else if (g.status === "processed") row.processed += n;
    else if (g.status === "failed") row.failed += n;
    else if (g.status === "skipped") row.skipped += n;
    row.total += n;
    byTopic.set(g.topic, row);
  }

  const problems: Problem[] = [
    ...failedDeliveries.map((d) => ({
      kind: "webhook" as const,
      id: d.webhookId,
      label: d.topic,
      error: d.lastError,
      attempts: d.attempts,
      at: d.processedAt?.toISOString() ?? null,
    })),
    ...deadJobs
      .filter((j) => j.shop === shop && j.name !== PROCESS_WEBHOOK_JOB)
      .slice(0, 10)
      .map((j) => ({
        kind: "job" as const,
        id: j.id,
        label: j.name,
        error: j.error,
        attempts: j.attempts,
        at: j.failedAt?.toISOString() ?? null,
      })),
  ];

  return {
    install: install && {
      state: install.state,
      installedAt: install.installedAt.toISOString(),
      uninstalledAt: install.uninstalledAt?.toISOString() ?? null,
      timezone: install.timezone,
    },
    topics: [...byTopic.values()].sort((a, b) => a.topic.localeCompare(b.topic)),
    queue: { driver: jobs.driver, ...queue },
    problems,
  };
}

/** Sends a failed webhook of this shop through processing again. */
export async function replayDelivery(db: Db, jobs: JobQueue, shop: string, webhookId: string): Promise<boolean> {
  const delivery = await db.webhookDelivery.findFirst({ where: { webhookId, shop, status: "failed" } });
  if (!delivery) return false;
  await jobs.enqueue(
    PROCESS_WEBHOOK_JOB,
    { webhookId },
    { key: `webhook:${webhookId}:replay:${delivery.attempts}:${Date.now()}` },
  );
  await db.webhookDelivery.updateMany({ where: { webhookId, shop, status: "failed" }, data: { status: "queued" } });
  return true;
}

/** Retries a dead-lettered job, only if it belongs to this shop. */
export async function retryShopJob(jobs: JobQueue, shop: string, jobId: string): Promise<boolean> {
  const owned = (await jobs.failures(200)).some((j) => j.id === jobId && j.shop === shop);
  return owned ? jobs.retry(jobId) : false;
}
