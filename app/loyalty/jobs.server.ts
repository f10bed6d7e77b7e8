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
import { adminClientForShop } from "~/platform/shopify-admin.server";
import { AppError } from "~/platform/errors";
import { MIRROR_JOB, publishChanges } from "./changes.server";
import { withMember } from "./ledger.server";
import { LoyaltyMetafieldsSet } from "./loyalty.operations";
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

/** The app-owned metafield namespace (Liquid: customer.metafields['$app:loyalty'].points). */
export const METAFIELD_NAMESPACE = "$app:loyalty";

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
        const member = await deps.db.loyaltyMember.findUnique({ where: { shop_customerGid: { shop, customerGid } } });
        if (!member || customerGid.startsWith("gid://aftercare/")) return;
        const tier = member.tierId
          ? ((await deps.db.loyaltyTier.findFirst({ where: { shop, id: member.tierId }, select: { name: true } }))?.name ?? "")
          : "";
        if (member.mirroredBalance === member.balance && (member.mirroredTier ?? "") === tier) return;
        let client;
        try {
          // One attempt per run: an outage fails the job, which retries later without holding a worker.
          client = await adminClientForShop(deps.db, shop, { ...deps.shopify, maxRetries: 0 });
        } catch (error) {
          // No offline token (the shop is gone or never finished installing): nothing to mirror to.
          if (error instanceof AppError && error.code === "SHOP_UNINSTALLED") return;
          throw error;
        }
        const fields = [
          { ownerId: customerGid, namespace: METAFIELD_NAMESPACE, key: "points", type: "number_integer", value: String(member.balance) },
          {
            ownerId: customerGid,
            namespace: METAFIELD_NAMESPACE,
            key: "pending_points",
            type: "number_integer",
            value: String(member.pending),
          },
          { ownerId: customerGid, namespace: METAFIELD_NAMESPACE, key: "tier", type: "single_line_text_field", value: tier || "-" },
        ];
        const { metafieldsSet: res } = await client.request(LoyaltyMetafieldsSet, { metafields: fields });
        if (res.userErrors.length)
          throw new AppError("SHOPIFY_GRAPHQL_ERROR", `metafieldsSet: ${res.userErrors.map((e) => e.message).join("; ")}`);
        // Only if nothing moved meanwhile; a newer version has its own mirror job.
        await deps.db.loyaltyMember.updateMany({
          where: { shop, customerGid, version: member.version },
          data: { mirroredBalance: member.balance, mirroredTier: tier },
        });
      },
    }),
  ];
}
