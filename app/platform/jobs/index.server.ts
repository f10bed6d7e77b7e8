// Chooses the job driver: BullMQ when REDIS_URL is set, the embedded database-backed runner
// otherwise. Both get the same clock, so scheduled work behaves the same on either.
import { EmbeddedQueue, type EmbeddedQueueOptions } from "./embedded.server";
import type { JobQueue } from "./types";

export type QueueFactoryOptions = EmbeddedQueueOptions & {
  redisUrl?: string;
  /** BullMQ queue name; tests use one per suite. */
  queueName?: string;
};

export async function createQueue(o: QueueFactoryOptions): Promise<JobQueue> {
  if (o.redisUrl) {
    const { BullMQQueue } = await import("./bullmq.server");
    return new BullMQQueue({
      redisUrl: o.redisUrl,
      registry: o.registry,
      clock: o.clock,
      log: o.log,
      concurrency: o.concurrency,
      backoff: o.backoff,
      maxAttempts: o.maxAttempts,
      queueName: o.queueName,
      isShopActive: o.isShopActive,
      ...(o.leaseMs ? { lockDurationMs: o.leaseMs, stalledIntervalMs: o.leaseMs } : {}),
    });
  }
  return new EmbeddedQueue(o);
}
