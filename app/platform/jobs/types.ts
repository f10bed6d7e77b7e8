// The job layer's contract: definitions (name + payload schema + run) and the queue both drivers
// implement. Business code only ever sees these types, never a driver.
// Times a merchant can see or a job is scheduled by (runAt, retry times, retention) are the
// injectable clock's; only liveness (leases, locks) uses the machine's own time.
import type { Logger } from "pino";
import type { z } from "zod";

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** After this many failed attempts the job is dead. */
  maxAttempts: number;
  log: Logger;
}

/** What the driver decided after an attempt failed. */
export interface JobAttemptFailure {
  attempt: number;
  /** The error's message, shortened to at most 1 KB. */
  error: string;
  /** When the next attempt runs (clock time); null when the job is dead (gave up or permanent). */
  retryAt: Date | null;
}

export interface JobDefinition<P = unknown> {
  name: string;
  schema: z.ZodType<P>;
  /** Runs before the job is dead-lettered; defaults to the queue's setting. */
  maxAttempts?: number;
  run(payload: P, ctx: JobContext): Promise<void>;
  /**
   * Told after each failed attempt, once the driver has decided what happens next, so the job can
   * record it where a merchant sees it (e.g. a delivery "retrying at 10:42" or "dead"). Errors it
   * throws are logged and do not change the decision.
   */
  onFailure?(payload: P, failure: JobAttemptFailure, ctx: JobContext): Promise<void>;
}

export interface EnqueueOptions {
  /** Idempotency key: a second enqueue with the same key is a no-op (while the job is retained). */
  key: string;
  /** Clock time; defaults to now. */
  runAt?: Date;
  /** The shop the job works for; its jobs stop when the shop uninstalls and count in its stats. */
  shop?: string;
  maxAttempts?: number;
}

export interface EnqueueRequest {
  name: string;
  payload: unknown;
  options: EnqueueOptions;
}

export interface QueueStats {
  /** Due now, never failed. */
  queued: number;
  /** Waiting for a runAt in the future, never failed. */
  delayed: number;
  /** Failed at least once, waiting for the next attempt. */
  retrying: number;
  running: number;
  completed: number;
  /** Gave up; waiting for someone to retry it. */
  dead: number;
}

export interface JobFailure {
  id: string;
  name: string;
  shop: string | null;
  attempts: number;
  error: string | null;
  failedAt: Date | null;
}

/** retried: back in the queue; not_dead: it is not dead (already retried, running or done); not_found: no such job of this shop. */
export type RetryResult = "retried" | "not_dead" | "not_found";

export interface JobQueue {
  readonly driver: "embedded" | "bullmq";
  enqueue(name: string, payload: unknown, options: EnqueueOptions): Promise<{ created: boolean }>;
  enqueueMany(requests: EnqueueRequest[]): Promise<number>;
  /** Stops pending work of an uninstalled shop; returns how many jobs were cancelled. */
  cancelForShop(shop: string): Promise<number>;
  /** Deletes every job of the shop in every state (shop/redact); returns how many. */
  purgeShop(shop: string): Promise<number>;
  /** This shop's jobs by state, counted in the query (never fetched across shops and filtered). */
  stats(shop: string): Promise<QueueStats>;
  /** Every shop's jobs, and jobs of no shop: for operators (health, benchmarks), never for a merchant. */
  totals(): Promise<QueueStats>;
  /** This shop's dead jobs, newest first. */
  failures(shop: string, limit: number): Promise<JobFailure[]>;
  /** Puts this shop's dead job back in the queue with its full attempts; ownership and state are checked where the state changes. */
  retry(shop: string, id: string): Promise<RetryResult>;
  /** Deletes finished jobs past retention (clock time, see platform/retention.ts); returns how many. */
  prune(): Promise<{ completed: number; dead: number }>;
  /** Starts executing jobs in this process. */
  startProcessing(): Promise<void>;
  close(): Promise<void>;
  ping(): Promise<void>;
}

/** An error that retrying cannot fix (bad payload, unknown job): the job goes straight to dead. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}
