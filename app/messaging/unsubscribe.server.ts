// Unsubscribing from marketing email: from the email's link (a page with a button), RFC 8058's
// one-click POST, or the merchant. Recorded once per (shop, address, category), idempotent; pending
// marketing to that customer is cancelled at once; transactional mail is untouched. Shopify is told
// too (customerEmailMarketingConsentUpdate, as a keyed job) so the shop and the app agree.
import { z } from "zod";
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { defineJob } from "~/platform/jobs/registry.server";
import type { JobQueue } from "~/platform/jobs/types";
import { CustomerEmailMarketingConsentUpdate } from "./messaging.operations";
import { cancelMarketingOf } from "./planner.server";
import { admin, type ShopifyConfig } from "./shopify.server";

export const CONSENT_WRITEBACK_JOB = "messaging.consent-writeback";

export type UnsubscribeSource = "link" | "one_click" | "merchant";

export interface UnsubscribeResult {
  /** False when the address had already unsubscribed (nothing changed). */
  changed: boolean;
  cancelled: number;
}

export async function unsubscribe(
  deps: { db: Db; events: EventLog; jobs: JobQueue; clock: Clock },
  shop: string,
  who: { email: string; customerGid: string | null },
  source: UnsubscribeSource,
): Promise<UnsubscribeResult> {
  const { db, events, jobs, clock } = deps;
  const now = clock.now();
  const email = who.email.trim().toLowerCase();
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { state: true } });
  if (!shopRow) throw new AppError("NOT_FOUND", "This shop does not use Aftercare");
  let changed = true;
  try {
    await db.messageSuppression.create({
      data: { shop, email, customerGid: who.customerGid, category: "marketing", source, createdAt: now },
    });
  } catch (error) {
    if ((error as { code?: string }).code !== "P2002") throw error;
    changed = false;
  }
  const cancelled = await cancelMarketingOf(db, events, shop, { customerGid: who.customerGid, email }, now);
  if (who.customerGid && shopRow.state !== "uninstalled") {
    await jobs.enqueue(
      CONSENT_WRITEBACK_JOB,
      { shop, customerGid: who.customerGid, at: now.toISOString() },
      { key: `consent-writeback:${shop}:${who.customerGid}:${email}`, shop },
    );
  }
  return { changed, cancelled: cancelled.length };
}

export async function isSuppressed(db: Db, shop: string, email: string, category: string): Promise<boolean> {
  const row = await db.messageSuppression.findUnique({
    where: { shop_email_category: { shop, email: email.trim().toLowerCase(), category } },
  });
  return row !== null;
}

/** Tells Shopify the customer unsubscribed from email marketing. */
export function consentWritebackJob(deps: { db: Db; shopify: ShopifyConfig }) {
  return defineJob({
    name: CONSENT_WRITEBACK_JOB,
    schema: z.object({ shop: z.string(), customerGid: z.string(), at: z.string() }),
    async run({ shop, customerGid }) {
      const client = await admin(deps.db, shop, deps.shopify);
      const { customerEmailMarketingConsentUpdate: r } = await client.request(CustomerEmailMarketingConsentUpdate, {
        // Shopify stamps the change with its own time: no clock of ours can make it look older than the last one.
        input: { customerId: customerGid, emailMarketingConsent: { marketingState: "UNSUBSCRIBED" } },
      });
      // A customer deleted in Shopify meanwhile has no consent left to record.
      const errors = r.userErrors.filter((e) => !/not found|does not exist/i.test(e.message));
      if (errors.length)
        throw new AppError("SHOPIFY_GRAPHQL_ERROR", `customerEmailMarketingConsentUpdate: ${errors.map((e) => e.message).join("; ")}`);
    },
  });
}
