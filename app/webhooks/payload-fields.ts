// Field rules shared by every webhook payload schema. The policy: tolerate absence, refuse
// garbage. Real deliveries carry null where the documented samples show values (test
// notifications, POS orders without email, deleted customers), so every field but the resource's
// own id is optional and has a fallback; a field that is present but malformed (a date that is not
// a date, an amount out of range) fails the delivery at once with a reason, since no retry can fix it.
import { z } from "zod";
import { toMinorUnits } from "~/orders/money";
import { PayloadError, SkipDelivery } from "./handler";

/** Longest text kept from a payload field; longer values are cut, not refused. */
const MAX_TEXT = 1_000;
const INT32_MAX = 2_147_483_647;

/** A numeric Shopify id, as a JSON number or (from our exact parser) a string of digits. */
export const numericId = z
  .union([z.string().regex(/^\d{1,20}$/, "must be a numeric id"), z.number().int().nonnegative()])
  .transform((v) => String(v));

export const text = z.string().transform((v) => (v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v));

/** A point in time Shopify could have sent: ISO 8601, years 1900–2999. */
export const isoDate = z
  .string()
  .max(64, "must be an ISO 8601 date")
  .refine((v) => {
    const t = Date.parse(v);
    return !Number.isNaN(t) && t >= Date.UTC(1900, 0, 1) && t < Date.UTC(3000, 0, 1);
  }, "must be an ISO 8601 date between 1900 and 2999")
  .transform((v) => new Date(v));

/** A decimal amount as Shopify sends it ("388.00"); some older payloads use numbers. */
export const amount = z
  .union([z.string(), z.number().finite()])
  .transform((v) => String(v).trim())
  .refine((v) => /^-?\d{1,15}(\.\d{1,6})?$/.test(v), "must be a decimal amount");

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter currency code");

export const count = z.number().int().min(-INT32_MAX).max(INT32_MAX);

/** The amount in minor units; a value the ledger's integer columns cannot hold fails the delivery. */
export function minorUnits(value: string, currency: string, field: string): number {
  let minor: number;
  try {
    minor = toMinorUnits(value, currency);
  } catch (error) {
    throw new PayloadError(`${field}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (Math.abs(minor) > INT32_MAX) throw new PayloadError(`${field}: ${value} ${currency} is out of range`);
  return minor;
}

/** The resource's GID: admin_graphql_api_id when present, else built from the numeric id. */
export function gidOf(type: string, gid: string | null | undefined, id: string | null | undefined): string | null {
  if (gid != null) {
    if (!gid.startsWith(`gid://shopify/${type}/`)) throw new PayloadError(`admin_graphql_api_id must be a ${type} GID`);
    return gid;
  }
  return id != null ? `gid://shopify/${type}/${id}` : null;
}

/** Like gidOf, but a delivery without the id has nothing to act on and is skipped. */
export function requireGid(type: string, gid: string | null | undefined, id: string | null | undefined, topic: string): string {
  const found = gidOf(type, gid, id);
  if (!found) throw new SkipDelivery(`${topic} payload has no ${type} id (admin_graphql_api_id or id)`);
  return found;
}

export const gidField = z.string().max(200);
