// The shopper's link to a return's status page: the storefront's Returns page with a signed token that
// names the shop, order and return (ids only, no personal data) and lasts a year, so the emails' button
// and a bookmark keep working. Each read opens the order with a fresh portal token (portal-token.ts).
import { decodeSigned, encodeSigned } from "~/platform/signed-token";

const KIND = "return-status";
export const STATUS_LINK_DAYS = 365;

export function statusLinkToken(secret: string, shop: string, orderGid: string, returnId: string, now: Date): string {
  return encodeSigned(secret, { k: KIND, s: shop, o: orderGid, r: returnId, e: now.getTime() + STATUS_LINK_DAYS * 86_400_000 });
}

/** The shop, order and return a status token names, or null (forged, malformed, another kind of token, or expired). */
export function openStatusLink(secret: string, token: string, now: Date): { shop: string; orderGid: string; returnId: string } | null {
  const c = decodeSigned(secret, token) as { k?: unknown; s?: unknown; o?: unknown; r?: unknown; e?: unknown } | null;
  if (!c || c.k !== KIND || typeof c.s !== "string" || typeof c.o !== "string" || typeof c.r !== "string" || typeof c.e !== "number")
    return null;
  return c.e > now.getTime() ? { shop: c.s, orderGid: c.o, returnId: c.r } : null;
}

/** The status page on the shop's own domain: the Returns page (its theme block) reads `?return=`. */
export function returnStatusUrl(secret: string, shop: string, orderGid: string, returnId: string, now: Date): string {
  return `https://${shop}/pages/returns?return=${encodeURIComponent(statusLinkToken(secret, shop, orderGid, returnId, now))}`;
}
