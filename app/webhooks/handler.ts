// What a webhook handler receives, the shape of the topic → handler table, and the two ways a
// handler says a delivery cannot be processed: skipped (nothing to do, e.g. no resource id) or a
// payload error (the payload can never succeed; retrying would not help).
import type { Logger } from "pino";
import type { Db } from "~/platform/db.server";
import type { Clock } from "~/platform/clock";
import type { JobQueue } from "~/platform/jobs/types";
import type { EventLog } from "~/events/log.server";

export interface WebhookContext {
  shop: string;
  topic: string;
  webhookId: string;
  /** Parsed JSON; 64-bit integers arrive as strings. Validate before use. */
  payload: unknown;
  /** The body exactly as Shopify sent it (for records that must keep it as received). */
  rawPayload: string;
  /** When the delivery reached us: the last fallback for a time the payload does not carry. */
  receivedAt: Date;
  db: Db;
  jobs: JobQueue;
  /** The after-sales event log: what the webhook means for the order or customer is appended here. */
  events: EventLog;
  clock: Clock;
  log: Logger;
}

/** Must be idempotent: the same delivery may run again after a crash or a replay. */
export type WebhookHandler = (ctx: WebhookContext) => Promise<void>;

export type WebhookHandlers = Record<string, WebhookHandler>;

/** The delivery has nothing to process (e.g. it lacks the id of the resource it is about). */
export class SkipDelivery extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = "SkipDelivery";
  }
}

/** The payload is malformed in a way no retry can fix (a date that is not a date, an amount out of range). */
export class PayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PayloadError";
  }
}
