// What the merchant's home page shows about Aftercare's own health for their shop: install state,
// webhooks by topic and state, the shop's background work, deliveries being retried (when, and
// why), and what gave up (with Retry). Every count and list is scoped by shop in its query.
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { PROCESS_WEBHOOK_JOB } from "~/webhooks/process-job.server";

export interface TopicRow {
  topic: string;
  waiting: number;
  processed: number;
  retrying: number;
  dead: number;
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

export interface Retrying {
  id: string;
  topic: string;
  error: string | null;
  attempts: number;
  nextAttemptAt: string | null;
}

const LIST = 10;

export async function loadOverview(db: Db, jobs: JobQueue, shop: string) {
  const [install, groups, deadDeliveries, retrying, queue, deadJobs] = await Promise.all([
    db.shop.findUnique({ where: { shop } }),
    db.webhookDelivery.groupBy({ by: ["topic", "status"], where: { shop }, _count: { _all: true } }),
    db.webhookDelivery.findMany({
      where: { shop, status: "dead" },
      orderBy: { processedAt: "desc" },
      take: LIST,
      select: { webhookId: true, topic: true, lastError: true, attempts: true, processedAt: true },
    }),
    db.webhookDelivery.findMany({
      where: { shop, status: "retrying" },
      orderBy: { nextAttemptAt: "asc" },
      take: LIST,
      select: { webhookId: true, topic: true, lastError: true, attempts: true, nextAttemptAt: true },
    }),
    jobs.stats(shop),
    jobs.failures(shop, LIST + 1),
  ]);

  const byTopic = new Map<string, TopicRow>();
  for (const g of groups) {
    const row = byTopic.get(g.topic) ?? { topic: g.topic, waiting: 0, processed: 0, retrying: 0, dead: 0, skipped: 0, total: 0 };
    const n = g._count._all;
    if (g.status === "received" || g.status === "queued") row.waiting += n;
    else if (g.status === "processed") row.processed += n;
    else if (g.status === "retrying") row.retrying += n;
    else if (g.status === "dead") row.dead += n;
    else if (g.status === "skipped") row.skipped += n;
    row.total += n;
    byTopic.set(g.topic, row);
  }

  const problems: Problem[] = [
    ...deadDeliveries.map((d) => ({
      kind: "webhook" as const,
      id: d.webhookId,
      label: d.topic,
      error: d.lastError,
      attempts: d.attempts,
      at: d.processedAt?.toISOString() ?? null,
    })),
    // A dead webhook job is shown as its delivery (above), which is what Retry replays.
    ...deadJobs
      .filter((j) => j.name !== PROCESS_WEBHOOK_JOB)
      .slice(0, LIST)
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
    retrying: retrying.map<Retrying>((d) => ({
      id: d.webhookId,
      topic: d.topic,
      error: d.lastError,
      attempts: d.attempts,
      nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    })),
    problems,
  };
}
