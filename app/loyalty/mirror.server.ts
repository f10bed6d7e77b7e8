// Mirroring members' balance and tier to app-owned customer metafields ($app:loyalty), so Liquid can
// show them without a request. A change enqueues a keyed job per member version; the job writes up to
// eight members whose mirror is behind in one metafieldsSet call (Shopify takes 25 metafields per
// call, three per member), so a burst of changes — a past-orders award over thousands of customers —
// costs an eighth of the calls and leaves the shop's API budget to shoppers' redemptions; the jobs of
// members already written find nothing to do. One attempt per run: an outage fails the job, which
// retries later without holding a worker.
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { adminClientIfInstalled } from "~/platform/shopify-admin.server";
import { sqlOf } from "~/platform/sql.server";
import type { ShopifyConfig } from "~/messaging/shopify.server";
import { LoyaltyMetafieldsSet } from "./loyalty.operations";

/** The app-owned metafield namespace (Liquid: customer.metafields['$app:loyalty'].points). */
export const METAFIELD_NAMESPACE = "$app:loyalty";
/** Members per metafieldsSet call: 3 metafields each, Shopify's limit being 25. */
const PER_CALL = 8;

interface Behind {
  customerGid: string;
  balance: number;
  pending: number;
  version: number;
  tier: string | null;
}

/** Writes the member's mirror, with up to seven other members of the shop whose mirror is behind. */
export async function mirrorMembers(deps: { db: Db; shopify: ShopifyConfig }, shop: string, customerGid: string): Promise<number> {
  if (customerGid.startsWith("gid://aftercare/")) return 0;
  // The member first (its pending points may have moved alone), then others whose balance or tier did.
  const behind = await sqlOf(deps.db).all<Behind>(
    `SELECT m."customerGid", m."balance", m."pending", m."version", t."name" AS "tier"
       FROM "LoyaltyMember" m LEFT JOIN "LoyaltyTier" t ON t."id" = m."tierId"
      WHERE m."shop" = ? AND m."customerGid" NOT LIKE 'gid://aftercare/%'
        AND (m."customerGid" = ? OR m."mirroredBalance" IS NULL OR m."mirroredBalance" <> m."balance"
             OR COALESCE(m."mirroredTier", '') <> COALESCE(t."name", ''))
      ORDER BY CASE WHEN m."customerGid" = ? THEN 0 ELSE 1 END, m."updatedAt"
      LIMIT ?`,
    [shop, customerGid, customerGid, PER_CALL],
  );
  if (!behind.length) return 0;
  const client = await adminClientIfInstalled(deps.db, shop, { ...deps.shopify, maxRetries: 0 });
  // No offline token (the shop is gone or never finished installing): nothing to mirror to.
  if (!client) return 0;
  const field = (ownerId: string, key: string, type: string, value: string) => ({
    ownerId,
    namespace: METAFIELD_NAMESPACE,
    key,
    type,
    value,
  });
  const metafields = behind.flatMap((m) => [
    field(m.customerGid, "points", "number_integer", String(Number(m.balance))),
    field(m.customerGid, "pending_points", "number_integer", String(Number(m.pending))),
    field(m.customerGid, "tier", "single_line_text_field", m.tier || "-"),
  ]);
  const { metafieldsSet: res } = await client.request(LoyaltyMetafieldsSet, { metafields });
  if (res.userErrors.length)
    throw new AppError("SHOPIFY_GRAPHQL_ERROR", `metafieldsSet: ${res.userErrors.map((e) => e.message).join("; ")}`);
  for (const m of behind) {
    // Only if nothing moved meanwhile; a newer version has its own mirror job.
    await deps.db.loyaltyMember.updateMany({
      where: { shop, customerGid: m.customerGid, version: Number(m.version) },
      data: { mirroredBalance: Number(m.balance), mirroredTier: m.tier ?? "" },
    });
  }
  return behind.length;
}
