// Who a customers/* privacy request is about (the data subject), read from Shopify's compliance
// payload, and the pure rules applied to stored text on their behalf: does a raw webhook payload
// mention them, what of a timeline entry's detail may stay, and what of a request's own payload is
// kept as the record that it was fulfilled. No database, no clock.
import { z } from "zod";

/** A numeric Shopify id as a JSON number or (long ids, from our exact parser) a digit string. */
const shopifyId = z
  .union([z.string().regex(/^\d{1,20}$/, "must be a numeric id"), z.number().int().nonnegative()])
  .transform((v) => String(v));

/** customers/data_request and customers/redact (the parts Aftercare acts on). */
export const customerRequestPayload = z.object({
  shop_id: shopifyId.nullish(),
  shop_domain: z.string().max(255).nullish(),
  customer: z.object({
    id: shopifyId,
    email: z.string().max(320).nullish(),
    phone: z.string().max(64).nullish(),
  }),
  orders_requested: z.array(shopifyId).nullish(),
  orders_to_redact: z.array(shopifyId).nullish(),
  data_request: z.object({ id: shopifyId }).nullish(),
});
export type CustomerRequestPayload = z.infer<typeof customerRequestPayload>;

export const customerGidOf = (id: string) => `gid://shopify/Customer/${id}`;
export const orderGidOf = (id: string) => `gid://shopify/Order/${id}`;
/** The numeric id at the end of a GID. */
export const idOfGid = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

export interface DataSubject {
  shop: string;
  customerId: string;
  customerGid: string;
  /** Each as stored and lower-cased (the match is case-blind). From the request and the customer row we hold. */
  emails: string[];
  phones: string[];
  /** From the request (orders_requested / orders_to_redact) and the orders Aftercare links to them. */
  orderGids: string[];
}

/** The subject as the request names them, before the stored links (customer row, orders) are added. */
export function requestedSubject(shop: string, p: CustomerRequestPayload): DataSubject {
  const orders = [...(p.orders_requested ?? []), ...(p.orders_to_redact ?? [])];
  return withLinks(
    { shop, customerId: p.customer.id, customerGid: customerGidOf(p.customer.id), emails: [], phones: [], orderGids: [] },
    {
      emails: p.customer.email ? [p.customer.email] : [],
      phones: p.customer.phone ? [p.customer.phone] : [],
      orderGids: orders.map(orderGidOf),
    },
  );
}

export function withLinks(
  s: DataSubject,
  more: { emails?: (string | null)[]; phones?: (string | null)[]; orderGids?: string[] },
): DataSubject {
  const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v && v.trim() !== ""))];
  return {
    ...s,
    emails: distinct([...s.emails, ...(more.emails ?? []).flatMap((e) => (e ? [e.trim(), e.trim().toLowerCase()] : []))]),
    phones: distinct([...s.phones, ...(more.phones ?? [])]),
    orderGids: distinct([...s.orderGids, ...(more.orderGids ?? [])]),
  };
}

/** True when `text` names `gid` as a whole id (gid://shopify/Customer/12 does not name …/123). */
export function namesGid(text: string, gid: string): boolean {
  let from = 0;
  for (;;) {
    const at = text.indexOf(gid, from);
    if (at < 0) return false;
    const next = text.charCodeAt(at + gid.length);
    if (!(next >= 48 && next <= 57)) return true;
    from = at + 1;
  }
}

const digits = (v: string) => v.replace(/\D/g, "");
const PHONE_LIKE = /^[\d\s()+./-]{7,32}$/;

/** Keys whose value is a customer id, or an order id, wherever they appear in a payload. */
const CUSTOMER_ID_KEYS = new Set(["customer_id"]);
const ORDER_ID_KEYS = new Set(["order_id", "orders_requested", "orders_to_redact"]);

/**
 * Whether a parsed webhook payload is about the subject: it holds their email, phone, customer or
 * order GID, or their customer or order id in a field that carries one. Walks the payload without
 * recursion, so a payload nested thousands of levels deep is read like any other.
 */
export function mentionsSubject(topic: string, payload: unknown, s: DataSubject): boolean {
  const emails = new Set(s.emails.map((e) => e.toLowerCase()));
  const gids = new Set([s.customerGid, ...s.orderGids]);
  const orderIds = new Set(s.orderGids.map(idOfGid));
  const phoneDigits = new Set(s.phones.map(digits).filter((d) => d.length >= 7));
  const resource = topic.split("/")[0];

  const isId = (id: string, key: string | null, parent: string | null, depth: number) => {
    if (id === s.customerId) {
      if (key && CUSTOMER_ID_KEYS.has(key)) return true;
      if (key === "id" && parent === "customer") return true;
      if (key === "id" && depth === 1 && resource === "customers") return true;
    }
    if (orderIds.has(id)) {
      if (key && ORDER_ID_KEYS.has(key)) return true;
      if (key === "id" && parent === "order") return true;
      if (key === "id" && depth === 1 && resource === "orders") return true;
    }
    return false;
  };

  const stack: { value: unknown; key: string | null; parent: string | null; depth: number }[] = [
    { value: payload, key: null, parent: null, depth: 0 },
  ];
  while (stack.length) {
    const { value, key, parent, depth } = stack.pop()!;
    if (typeof value === "string") {
      if (emails.has(value.trim().toLowerCase()) || gids.has(value)) return true;
      if (/^\d{1,20}$/.test(value) && isId(value, key, parent, depth)) return true;
      if (phoneDigits.size && PHONE_LIKE.test(value) && phoneDigits.has(digits(value))) return true;
    } else if (typeof value === "number") {
      if (Number.isSafeInteger(value) && isId(String(value), key, parent, depth)) return true;
    } else if (Array.isArray(value)) {
      // Elements inherit the array's key: orders_to_redact: [1, 2] are order ids.
      for (const v of value) stack.push({ value: v, key, parent, depth });
    } else if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) stack.push({ value: v, key: k, parent: key, depth: depth + 1 });
    }
  }
  return false;
}

/** What replaces a redacted webhook payload: valid JSON, naming why, holding nothing of the person. */
export const REDACTED_PAYLOAD = '{"redacted":"customers/redact"}';

/**
 * Timeline detail keys that describe the order, not the person (amounts, statuses, carriers, ids of
 * Shopify resources); everything else — notes, messages, tracking numbers, names — goes, because
 * free text and later capabilities' fields may hold anything.
 */
const KEPT_DETAIL_KEYS = new Set([
  "kind",
  "status",
  "financialStatus",
  "shipmentStatus",
  "currency",
  "totalMinor",
  "amountMinor",
  "trackingCompany",
  "fulfillmentGid",
  "returnGid",
  "refundGid",
  "source",
  "fallbackDays",
]);

/** A timeline entry's detail with only the kept keys (primitive values); unreadable detail becomes {}. */
export function scrubEventDetail(detail: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return "{}";
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return "{}";
  const kept = Object.entries(parsed).filter(
    ([k, v]) => KEPT_DETAIL_KEYS.has(k) && (v === null || ["string", "number", "boolean"].includes(typeof v)),
  );
  return JSON.stringify(Object.fromEntries(kept));
}

/**
 * The part of a customers/* request's payload kept once the customer is redacted: which customer,
 * orders and data request it was (ids only; email and phone removed). Ids are written as the digits
 * received, so ids beyond 2^53 stay exact. Null when the payload is not a customer request.
 */
export function requestRecord(p: unknown): string | null {
  const parsed = customerRequestPayload.safeParse(p);
  if (!parsed.success) return null;
  const r = parsed.data;
  const ids = (list: string[]) => `[${list.join(",")}]`;
  const parts = [
    r.shop_id != null ? `"shop_id":${r.shop_id}` : null,
    r.shop_domain != null ? `"shop_domain":${JSON.stringify(r.shop_domain)}` : null,
    `"customer":{"id":${r.customer.id}}`,
    r.orders_requested ? `"orders_requested":${ids(r.orders_requested)}` : null,
    r.orders_to_redact ? `"orders_to_redact":${ids(r.orders_to_redact)}` : null,
    r.data_request ? `"data_request":{"id":${r.data_request.id}}` : null,
  ];
  return `{${parts.filter(Boolean).join(",")}}`;
}
