// The shopper's portal token: which shop and order a guest (or signed-in customer) may start a return
// for, signed with the app's secret and valid for 60 minutes. It carries GIDs only, no personal data,
// and never goes into a URL's path or query by the portal's design (it travels in the page's form).
import { decodeSigned, encodeSigned } from "~/platform/signed-token";

export const PORTAL_TOKEN_MINUTES = 60;
const KIND = "return-portal";

export function portalToken(secret: string, shop: string, orderGid: string, now: Date): string {
  return encodeSigned(secret, { k: KIND, s: shop, o: orderGid, e: now.getTime() + PORTAL_TOKEN_MINUTES * 60_000 });
}

/** The shop and order a token opens, or null (forged, malformed, another kind of token, or expired). */
export function openPortalToken(secret: string, token: string, now: Date = new Date()): { shop: string; orderGid: string } | null {
  const claims = decodeSigned(secret, token) as { k?: unknown; s?: unknown; o?: unknown; e?: unknown } | null;
  if (!claims || claims.k !== KIND || typeof claims.s !== "string" || typeof claims.o !== "string" || typeof claims.e !== "number")
    return null;
  if (claims.e <= now.getTime()) return null;
  return { shop: claims.s, orderGid: claims.o };
}
