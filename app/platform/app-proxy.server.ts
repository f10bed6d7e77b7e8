// Storefront requests through Shopify's App Proxy: checks the signature and the identity Shopify
// vouches for (shop, logged-in customer) before any route reads them. Every refusal is JSON with a
// message; nothing of a malformed request reaches the Shopify library's error paths.
// A request signed exactly as Shopify signs it is checked here, in memory: the library's check also
// loads the shop's offline session from the database on every request, for an Admin API client these
// JSON endpoints never use (the storefront's hottest read, see npm run bench:loyalty). Anything else
// goes to the library, which decides as before.
import { createHmac, timingSafeEqual } from "node:crypto";
import { env } from "~/platform/env.server";
import { SHOP_DOMAIN } from "~/webhooks/topics";
import { authenticate } from "~/shopify.server";

export interface ProxyIdentity {
  shop: string;
  /** The signed-in shopper's numeric id, or null for a guest. */
  customerId: string | null;
}

const NO_STORE = { "cache-control": "private, no-store" };

export function proxyError(status: number, error: string, message: string): Response {
  return Response.json({ error, message }, { status, headers: NO_STORE });
}

/** How far a signature's timestamp may be from now, as the Shopify library allows. */
const TOLERANCE_S = 90;

/**
 * Shopify's App Proxy signature: every parameter but `signature` as key=value (a repeated key's
 * values joined with ","), sorted, concatenated, HMAC-SHA256 in hex with the app's secret; and a
 * timestamp within the tolerance.
 */
function signedByShopify(params: URLSearchParams, secret: string): boolean {
  const timestamp = Number(params.get("timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > TOLERANCE_S) return false;
  const values = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key !== "signature") values.set(key, [...(values.get(key) ?? []), value]);
  }
  const message = [...values]
    .map(([key, list]) => `${key}=${list.join(",")}`)
    .sort()
    .join("");
  const expected = Buffer.from(createHmac("sha256", secret).update(message, "utf8").digest("hex"));
  const given = Buffer.from(params.get("signature") ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Parameters Shopify signs once; a repeated one would be signed as the values joined, so which one counts would be ambiguous. */
const SINGLE = ["shop", "logged_in_customer_id", "signature", "timestamp", "path_prefix"];

export async function authenticateAppProxy(request: Request): Promise<ProxyIdentity> {
  const params = new URL(request.url).searchParams;
  for (const name of SINGLE) {
    if (params.getAll(name).length > 1) throw proxyError(400, "BAD_REQUEST", `The ${name} parameter appears more than once.`);
  }
  const shop = params.get("shop");
  if (!shop || !SHOP_DOMAIN.test(shop))
    throw proxyError(400, "BAD_REQUEST", "The shop parameter is missing or is not a myshopify.com domain.");
  const customerId = params.get("logged_in_customer_id") || null;
  if (customerId !== null && !/^\d{1,20}$/.test(customerId))
    throw proxyError(400, "BAD_REQUEST", "logged_in_customer_id must be a numeric id.");
  if (!params.get("signature")) throw proxyError(401, "UNAUTHORIZED", "The request is not signed by Shopify.");
  if (signedByShopify(params, env().SHOPIFY_API_SECRET)) return { shop, customerId };
  try {
    await authenticate.public.appProxy(request);
  } catch (error) {
    if (error instanceof Response && error.status === 400) throw proxyError(401, "UNAUTHORIZED", "The request's signature is not valid.");
    throw proxyError(400, "BAD_REQUEST", "The request could not be verified.");
  }
  return { shop, customerId };
}
