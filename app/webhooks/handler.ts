// What a webhook handler receives and the shape of the topic → handler table.
import type { Logger } from "pino";
import type { Db } from "~/platform/db.server";
import type { Clock } from "~/platform/clock";
import type { JobQueue } from "~/platform/jobs/types";

export interface WebhookContext {
  shop: string;
  topic: string;
  webhookId: string;
  /** Parsed JSON; 64-bit integers arrive as strings. Validate before use. */
  payload: unknown;
  db: Db;
  jobs: JobQueue;
  clock: Clock;
  log: Logger;
}

/** Must be idempotent: the same delivery may run again after a crash or a replay. */
export type WebhookHandler = (ctx: WebhookContext) => Promise<void>;

export type WebhookHandlers = Record<string, WebhookHandler>;
