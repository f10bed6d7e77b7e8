// The job layer's contract: definitions (name + payload schema + run) and the queue both drivers
// implement. Business code only ever sees these types, never a driver.
import type { Logger } from "pino";
import type { z } from "zod";

export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  log: Logger;
}

export interface JobDefinition<P = unknown> {
  name: string;
  schema: z.ZodType<P>;
  /** Runs before the job is dead-lettered; defaults to the queue's setting. */
  maxAttempts?: number;
  run(payload: P, ctx: JobContext): Promise<void>;
}

export interface EnqueueOptions {
  /** Idempotency key: a second enqueue with the same key is a no-op. */
  key: string;
  runAt?: Date;
  /** The shop the job works for; its jobs stop when the shop uninstalls. */
  shop?: string;
  maxAttempts?: number;
}

export interface EnqueueRequest {
  name: string;
  payload: unknown;
  options: EnqueueOptions;
}

export interface QueueStats {
  queued: number;
  delayed: number;
  running: number;
  completed: number;
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

export interface JobQueue {
  readonly driver: "embedded" | "bullmq";
  enqueue(name: string, payload: unknown, options: EnqueueOptions): Promise<{ created: boolean }>;
  enqueueMany(requests: EnqueueRequest[]): Promise<number>;
  /** Stops pending work of an uninstalled shop; returns how many jobs were cancelled. */
  cancelForShop(shop: string): Promise<number>;
  stats(): Promise<QueueStats>;
  /** Dead-lettered jobs, newest first. */
  failures(limit: number): Promise<JobFailure[]>;
  /** Puts a dead-lettered job back in the queue; false if it is not dead. */
  retry(id: string): Promise<boolean>;
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
