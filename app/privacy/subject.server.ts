// Resolves a customers/* request to everything that identifies its subject in this shop: the ids and
// contact details the request names, plus the customer row's email and every order Aftercare links to
// them (by customer GID, or by email, in any letter case, for guest checkouts). Read before anything
// is redacted.
import { Prisma } from "@prisma/client";
import type { Db } from "~/platform/db.server";
import { parseShopifyJson } from "~/webhooks/shopify-json";
import { customerRequestPayload, requestedSubject, withLinks, type DataSubject } from "./data-subject";

/** Throws a ZodError when the stored payload is not a customer request. */
export async function resolveSubject(db: Db, shop: string, payload: string): Promise<DataSubject> {
  const request = customerRequestPayload.parse(parseShopifyJson(payload));
  let s = requestedSubject(shop, request);
  const customers = await db.customer.findMany({ where: { shop, customerGid: s.customerGid }, select: { email: true } });
  s = withLinks(s, { emails: customers.map((c) => c.email) });
  const linked = await db.order.findMany({ where: { shop, customerGid: s.customerGid }, select: { orderGid: true } });
  const lowerEmails = [...new Set(s.emails.map((e) => e.toLowerCase()))];
  const byEmail = lowerEmails.length
    ? await db.$queryRaw<{ orderGid: string }[]>(
        Prisma.sql`SELECT "orderGid" FROM "Order" WHERE "shop" = ${shop} AND lower("email") IN (${Prisma.join(lowerEmails)})`,
      )
    : [];
  return withLinks(s, { orderGids: [...linked, ...byEmail].map((o) => o.orderGid) });
}
