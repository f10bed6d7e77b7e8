// The job that hands one after-sales event to one subscriber. Its key is (event, subscriber), so
// however often the webhook behind the event came, the subscriber runs for it once (and again only
// as a retry of a failed attempt, which the subscriber's own idempotency keys make harmless).
import { z } from "zod";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { defineJob } from "~/platform/jobs/registry.server";
import type { JobQueue } from "~/platform/jobs/types";
import { DELIVER_EVENT_JOB, type EventLog } from "./log.server";

export interface DeliverEventDeps {
  db: Db;
  clock: Clock;
  jobs: () => JobQueue;
  events: EventLog;
  shopify: { apiVersion: string; originTemplate: string };
}

export function deliverEventJob(deps: DeliverEventDeps) {
  return defineJob({
    name: DELIVER_EVENT_JOB,
    schema: z.object({ eventId: z.string(), subscriber: z.string() }),
    async run({ eventId, subscriber: name }, ctx) {
      const event = await deps.events.byId(eventId);
      // Removed meanwhile (shop/redact): nothing left to react to.
      if (!event) return;
      const subscriber = deps.events.subscriber(event.type, name);
      if (!subscriber) {
        ctx.log.warn({ eventId, subscriber: name, type: event.type }, "no such subscriber for this event type any more; skipped");
        return;
      }
      await subscriber.handle(event, {
        db: deps.db,
        jobs: deps.jobs(),
        events: deps.events,
        clock: deps.clock,
        shopify: deps.shopify,
        log: ctx.log.child({ shop: event.shop, eventId, subscriber: name }),
      });
    },
  });
}
