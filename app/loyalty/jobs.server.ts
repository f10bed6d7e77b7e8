// The loyalty program's background jobs: releasing an order's pending points when its return
// window ends, settling a redemption whose outcome a crash or an outage left open, and mirroring a
// member's balance and tier to app-owned customer metafields for Liquid.
import { z } from "zod";
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { defineJob } from "~/platform/jobs/registry.server";
import type { JobQueue } from "~/platform/jobs/types";
import type { ShopifyConfig } from "~/messaging/shopify.server";
import { AppError } from "~/platform/errors";
import { MIRROR_JOB, publishChanges } from "./changes.server";
import { withMember } from "./ledger.server";
import { mirrorMembers } from "./mirror.server";
import { RELEASE_JOB, releaseInTx } from "./orders.server";
import { issueOrSettle, SETTLE_JOB } from "./redeem.server";
import { loyaltyProgram } from "./program.server";
import { evaluateTier } from "./tier.server";

export interface LoyaltyJobDeps {
  db: Db;
  clock: Clock;
  jobs: () => JobQueue;
  events: EventLog;
  shopify: ShopifyConfig;
}

export function loyaltyJobs(deps: LoyaltyJobDeps) {
  const ctx = () => ({ events: deps.events, jobs: deps.jobs() });
  return [
    defineJob({
      name: RELEASE_JOB,
      schema: z.object({ shop: z.string(), customerGid: z.string(), orderGid: z.string() }),
      async run({ shop, customerGid, orderGid }) {
        const now = deps.clock.now();
        const program = await loyaltyProgram(deps.db, shop);
        const r = await withMember(deps.db, shop, customerGid, now, async (tx, member) => {
          const entries = await releaseInTx(tx, member, orderGid, now);
          return { entries, member, tier: entries.length ? (await evaluateTier(tx, program, member, now)).change : null };
        });
        await publishChanges(ctx(), shop, r);
      },
    }),
    defineJob({
      name: SETTLE_JOB,
      schema: z.object({ shop: z.string(), redemptionId: z.string() }),
      async run({ shop, redemptionId }) {
        const r = await deps.db.loyaltyRedemption.findFirst({ where: { shop, id: redemptionId } });
        if (!r || r.status !== "reserved") return;
        const shopRow = await deps.db.shop.findUnique({ where: { shop }, select: { currency: true } });
        const settled = await issueOrSettle({ ...deps, jobs: deps.jobs() }, r, shopRow?.currency ?? "USD", true);
        // Still open (Shopify unreachable): fail the job so it retries with backoff.
        if (settled.status === "reserved")
          throw new AppError("SHOPIFY_UNAVAILABLE", `redemption ${r.id} not settled yet: ${settled.error ?? ""}`);
      },
    }),
    defineJob({
      name: MIRROR_JOB,
      schema: z.object({ shop: z.string(), customerGid: z.string() }),
      async run({ shop, customerGid }) {
        await mirrorMembers(deps, shop, customerGid);
      },
    }),
  ];
}
