// The job that processes one stored webhook: finds the topic's handler, runs it, and records the
// outcome on the inbox row (processed / skipped / failed with the error) for the admin to see.
import { z, ZodError } from "zod";
import type { Db } from "~/platform/db.server";
import type { Clock } from "~/platform/clock";
import { defineJob } from "~/platform/jobs/registry.server";
import { PermanentJobError, type JobQueue } from "~/platform/jobs/types";
import { parseShopifyJson } from "./shopify-json";
import { topicsAfterUninstall } from "./topics";
import type { WebhookHandlers } from "./handler";

export const PROCESS_WEBHOOK_JOB = "webhook.process";

export interface ProcessWebhookDeps {
  db: Db;
  clock: Clock;
  jobs: () => JobQueue;
  handlers: WebhookHandlers;
  isShopActive: (shop: string) => Promise<boolean>;
}

export function processWebhookJob(deps: ProcessWebhookDeps) {
  return defineJob({
    name: PROCESS_WEBHOOK_JOB,
    schema: z.object({ webhookId: z.string() }),
    maxAttempts: 8,
    async run({ webhookId }, ctx) {
      const delivery = await deps.db.webhookDelivery.findUnique({ where: { webhookId } });
      if (!delivery || delivery.status === "processed" || delivery.status === "skipped") return;
      const log = ctx.log.child({ shop: delivery.shop, topic: delivery.topic, webhookId: delivery.webhookId });
      const finish = (status: string, lastError: string | null = null) =>
        deps.db.webhookDelivery.update({
          where: { webhookId },
          data: { status, lastError, attempts: ctx.attempt, processedAt: deps.clock.now() },
        });

      const handler = deps.handlers[delivery.topic];
      if (!handler) {
        log.warn("no handler for topic; skipped");
        await finish("skipped", `No handler for ${delivery.topic}`);
        return;
      }
      if (!topicsAfterUninstall.has(delivery.topic) && !(await deps.isShopActive(delivery.shop))) {
        await finish("skipped", "Shop has uninstalled the app");
        return;
      }
      try {
        await handler({
          shop: delivery.shop,
          topic: delivery.topic,
          webhookId: delivery.webhookId,
          payload: parseShopifyJson(delivery.payload),
          db: deps.db,
          jobs: deps.jobs(),
          clock: deps.clock,
          log,
        });
      } catch (error) {
        if (error instanceof ZodError) {
          // A payload that does not have the shape we need will not get it by retrying.
          const message = `Unexpected ${delivery.topic} payload: ${error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`;
          await finish("failed", message);
          throw new PermanentJobError(message);
        }
        await finish("failed", error instanceof Error ? error.message : String(error));
        throw error;
      }
      await finish("processed");
      log.debug("webhook processed");
    },
  });
}
