// What a subscriber to after-sales events is: a named handler for one or more event types. The
// table of who subscribes to what is subscribers.server.ts; each (event, subscriber) pair runs as a
// job of its own (events/deliver-job.server.ts), so a subscriber's effect happens once.
import type { Logger } from "pino";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import type { EventLog } from "./log.server";
import type { EventType, StoredEvent } from "./types";

export interface SubscriberContext {
  db: Db;
  jobs: JobQueue;
  events: EventLog;
  clock: Clock;
  log: Logger;
  /** How to reach the shop's Admin API (for subscribers whose effect lives in Shopify). */
  shopify: { apiVersion: string; originTemplate: string };
}

export interface Subscriber {
  /** Unique and stable: it is part of each job's idempotency key. */
  name: string;
  /** Also react to history events (from the backfill). Almost never: last year's orders start no flow. */
  history?: boolean;
  /** Must be idempotent: a retried job runs it again. Returns at once when there is nothing to do. */
  handle(event: StoredEvent, ctx: SubscriberContext): Promise<void>;
}

export type SubscriberTable = Partial<Record<EventType, Subscriber[]>>;
