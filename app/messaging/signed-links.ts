// Signed links in emails: the one-click CSAT answer (per order and customer) and unsubscribe (per
// shop, address and category). A token is base64url(JSON claims) + "." + HMAC-SHA256 over it with
// the app's secret, so a link cannot be forged or pointed at someone else, and needs no login.
import crypto from "node:crypto";
import { z } from "zod";
import { decodeSigned as decode, derivedCode, encodeSigned as encode } from "~/platform/signed-token";

const csatClaims = z.object({
  k: z.literal("csat"),
  shop: z.string(),
  order: z.string(),
  customer: z.string().nullable(),
  locale: z.string(),
  /** Expiry, ms since epoch. */
  exp: z.number(),
});

const unsubscribeClaims = z.object({
  k: z.literal("unsub"),
  shop: z.string(),
  email: z.string(),
  customer: z.string().nullable(),
  category: z.literal("marketing"),
  locale: z.string(),
  /** The message the link came in (for the record). */
  message: z.string().nullable(),
});

export type CsatClaims = z.infer<typeof csatClaims>;
export type UnsubscribeClaims = z.infer<typeof unsubscribeClaims>;

/** A CSAT link answers for this long after the email. */
export const CSAT_LINK_DAYS = 90;

export function csatToken(secret: string, claims: Omit<CsatClaims, "k">): string {
  return encode(secret, { k: "csat", ...claims });
}

export function unsubscribeToken(secret: string, claims: Omit<UnsubscribeClaims, "k" | "category">): string {
  return encode(secret, { k: "unsub", category: "marketing", ...claims });
}

export type Verified<T> = { ok: true; claims: T } | { ok: false; why: "invalid" | "expired" };

export function verifyCsatToken(secret: string, token: string, now: Date): Verified<CsatClaims> {
  const parsed = csatClaims.safeParse(decode(secret, token));
  if (!parsed.success) return { ok: false, why: "invalid" };
  if (parsed.data.exp < now.getTime()) return { ok: false, why: "expired" };
  return { ok: true, claims: parsed.data };
}

/** Unsubscribe links never expire: an old email's link must still work (RFC 8058 asks for it). */
export function verifyUnsubscribeToken(secret: string, token: string): Verified<UnsubscribeClaims> {
  const parsed = unsubscribeClaims.safeParse(decode(secret, token));
  return parsed.success ? { ok: true, claims: parsed.data } : { ok: false, why: "invalid" };
}

/** A stable RFC 5322 Message-ID from the message's idempotency key: a resend is recognisably the same email. */
export function messageIdFor(shop: string, key: string): string {
  const hash = crypto.createHash("sha256").update(`${shop}\n${key}`).digest("hex").slice(0, 32);
  return `<${hash}@${shop}.aftercare>`;
}

/** The cross-sell discount code of a message: derived from it, so a retried send finds the same code. */
export function discountCodeFor(secret: string, shop: string, messageKey: string): string {
  return derivedCode(secret, `${shop}\n${messageKey}`, "THANKS-");
}
