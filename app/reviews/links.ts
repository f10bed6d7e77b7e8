// The review form's link: one signed token per order (and customer, and the email's language),
// valid for REVIEW_LINK_DAYS. It is the shopper's only credential — no login — so it names the
// order and nothing personal; the form finds the order's items from it. Star links add the line
// item and the rating the shopper clicked; "not arrived yet" is a page with one button (a GET from
// a mail scanner must never postpone anything).
import { z } from "zod";
import { decodeSigned, encodeSigned } from "~/platform/signed-token";

export const REVIEW_LINK_DAYS = 120;
const DAY = 86_400_000;

const reviewClaims = z.object({
  k: z.literal("review"),
  shop: z.string(),
  order: z.string(),
  customer: z.string().nullable(),
  locale: z.string(),
  /** Expiry, ms since epoch. */
  exp: z.number(),
});

export type ReviewClaims = z.infer<typeof reviewClaims>;

export function reviewToken(secret: string, claims: Omit<ReviewClaims, "k" | "exp">, now: Date): string {
  return encodeSigned(secret, { k: "review", ...claims, exp: now.getTime() + REVIEW_LINK_DAYS * DAY });
}

export type VerifiedReviewLink = { ok: true; claims: ReviewClaims } | { ok: false; why: "invalid" | "expired" };

export function verifyReviewToken(secret: string, token: string, now: Date): VerifiedReviewLink {
  const parsed = reviewClaims.safeParse(decodeSigned(secret, token));
  if (!parsed.success) return { ok: false, why: "invalid" };
  if (parsed.data.exp < now.getTime()) return { ok: false, why: "expired" };
  return { ok: true, claims: parsed.data };
}

function base(appUrl: string): string {
  return appUrl.replace(/\/$/, "");
}

/** The form for all of the order's items. */
export function reviewFormUrl(appUrl: string, token: string): string {
  return `${base(appUrl)}/r/${token}`;
}

/** The form with one item's rating chosen (a star of the email). `lineItemGid` → its numeric id. */
export function reviewStarUrl(appUrl: string, token: string, lineItemGid: string, rating: number): string {
  const id = lineItemGid.slice(lineItemGid.lastIndexOf("/") + 1);
  return `${base(appUrl)}/r/${token}?item=${encodeURIComponent(id)}&rating=${rating}`;
}

export function postponeUrl(appUrl: string, token: string): string {
  return `${base(appUrl)}/r/${token}/postpone`;
}
