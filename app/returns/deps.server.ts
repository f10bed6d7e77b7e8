// What the returns services need from the process: the database, the event log, the job queue, the
// clock, the app's secret (portal tokens) and a factory for a shop's Admin API client. Built from
// the runtime by returnDeps; tests build it from theirs the same way.
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { adminClientForShop, type AdminClient } from "~/platform/shopify-admin.server";
import type { Runtime } from "~/runtime.server";

export interface ReturnDeps {
  db: Db;
  events: EventLog;
  jobs: JobQueue;
  clock: Clock;
  /** Signs the shopper's portal tokens. */
  secret: string;
  /** The shop's Admin API client (offline token). */
  admin: (shop: string) => Promise<AdminClient>;
}

export function returnDeps(rt: Pick<Runtime, "db" | "events" | "jobs" | "clock" | "env">): ReturnDeps {
  const config = { apiVersion: SHOPIFY_API_VERSION, originTemplate: rt.env.SHOPIFY_ADMIN_API_ORIGIN };
  return {
    db: rt.db,
    events: rt.events,
    jobs: rt.jobs,
    clock: rt.clock,
    secret: rt.env.SHOPIFY_API_SECRET,
    admin: (shop) => adminClientForShop(rt.db, shop, config),
  };
}
