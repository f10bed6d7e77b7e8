// Shopify-style identifiers, money and time helpers shared by the Admin double's store, resolvers and payloads.
// Ids are decimal strings (exact 64-bit values); money is a decimal string handled in integer minor units.

export type GidType =
  | "Shop"
  | "Domain"
  | "Product"
  | "ProductVariant"
  | "ProductImage"
  | "Collection"
  | "Customer"
  | "MailingAddress"
  | "Order"
  | "LineItem"
  | "ShippingLine"
  | "Fulfillment"
  | "FulfillmentLineItem"
  | "FulfillmentEvent"
  | "Refund"
  | "RefundLineItem"
  | "OrderTransaction"
  | "Location"
  | "Return"
  | "ReturnLineItem"
  | "DiscountCodeNode"
  | "DiscountRedeemCode"
  | "Metafield"
  | "Metaobject"
  | "MetaobjectDefinition"
  | "StoreCreditAccount"
  | "StoreCreditAccountCreditTransaction"
  | "StaffMember"
  | "BulkOperation"
  | "StorefrontAccessToken";

export function gid(type: GidType, numericId: string): string {
  return `gid://shopify/${type}/${numericId}`;
}

const gidPattern = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/;

export function parseGid(id: string): { type: string; numericId: string } | null {
  const match = gidPattern.exec(id);
  return match ? { type: match[1], numericId: match[2] } : null;
}

export function numericIdOf(id: string): string {
  const parsed = parseGid(id);
  if (!parsed) throw new Error(`Not a Shopify GID: ${id}`);
  return parsed.numericId;
}

/** Parses "129.9" / "129.90" / 129.9 into integer minor units (grosze, cents). */
export function toMinor(amount: string | number): number {
  const text = typeof amount === "number" ? amount.toFixed(2) : amount.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text);
  if (!match) throw new Error(`Not a money amount: ${amount}`);
  const minor = Number(match[2]) * 100 + Number((match[3] ?? "0").padEnd(2, "0"));
  return match[1] ? -minor : minor;
}

export function fromMinor(minor: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(Math.round(minor));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** ISO instant in UTC without milliseconds, as the GraphQL Admin API prints DateTime values. */
export function isoUtc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** "2026-03-01T11:00:00+01:00": the shop-local form REST webhook payloads use. */
export function shopLocalTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "longOffset",
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const zone = get("timeZoneName").replace("GMT", "");
  const offset = zone === "" ? "+00:00" : zone;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}${offset}`;
}
