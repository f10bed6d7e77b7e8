// BullMQ job driver (selected when REDIS_URL is set): jobs live in Redis, web processes only
// enqueue, and any number of `npm run worker` processes run them. It owns the mapping of the
// JobQueue contract onto BullMQ and must behave like the embedded driver under the injectable
// clock: delays, retry times and retention are clock time (BullMQ itself only knows real time, so
// due times are kept beside the jobs and re-applied when the clock jumps), and every per-shop
// question is answered from per-shop indexes the driver keeps (see bullmq-scripts.ts), never by
// reading the whole queue. Locks and stalled-job recovery stay BullMQ's, in real time.
import crypto from "node:crypto";
import { Queue, UnrecoverableError, Worker, type Job, type JobsOptions, type MinimalJob } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Clock } from "../clock";
import { errorMessage } from "../errors";
import { DAY_MS, retention } from "../retention";
import { attemptJitter, defaultBackoff, retryDelayMs, type BackoffPolicy } from "./backoff";
import {
  CANCEL_PENDING,
  defineScript,
  FILE_UNSEEN_DEAD,
  FORGET,
  INDEX_GRACE_MS,
  RETIME_DELAYED,
  RETRY_DEAD,
  RETRYING_TOTALS,
  SHOP_FAILURES,
  SHOP_STATS,
  type ScriptCall,
} from "./bullmq-scripts";
import type { JobRegistry } from "./registry.server";
import {
  PermanentJobError,
  type EnqueueOptions,
  type EnqueueRequest,
  type JobContext,
  type JobFailure,
  type JobQueue,
  type QueueStats,
  type RetryResult,
} from "./types";

export interface BullMQQueueOptions {
  redisUrl: string;
  registry: JobRegistry;
  /** Schedules runs, retries and retention; the same clock the embedded driver would use. */
  clock: Clock;
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

type Outcome = "completed" | "cancelled" | "dead";

const BACKOFF_TYPE = "aftercare";
const PAGE = 500;
// A job being added or failing while the clock jumped may have been timed with the old offset:
// a second re-timing pass shortly after the jump catches it.
const RETIME_AGAIN_MS = 1_000;

/** BullMQ refuses custom job ids containing ":" (and integers); a hash of the key is neither. */
export function jobIdForKey(key: string): string {
  return `k-${crypto.createHash("sha256").update(key).digest("base64url")}`;
}

/** BullMQ's keys the driver's scripts touch, and the driver's own (see bullmq-scripts.ts). */
function keysFor(queue: Queue) {
  const p = queue.toKey("");
  const q = queue.keys;
  return {
    wait: q.wait,
    paused: q.paused,
    delayed: q.delayed,
    active: q.active,
    completed: q.completed,
    failed: q.failed,
    meta: q.meta,
    events: q.events,
    marker: q.marker,
    owner: `${p}ac:owner`,
    due: `${p}ac:due`,
    retrying: `${p}ac:retrying`,
    purge: `${p}ac:purge`,
    shopPrefix: `${p}ac:shop:`,
    finished: (outcome: Outcome) => `${p}ac:${outcome}`,
    shop: (shop: string, part: "pending" | Outcome) => `${p}ac:shop:${shop}:${part}`,
  };
}

export class BullMQQueue implements JobQueue {
  readonly driver = "bullmq" as const;
  readonly queueName: string;
  private readonly connection: Redis;
  private readonly queue: Queue<JobData>;
  private worker: Worker<JobData> | undefined;
  private workerConnection: Redis | undefined;
  private readonly prefix: string;
  private readonly k: ReturnType<typeof keysFor>;
  private readonly scripts: Record<
    "shopStats" | "retryingTotals" | "shopFailures" | "retryDead" | "cancelPending" | "retime" | "fileUnseenDead" | "forget",
    ScriptCall
  >;
  /** Retry times decided by this process's runs, read back by BullMQ's backoff strategy. */
  private readonly retryDue = new Map<string, number>();
  /** Jobs of a purged shop that were running here; removed once BullMQ has filed them. */
  private readonly removeWhenFiled = new Set<string>();
  private readonly background = new Set<Promise<unknown>>();
  private readonly stopListening: (() => void) | undefined;
  private readonly retimeTimers = new Set<NodeJS.Timeout>();
  private retiming: Promise<void> | undefined;
  private retimeAgain = false;
  private closed = false;

  constructor(private readonly o: BullMQQueueOptions) {
    this.queueName = o.queueName ?? "aftercare";
    // Enqueueing fails fast while Redis is away (the inbox relay's sweep re-sends later, and a
    // health check answers instead of hanging); the worker's own connection waits it out instead.
    this.connection = new Redis(o.redisUrl, { maxRetriesPerRequest: 3 });
    // No age-based removeOnComplete/removeOnFail: BullMQ would count real time. prune() applies
    // the retention policy in clock time instead.
    this.queue = new Queue<JobData>(this.queueName, { connection: this.connection });
    // BullMQ forwards connection errors here; without a listener they would crash the process.
    this.queue.on("error", (err) => o.log.error({ err }, "job queue error"));
    this.prefix = this.queue.toKey("");
    this.k = keysFor(this.queue);
    const c = this.connection;
    this.scripts = {
      shopStats: defineScript(c, "aftercareShopStats", SHOP_STATS),
      retryingTotals: defineScript(c, "aftercareRetryingTotals", RETRYING_TOTALS),
      shopFailures: defineScript(c, "aftercareShopFailures", SHOP_FAILURES),
      retryDead: defineScript(c, "aftercareRetryDead", RETRY_DEAD),
      cancelPending: defineScript(c, "aftercareCancelPending", CANCEL_PENDING),
      retime: defineScript(c, "aftercareRetime", RETIME_DELAYED),
      fileUnseenDead: defineScript(c, "aftercareFileUnseenDead", FILE_UNSEEN_DEAD),
      forget: defineScript(c, "aftercareForget", FORGET),
    };
    this.stopListening = o.clock.onShift?.(() => this.onClockShift());
  }

  get concurrency() {
    return this.o.concurrency ?? 4;
  }

  private get policy() {
    return this.o.backoff ?? defaultBackoff;
  }

  // --- enqueue ------------------------------------------------------------------------------

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
    // existence check makes the returned count honest and keeps a key another shop already
    // holds out of this shop's index.
    const exists = await this.connection.pipeline(batch.map(({ jobId }) => ["exists", this.queue.toKey(jobId)])).exec();
    const failed = exists?.find(([err]) => err)?.[0];
    if (!exists || failed) throw failed ?? new Error("Redis did not answer the job existence check");
    const fresh = batch.filter((_, i) => exists[i][1] === 0);
    if (!fresh.length) return 0;
    const clockNow = this.o.clock.now().getTime();
    const { k } = this;
    // Indexed before the job exists: an entry whose job never arrives is dropped later (after a
    // grace period), while a job missing from its shop's index could never be counted,
    // cancelled or purged.
    const index = this.connection.multi();
    let indexed = 0;
    for (const { r, jobId } of fresh) {
      if (r.options.shop) {
        index.hset(k.owner, jobId, r.options.shop);
        index.zadd(k.shop(r.options.shop, "pending"), "NX", Date.now(), jobId);
        indexed++;
      }
      const due = r.options.runAt?.getTime();
      if (due !== undefined && due > clockNow) {
        index.hset(k.due, jobId, due);
        indexed++;
      }
    }
    if (indexed) await exec(index);
    await this.queue.addBulk(
      fresh.map(({ r, jobId }) => ({
        name: r.name,
        data: { payload: r.payload ?? null, shop: r.options.shop ?? null, key: r.options.key },
        opts: this.jobOptions(r, jobId),
      })),
    );
    return fresh.length;
  }

  private jobOptions(r: EnqueueRequest, jobId: string): JobsOptions {
    // Computed as late as possible: BullMQ counts the delay from its own (real) clock.
    const delay = r.options.runAt ? Math.max(0, r.options.runAt.getTime() - this.o.clock.now().getTime()) : 0;
    return {
      jobId,
      delay,
      attempts: r.options.maxAttempts ?? this.o.registry.maxAttempts(r.name, this.o.maxAttempts ?? 8),
      backoff: { type: BACKOFF_TYPE },
      // Failures show the latest error only; older stack traces would just grow the job.
      stackTraceLimit: 1,
    };
  }

  // --- per-shop views and operations --------------------------------------------------------

  async stats(shop: string): Promise<QueueStats> {
    const { k } = this;
    const r = (await this.scripts.shopStats(
      [
        k.shop(shop, "pending"),
        k.shop(shop, "completed"),
        k.shop(shop, "dead"),
        k.delayed,
        k.active,
        k.completed,
        k.failed,
        k.finished("completed"),
        k.owner,
      ],
      [this.prefix, Date.now(), INDEX_GRACE_MS, this.o.clock.now().getTime()],
    )) as number[];
    const [queued, delayed, retrying, running, completed, dead] = r.map(Number);
    return { queued, delayed, retrying, running, completed, dead };
  }

  async totals(): Promise<QueueStats> {
    const { k } = this;
    const [c, retryingSplit, completed] = await Promise.all([
      this.queue.getJobCounts("waiting", "prioritized", "paused", "delayed", "active", "failed"),
      this.scripts.retryingTotals([k.retrying, k.delayed, k.completed, k.failed, k.active], [this.prefix]) as Promise<number[]>,
      this.connection.zcard(k.finished("completed")),
    ]);
    const [retryWaiting, retryDelayed] = retryingSplit.map(Number);
    return {
      queued: Math.max(0, (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.paused ?? 0) - retryWaiting),
      delayed: Math.max(0, (c.delayed ?? 0) - retryDelayed),
      retrying: retryWaiting + retryDelayed,
      running: c.active ?? 0,
      completed,
      dead: c.failed ?? 0,
    };
  }

  async failures(shop: string, limit: number): Promise<JobFailure[]> {
    if (limit <= 0) return [];
    const { k } = this;
    const flat = (await this.scripts.shopFailures([k.shop(shop, "dead"), k.failed], [this.prefix, limit])) as string[];
    const out: JobFailure[] = [];
    for (let i = 0; i < flat.length; i += 5) {
      out.push({
        id: flat[i],
        name: flat[i + 1],
        shop,
        attempts: Number(flat[i + 2]),
        error: flat[i + 3] || null,
        failedAt: new Date(Number(flat[i + 4])),
      });
    }
    return out;
  }

  async retry(shop: string, id: string): Promise<RetryResult> {
    const { k } = this;
    const result = await this.scripts.retryDead(
      [
        this.queue.toKey(id),
        k.events,
        k.failed,
        k.wait,
        k.meta,
        k.paused,
        k.active,
        k.marker,
        k.owner,
        k.shop(shop, "dead"),
        k.shop(shop, "pending"),
        k.finished("dead"),
      ],
      [id, shop, Date.now()],
    );
    return result as RetryResult;
  }

  async cancelForShop(shop: string) {
    const { k } = this;
    let cancelled = 0;
    let offset = 0;
    for (;;) {
      const [n, kept, seen] = (
        (await this.scripts.cancelPending(
          [
            k.shop(shop, "pending"),
            k.shop(shop, "cancelled"),
            k.finished("cancelled"),
            k.delayed,
            k.active,
            k.completed,
            k.failed,
            k.due,
            k.retrying,
            k.marker,
            k.owner,
          ],
          [this.prefix, this.o.clock.now().getTime(), Date.now(), INDEX_GRACE_MS, offset, PAGE],
        )) as number[]
      ).map(Number);
      cancelled += n;
      // Cancelled entries leave the index; the ones kept (running) stay ahead of the next page.
      offset += kept;
      if (seen < PAGE) return cancelled;
    }
  }

  async purgeShop(shop: string) {
    const { k } = this;
    const parts = ["pending", "completed", "cancelled", "dead"] as const;
    const lists = await Promise.all(parts.map((part) => this.connection.zrange(k.shop(shop, part), 0, -1)));
    const ids = [...new Set(lists.flat())];
    const { removed, busy } = await this.removeJobs(ids);
    // Running jobs cannot be removed under their worker; they go as soon as it lets go of them
    // (the worker that files them, or the next prune).
    if (busy.length) await this.connection.sadd(k.purge, ...busy);
    return removed + busy.length;
  }

  async prune() {
    const now = this.o.clock.now().getTime();
    const completedBefore = now - retention.completedJobsDays * DAY_MS;
    const deadBefore = now - retention.deadJobsDays * DAY_MS;
    const completed = (await this.pruneFinished("completed", completedBefore)) + (await this.pruneFinished("cancelled", completedBefore));
    const dead = await this.pruneFinished("dead", deadBefore);
    const leftovers = await this.connection.smembers(this.k.purge);
    if (leftovers.length) await this.removeJobs(leftovers);
    return { completed, dead };
  }

  private async pruneFinished(outcome: Outcome, before: number) {
    let removed = 0;
    let skip = 0;
    for (;;) {
      const ids = await this.connection.zrangebyscore(this.k.finished(outcome), "-inf", `(${before}`, "LIMIT", skip, PAGE);
      const r = await this.removeJobs(ids);
      removed += r.removed;
      skip += r.busy.length;
      if (ids.length < PAGE) return removed;
    }
  }

  /** Removes jobs from BullMQ (unless running) and from every index; returns what happened. */
  private async removeJobs(ids: string[]) {
    let removed = 0;
    const busy: string[] = [];
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE);
      const existed = await this.connection.pipeline(chunk.map((id) => ["exists", this.queue.toKey(id)])).exec();
      const gone: string[] = [];
      await Promise.all(
        chunk.map(async (id, j) => {
          if (existed?.[j]?.[1] !== 1) return void gone.push(id);
          if ((await this.queue.remove(id)) === 1) {
            removed++;
            gone.push(id);
          } else {
            busy.push(id);
          }
        }),
      );
      if (gone.length) await this.forget(gone);
    }
    return { removed, busy };
  }

  private forget(ids: string[]) {
    const { k } = this;
    return this.scripts.forget(
      [k.owner, k.due, k.retrying, k.purge, k.finished("completed"), k.finished("cancelled"), k.finished("dead")],
      [k.shopPrefix, ...ids],
    );
  }

  async ping() {
    await this.connection.ping();
  }

  // --- the clock ----------------------------------------------------------------------------

  private onClockShift() {
    if (this.closed) return;
    this.scheduleRetime();
    const timer = setTimeout(() => {
      this.retimeTimers.delete(timer);
      this.scheduleRetime();
    }, RETIME_AGAIN_MS);
    timer.unref();
    this.retimeTimers.add(timer);
  }

  private scheduleRetime() {
    if (this.closed) return;
    if (this.retiming) {
      this.retimeAgain = true;
      return;
    }
    this.retiming = this.retimeDelayed()
      .catch((err) => this.o.log.error({ err }, "re-timing delayed jobs after a clock jump failed"))
      .finally(() => {
        this.retiming = undefined;
        if (this.retimeAgain) {
          this.retimeAgain = false;
          this.scheduleRetime();
        }
      });
  }

  /** Moves every delayed job to the real time at which the clock now reaches its due time. */
  private async retimeDelayed() {
    const { k } = this;
    let cursor = "0";
    do {
      const [next, flat] = await this.connection.hscan(k.due, cursor, "COUNT", PAGE);
      cursor = next;
      const ids = flat.filter((_, i) => i % 2 === 0);
      if (ids.length) {
        await this.scripts.retime([k.due, k.delayed, k.marker], [this.prefix, Date.now(), this.o.clock.now().getTime(), ...ids]);
      }
    } while (cursor !== "0");
  }

  // --- running jobs ---------------------------------------------------------------------------

  async startProcessing() {
    if (this.worker) return;
    // BullMQ requires no per-request retry limit on a worker: its blocking fetch must survive outages.
    this.workerConnection = new Redis(this.o.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker<JobData>(this.queueName, (job) => this.process(job), {
      connection: this.workerConnection,
      concurrency: this.concurrency,
      lockDuration: this.o.lockDurationMs ?? 30_000,
      stalledInterval: this.o.stalledIntervalMs ?? 30_000,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob) => {
          const id = job?.id ?? "";
          const due = this.retryDue.get(id);
          this.retryDue.delete(id);
          // The time the run already told the job; the formula only for failures outside a run.
          if (due !== undefined) return Math.max(0, due - this.o.clock.now().getTime());
          return retryDelayMs(attemptsMade, this.policy, attemptJitter(id, attemptsMade));
        },
      },
    });
    this.worker.on("error", (err) => this.o.log.error({ err }, "job worker error"));
    this.worker.on("completed", (job) => this.afterFiled(job));
    this.worker.on("failed", (job, err) => {
      if (job) this.afterFiled(job, err);
    });
    await this.worker.waitUntilReady();
  }

  private async process(job: Job<JobData>) {
    const id = job.id!;
    const { payload, shop } = job.data;
    const attempt = job.attemptsMade + 1;
    const maxAttempts = job.opts.attempts ?? 1;
    const log = this.o.log.child({ jobId: id, job: job.name, shop: shop ?? undefined });
    const ctx: JobContext = { jobId: id, attempt, maxAttempts, log };
    const { k } = this;
    try {
      const [, cancelled] = await exec(this.connection.multi().srem(k.retrying, id).zscore(k.finished("cancelled"), id));
      if (cancelled !== null) return { cancelled: true };
      if (shop && this.o.isShopActive && !(await this.o.isShopActive(shop))) {
        log.info("job cancelled: shop uninstalled");
        await this.file(id, shop, "cancelled");
        return { cancelled: true };
      }
      await this.o.registry.run(job.name, payload, ctx);
      await this.file(id, shop, "completed");
      return { cancelled: false };
    } catch (error) {
      const message = errorMessage(error);
      const dead = error instanceof PermanentJobError || attempt >= maxAttempts;
      const retryAt = dead ? null : new Date(this.o.clock.now().getTime() + retryDelayMs(attempt, this.policy, attemptJitter(id, attempt)));
      if (dead) log.error({ err: error, attempts: attempt }, "job dead-lettered");
      else log.warn({ err: error, attempts: attempt, retryAt }, "job failed, will retry");
      // Told while this worker still holds the job, so the notice can never land after the next
      // attempt has begun (or overwrite what that attempt recorded).
      await this.o.registry.notifyFailure(job.name, payload, { attempt, error: message, retryAt }, ctx);
      try {
        if (dead) {
          await this.file(id, shop, "dead");
        } else {
          this.retryDue.set(id, retryAt!.getTime());
          const [, , purged] = await exec(
            this.connection.multi().hset(k.due, id, retryAt!.getTime()).sadd(k.retrying, id).sismember(k.purge, id),
          );
          if (purged) this.removeWhenFiled.add(id);
        }
      } catch (indexError) {
        log.error({ err: indexError }, "recording a job failure in the shop index failed");
      }
      // Unrecoverable for every dead decision, so BullMQ follows this one rather than its own count.
      throw dead ? new UnrecoverableError(message) : new Error(message);
    }
  }

  /** Records how a job finished (clock time) in its shop's index and the retention index. */
  private async file(id: string, shop: string | null, outcome: Outcome) {
    const { k } = this;
    const at = this.o.clock.now().getTime();
    const m = this.connection.multi();
    if (shop) m.zrem(k.shop(shop, "pending"), id).zadd(k.shop(shop, outcome), at, id);
    m.zadd(k.finished(outcome), at, id).hdel(k.due, id).sismember(k.purge, id);
    const results = await exec(m);
    if (results[results.length - 1]) this.removeWhenFiled.add(id);
  }

  /** After BullMQ has filed an attempt (completed, failed or delayed for a retry). */
  private afterFiled(job: Job<JobData>, err?: Error) {
    const id = job.id!;
    this.retryDue.delete(id);
    if (!err && !this.removeWhenFiled.has(id)) return;
    const work = (async () => {
      if (err) {
        const log = this.o.log.child({ jobId: id, job: job.name, shop: job.data?.shop ?? undefined });
        if (job.finishedOn) {
          // Failed without a run of ours deciding it (e.g. stalled too often): file it and tell the job.
          const { k } = this;
          const filed = await this.scripts.fileUnseenDead(
            [k.failed, k.finished("dead"), k.owner, k.due, k.retrying],
            [id, this.o.clock.now().getTime(), k.shopPrefix],
          );
          if (filed === 1) {
            log.error({ err, attempts: job.attemptsMade }, "job dead-lettered");
            const failure = { attempt: job.attemptsMade, error: errorMessage(err), retryAt: null };
            const ctx = { jobId: id, attempt: job.attemptsMade, maxAttempts: job.opts.attempts ?? 1, log };
            await this.o.registry.notifyFailure(job.name, job.data?.payload, failure, ctx);
          }
        }
      }
      if (this.removeWhenFiled.delete(id)) await this.removeJobs([id]);
    })().catch((error) => this.o.log.error({ err: error, jobId: id }, "job bookkeeping after an attempt failed"));
    this.background.add(work);
    void work.finally(() => this.background.delete(work));
  }

  /** Lets running jobs finish, then closes the queue and its Redis connections. */
  async close() {
    this.closed = true;
    this.stopListening?.();
    for (const t of this.retimeTimers) clearTimeout(t);
    this.retimeTimers.clear();
    await this.worker?.close();
    await this.retiming;
    await Promise.allSettled([...this.background]);
    await this.queue.close();
    for (const c of [this.workerConnection, this.connection]) await c?.quit().catch(() => c.disconnect());
  }
}

/** Runs a MULTI and returns its replies, throwing the first error. */
async function exec(m: ReturnType<Redis["multi"]>): Promise<unknown[]> {
  const results = await m.exec();
  if (!results) throw new Error("Redis discarded the transaction");
  const failed = results.find(([err]) => err);
  if (failed) throw failed[0];
  return results.map(([, value]) => value);
}
