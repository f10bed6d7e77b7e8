// BullMQ job driver (selected when REDIS_URL is set): jobs live in Redis, web processes only
// enqueue, and any number of `npm run worker` processes run them. Same semantics as the embedded
// driver: idempotency keys, delayed runs, capped exponential backoff, dead letters, shop cancellation.
import crypto from "node:crypto";
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { defaultBackoff, retryDelayMs, type BackoffPolicy } from "./backoff";
import type { JobRegistry } from "./registry.server";
import {
  PermanentJobError,
  type EnqueueOptions,
  type EnqueueRequest,
  type JobFailure,
  type JobQueue,
  type QueueStats,
} from "./types";

export interface BullMQQueueOptions {
  redisUrl: string;
  registry: JobRegistry;
  log: Logger;
  concurrency?: number;
  backoff?: BackoffPolicy;
  /** Defaults to "aftercare"; every process of one deployment must use the same name. */
  queueName?: string;
  maxAttempts?: number;
  /** Jobs of shops for which this answers false are dropped as cancelled instead of run. */
  isShopActive?: (shop: string) => Promise<boolean>;
  /** How long a worker's claim on a job lasts without renewal (renewed every half of it while running). */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died (lock expired) and put them back in the queue. */
  stalledIntervalMs?: number;
}

interface JobData {
  payload: unknown;
  shop: string | null;
  key: string;
}

const BACKOFF_TYPE = "aftercare";
const DAY_MS = 24 * 60 * 60_000;
// Completed jobs are kept this long so an idempotency key keeps deduplicating after its job ran.
const KEEP_COMPLETED_S = (7 * DAY_MS) / 1000;
const KEEP_FAILED_S = (30 * DAY_MS) / 1000;
const SCAN_PAGE = 500;

/** BullMQ refuses custom job ids containing ":" (and integers); a hash of the key is neither. */
export function jobIdForKey(key: string): string {
  return `k-${crypto.createHash("sha256").update(key).digest("base64url")}`;
}

export class BullMQQueue implements JobQueue {
  readonly driver = "bullmq" as const;
  readonly queueName: string;
  private readonly connection: Redis;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | undefined;
  private workerConnection: Redis | undefined;

  constructor(private readonly o: BullMQQueueOptions) {
    this.queueName = o.queueName ?? "aftercare";
    // Enqueueing fails fast while Redis is away (the inbox relay's sweep re-sends later, and a
    // health check answers instead of hanging); the worker's own connection waits it out instead.
    this.connection = new Redis(o.redisUrl, { maxRetriesPerRequest: 3 });
    this.queue = new Queue<JobData>(this.queueName, {
      connection: this.connection,
      defaultJobOptions: {
        removeOnComplete: { age: KEEP_COMPLETED_S },
        removeOnFail: { age: KEEP_FAILED_S },
      },
    });
    // BullMQ forwards connection errors here; without a listener they would crash the process.
    this.queue.on("error", (err) => o.log.error({ err }, "job queue error"));
  }

  get concurrency() {
    return this.o.concurrency ?? 4;
  }

  async enqueue(name: string, payload: unknown, options: EnqueueOptions) {
    const created = await this.enqueueMany([{ name, payload, options }]);
    return { created: created === 1 };
  }

  async enqueueMany(requests: EnqueueRequest[]): Promise<number> {
    const unique = new Map<string, EnqueueRequest>();
    for (const r of requests) if (!unique.has(r.options.key)) unique.set(r.options.key, r);
    if (!unique.size) return 0;
    const batch = [...unique.values()].map((r) => ({ r, jobId: jobIdForKey(r.options.key) }));
    // Redis itself refuses a second job with the same id, so duplicates never run twice; this
    // existence check only makes the returned count honest (two racing enqueues may both count).
    const exists = await this.connection
      .pipeline(batch.map(({ jobId }) => ["exists", this.queue.toKey(jobId)]))
      .exec();
    const failed = exists?.find(([err]) => err)?.[0];
    if (!exists || failed) throw failed ?? new Error("Redis did not answer the job existence check");
    const fresh = batch.filter((_, i) => exists[i][1] === 0);
    if (!fresh.length) return 0;
    const now = Date.now();
    await this.queue.addBulk(
      fresh.map(({ r, jobId }) => ({
        name: r.name,
        data: { payload: r.payload ?? null, shop: r.options.shop ?? null, key: r.options.key },
        opts: this.jobOptions(r, jobId, now),
      })),
    );
    return fresh.length;
  }

  private jobOptions(r: EnqueueRequest, jobId: string, now: number): JobsOptions {
    const delay = r.options.runAt ? Math.max(0, r.options.runAt.getTime() - now) : 0;
    return {
      jobId,
      delay,
      attempts: r.options.maxAttempts ?? this.o.registry.maxAttempts(r.name, this.o.maxAttempts ?? 8),
      backoff: { type: BACKOFF_TYPE },
    };
  }

  async cancelForShop(shop: string) {
    // Uninstalls are rare, so a scan of the pending jobs is cheaper than a per-shop index kept on every enqueue.
    const matches: Job<JobData>[] = [];
    for (const state of ["waiting", "delayed", "prioritized", "paused"] as const) {
      for (let start = 0; ; start += SCAN_PAGE) {
        const page = await this.queue.getJobs([state], start, start + SCAN_PAGE - 1, true);
        matches.push(...page.filter((j) => j?.data?.shop === shop));
        if (page.length < SCAN_PAGE) break;
      }
    }
    let cancelled = 0;
    for (const job of matches) {
      try {
        await job.remove();
        cancelled++;
      } catch {
        // Started meanwhile: the worker's shop check drops it instead.
      }
    }
    return cancelled;
  }

  async stats(): Promise<QueueStats> {
    const c = await this.queue.getJobCounts("waiting", "prioritized", "paused", "delayed", "active", "completed", "failed");
    return {
      queued: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0),
      delayed: c.delayed ?? 0,
      running: c.active ?? 0,
      completed: c.completed ?? 0,
      dead: c.failed ?? 0,
    };
  }

  async failures(limit: number): Promise<JobFailure[]> {
    if (limit <= 0) return [];
    const jobs = await this.queue.getFailed(0, limit - 1);
    return jobs
      .filter((j): j is Job<JobData> => Boolean(j))
      .map((j) => ({
        id: j.id!,
        name: j.name,
        shop: j.data?.shop ?? null,
        attempts: j.attemptsMade,
        error: j.failedReason ?? null,
        failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
      }))
      .sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0));
  }

  async retry(id: string) {
    const job = await this.queue.getJob(id);
    if (!job || (await job.getState()) !== "failed") return false;
    try {
      // A replayed job gets its full number of attempts again, as in the embedded driver.
      await job.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch {
      return false;
    }
  }

  async ping() {
    await this.connection.ping();
  }

  async startProcessing() {
    if (this.worker) return;
    const policy = this.o.backoff ?? defaultBackoff;
    // BullMQ requires no per-request retry limit on a worker: its blocking fetch must survive outages.
    this.workerConnection = new Redis(this.o.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker<JobData>(this.queueName, (job) => this.process(job), {
      connection: this.workerConnection,
      concurrency: this.concurrency,
      lockDuration: this.o.lockDurationMs ?? 30_000,
      stalledInterval: this.o.stalledIntervalMs ?? 30_000,
      settings: {
        backoffStrategy: (attemptsMade: number) => retryDelayMs(attemptsMade, policy, Math.random()),
      },
    });
    this.worker.on("error", (err) => this.o.log.error({ err }, "job worker error"));
    this.worker.on("failed", (job, err) => {
      if (!job) return;
      const log = this.o.log.child({ jobId: job.id, job: job.name, shop: job.data?.shop ?? undefined });
      const dead = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (dead) log.error({ err, attempts: job.attemptsMade }, "job dead-lettered");
      else log.warn({ err, attempts: job.attemptsMade }, "job failed, will retry");
    });
    await this.worker.waitUntilReady();
  }

  private async process(job: Job<JobData>) {
    const { payload, shop } = job.data;
    const log = this.o.log.child({ jobId: job.id, job: job.name, shop: shop ?? undefined });
    if (shop && this.o.isShopActive && !(await this.o.isShopActive(shop))) {
      log.info("job cancelled: shop uninstalled");
      return { cancelled: true };
    }
    try {
      await this.o.registry.run(job.name, payload, { jobId: job.id!, attempt: job.attemptsMade + 1, log });
    } catch (error) {
      if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
      throw error;
    }
    return { cancelled: false };
  }

  /** Lets running jobs finish, then closes the queue and its Redis connections. */
  async close() {
    await this.worker?.close();
    await this.queue.close();
    for (const c of [this.workerConnection, this.connection]) await c?.quit().catch(() => c.disconnect());
  }
}
