// How a shopper reaches their order in the returns portal. A guest gives the order number and the
// email: the answer is the same, after the same database work and no sooner than a fixed floor, for
// "no such order" and "wrong email" (the email is compared as a hash in constant time, against a
// stand-in when there is no order), and both the IP and the order are rate-limited. A signed-in
// customer gets their orders, each with a token. The token (portal-token.ts) opens the next steps.
import crypto from "node:crypto";
import { RateLimit } from "~/platform/rate-limit";
import type { ReturnDeps } from "./deps.server";
import { portalToken } from "./portal-token";

export { openPortalToken } from "./portal-token";

/** The slowest an answer may be faster than: hides the difference a found order makes. */
export const LOOKUP_FLOOR_MS = 400;
const WINDOW_MS = 15 * 60_000;
let perIp = new RateLimit(20, WINDOW_MS);
let perOrder = new RateLimit(5, WINDOW_MS);

/** Forgets the counts (tests: each starts a fresh shop whose orders have the same names). */
export function resetLookupLimits() {
  perIp = new RateLimit(20, WINDOW_MS);
  perOrder = new RateLimit(5, WINDOW_MS);
}

export type LookupResult = { ok: true; token: string } | { ok: false; error: "not_found" | "rate_limited"; retryAfterSeconds?: number };

/** "1001", "#1001" and " #1001 " are the same order. */
export function normalizeOrderName(input: string): string {
  const name = input.trim().replace(/^#+/, "");
  return `#${name}`;
}

function emailDigest(email: string): Buffer {
  return crypto.createHash("sha256").update(email.trim().toLowerCase()).digest();
}

/** A digest no real email can have: what an unknown order's email is compared against. */
const STAND_IN = crypto.createHash("sha256").update(crypto.randomBytes(32)).digest();

export async function lookupGuestOrder(
  deps: Pick<ReturnDeps, "db" | "clock" | "secret">,
  shop: string,
  input: { orderName: string; email: string; ip: string },
): Promise<LookupResult> {
  const started = performance.now();
  const now = deps.clock.now();
  const orderName = normalizeOrderName(input.orderName);
  const waitIp = perIp.take(`${shop}\n${input.ip}`, now.getTime());
  const waitOrder = perOrder.take(`${shop}\n${orderName.toLowerCase()}`, now.getTime());
  let result: LookupResult;
  if (waitIp || waitOrder) {
    result = { ok: false, error: "rate_limited", retryAfterSeconds: Math.max(waitIp, waitOrder) };
  } else {
    // One query whatever the input; the comparison runs whether or not an order was found.
    const order = await deps.db.order.findFirst({
      where: { shop, name: orderName, cancelledAt: null },
      select: { orderGid: true, email: true },
    });
    const expected = order?.email ? emailDigest(order.email) : STAND_IN;
    const matches = crypto.timingSafeEqual(expected, emailDigest(input.email)) && order !== null;
    result = matches ? { ok: true, token: portalToken(deps.secret, shop, order.orderGid, now) } : { ok: false, error: "not_found" };
  }
  const left = LOOKUP_FLOOR_MS - (performance.now() - started);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  return result;
}

/** A signed-in customer's orders (newest first), each with the token that opens it in the portal. */
export async function customerReturnOrders(
  deps: Pick<ReturnDeps, "db" | "clock" | "secret">,
  shop: string,
  customerGid: string,
): Promise<{ orderGid: string; name: string; processedAt: string; token: string }[]> {
  const now = deps.clock.now();
  const orders = await deps.db.order.findMany({
    where: { shop, customerGid, cancelledAt: null },
    orderBy: { processedAt: "desc" },
    take: 50,
    select: { orderGid: true, name: true, processedAt: true },
  });
  return orders.map((o) => ({
    orderGid: o.orderGid,
    name: o.name,
    processedAt: o.processedAt.toISOString(),
    token: portalToken(deps.secret, shop, o.orderGid, now),
  }));
}
