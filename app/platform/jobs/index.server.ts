// Chooses the job driver: BullMQ when REDIS_URL is set, the embedded database-backed runner otherwise.
import type { Logger } from "pino";
import type { Clock } from "../clock";
import type { Db } from "../db.server";
import type { BackoffPolicy } from "./backoff";
import { EmbeddedQueue } from "./embedded.server";
import type { JobRegistry } from "./registry.server";
import type { JobQueue } from "./types";

export interface QueueFactoryOptions {
  db: Db;
  registry: JobRegistry;
  clock: Clock;
  log: Logger;
  redisUrl?: string;
  concurrency?: number;
  backoff?: BackoffPolicy;
  pollMs?: number;
  /** BullMQ queue name; tests use one per suite. */
  queueName?: string;
  isShopActive?: (shop: string) => Promise<boolean>;
  yieldWhile?: () => boolean;
}

export async function createQueue(o: QueueFactoryOptions): Promise<JobQueue> {
  if (o.redisUrl) {
    const { BullMQQueue } = await import("./bullmq.server");
    return new BullMQQueue({
      redisUrl: o.redisUrl,
      registry: o.registry,
      log: o.log,
      concurrency: o.concurrency,
      backoff: o.backoff,
      queueName: o.queueName,
      isShopActive: o.isShopActive,
    });
  }
  return new EmbeddedQueue({
    db: o.db,
    registry: o.registry,
    clock: o.clock,
    log: o.log,
    concurrency: o.concurrency,
    backoff: o.backoff,
    pollMs: o.pollMs,
    isShopActive: o.isShopActive,
    yieldWhile: o.yieldWhile,
  });
}
