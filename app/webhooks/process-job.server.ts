// The job that processes one stored webhook: finds the topic's handler, runs it, and records the
// outcome on the inbox row for the admin to see — processed, skipped (with why), retrying (with the
// next attempt's time and the last error) or dead (gave up; the merchant can replay it).
// Only outages are retried: a payload that can never succeed (not JSON, a date that is not a date,
// an amount out of range) is dead after one attempt, with a reason short enough to show.
import { z, ZodError } from "zod";
import { Prisma } from "@prisma/client";
import type { Db } from "~/platform/db.server";
import type { Clock } from "~/platform/clock";
import { errorMessage, excerpt } from "~/platform/errors";
import { defineJob } from "~/platform/jobs/registry.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { PermanentJobError, type JobQueue } from "~/platform/jobs/types";
import type { EventLog } from "~/events/log.server";
import { PayloadError, SkipDelivery, type WebhookHandlers } from "./handler";
import { parseShopifyJson } from "./shopify-json";
import { deliverySubject, type DeliverySubject } from "./subject";
import { topicsAfterUninstall } from "./topics";

export const PROCESS_WEBHOOK_JOB = "webhook.process";

interface DeliveryRow {
  shop: string;
  topic: string;
  status: string;
  payload: string;
  receivedAt: unknown;
}

const NOBODY: DeliverySubject = { orderGid: null, customerGid: null };

export interface ProcessWebhookDeps {
  db: Db;
  clock: Clock;
  jobs: () => JobQueue;
  events: EventLog;
  handlers: WebhookHandlers;
  isShopActive: (shop: string) => Promise<boolean>;
}

/** Prisma's codes for values the database refuses whatever the moment (too long, out of range). */
const INVALID_VALUE_CODES = new Set(["P2000", "P2007", "P2020", "P2033"]);

/** Why a payload can never be processed, or null when the failure may pass (an outage). */
export function permanentReason(topic: string, error: unknown): string | null {
  if (error instanceof ZodError) {
    const issues = error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(body)"} ${i.message}`);
    const more = error.issues.length > 5 ? `; and ${error.issues.length - 5} more` : "";
    return `Unexpected ${topic} payload: ${issues.join("; ")}${more}`;
  }
  if (error instanceof PayloadError) return `Unexpected ${topic} payload: ${error.message}`;
  // Stack overflows and invalid dates come from the input and fail the same way every time.
  if (error instanceof RangeError) return `Unreadable ${topic} payload: ${error.message}`;
  if (error instanceof Prisma.PrismaClientKnownRequestError && INVALID_VALUE_CODES.has(error.code)) {
    return `A value in the ${topic} payload does not fit: ${error.message}`;
  }
  return null;
}

function readPayload(topic: string, raw: string): unknown {
  try {
    return parseShopifyJson(raw);
  } catch (error) {
    const why = error instanceof RangeError ? "it is nested too deeply" : errorMessage(error, 200);
    throw new PermanentJobError(excerpt(`The ${topic} payload is not readable JSON: ${why}`, 1_000));
  }
}

export function processWebhookJob(deps: ProcessWebhookDeps) {
  return defineJob({
    name: PROCESS_WEBHOOK_JOB,
    schema: z.object({ webhookId: z.string() }),
    maxAttempts: 8,
    async run({ webhookId }, ctx) {
      const sql = sqlOf(deps.db);
      const [row] = await sql.all<DeliveryRow>(
        `SELECT "shop", "topic", "status", "payload", "receivedAt" FROM "WebhookDelivery" WHERE "webhookId" = ?`,
        [webhookId],
      );
      if (!row || row.status === "processed" || row.status === "skipped") return;
      const delivery = { ...row, webhookId, receivedAt: asDate(row.receivedAt)! };
      const log = ctx.log.child({ shop: delivery.shop, topic: delivery.topic, webhookId });
      // A privacy request may have removed the row meanwhile, and that is not a failure.
      const finish = (status: "processed" | "skipped", lastError: string | null, subject: DeliverySubject = NOBODY) =>
        sql.run(
          `UPDATE "WebhookDelivery" SET "status" = ?, "lastError" = ?, "nextAttemptAt" = NULL, "attempts" = ?, "processedAt" = ?,
             "orderGid" = COALESCE(?, "orderGid"), "customerGid" = COALESCE(?, "customerGid") WHERE "webhookId" = ?`,
          [status, lastError, ctx.attempt, deps.clock.now(), subject.orderGid, subject.customerGid, webhookId],
        );

      // Own entries only: a topic like "constructor" must not find Object.prototype's.
      const handler = Object.hasOwn(deps.handlers, delivery.topic) ? deps.handlers[delivery.topic] : undefined;
      if (!handler) {
        log.warn("no handler for topic; skipped");
        await finish("skipped", excerpt(`No handler for topic ${delivery.topic}`, 300));
        return;
      }
      if (!topicsAfterUninstall.has(delivery.topic) && !(await deps.isShopActive(delivery.shop))) {
        await finish("skipped", "Shop has uninstalled the app");
        return;
      }
      const payload = readPayload(delivery.topic, delivery.payload);
      const subject = deliverySubject(delivery.topic, payload);
      try {
        await handler({
          shop: delivery.shop,
          topic: delivery.topic,
          webhookId: delivery.webhookId,
          payload,
          rawPayload: delivery.payload,
          receivedAt: delivery.receivedAt,
          db: deps.db,
          jobs: deps.jobs(),
          events: deps.events,
          clock: deps.clock,
          log,
        });
      } catch (error) {
        if (error instanceof SkipDelivery) {
          log.info({ reason: error.message }, "webhook skipped");
          await finish("skipped", excerpt(error.message, 1_000), subject);
          return;
        }
        const permanent = permanentReason(delivery.topic, error);
        if (permanent) throw new PermanentJobError(excerpt(permanent, 1_000));
        throw error;
      }
      await finish("processed", null, subject);
      log.debug("webhook processed");
    },
    async onFailure({ webhookId }, failure) {
      const sql = sqlOf(deps.db);
      const [delivery] = await sql.all<{ topic: string; payload: string }>(
        `SELECT "topic", "payload" FROM "WebhookDelivery" WHERE "webhookId" = ?`,
        [webhookId],
      );
      if (!delivery) return;
      let subject = NOBODY;
      try {
        subject = deliverySubject(delivery.topic, parseShopifyJson(delivery.payload));
      } catch {
        // Unreadable payloads are about nobody we can name.
      }
      await sql.run(
        `UPDATE "WebhookDelivery" SET "status" = ?, "lastError" = ?, "nextAttemptAt" = ?, "attempts" = ?, "processedAt" = ?,
           "orderGid" = COALESCE(?, "orderGid"), "customerGid" = COALESCE(?, "customerGid") WHERE "webhookId" = ?`,
        [
          failure.retryAt ? "retrying" : "dead",
          failure.error,
          failure.retryAt,
          failure.attempt,
          deps.clock.now(),
          subject.orderGid,
          subject.customerGid,
          webhookId,
        ],
      );
    },
  });
}
