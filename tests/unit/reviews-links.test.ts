// The review email's links: the signed token is the shopper's only credential, so it cannot be
// forged, altered, reused with another secret or used after REVIEW_LINK_DAYS; the star, form and
// "not arrived yet" links point where the email says.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csatToken } from "~/messaging/signed-links";
import { encodeSigned } from "~/platform/signed-token";
import { postponeUrl, REVIEW_LINK_DAYS, reviewFormUrl, reviewStarUrl, reviewToken, verifyReviewToken } from "~/reviews/links";

const SECRET = "review-secret";
const DAY = 86_400_000;
const sent = new Date("2026-11-20T12:00:00Z");
const claims = { shop: "anna.myshopify.com", order: "gid://shopify/Order/1001", customer: "gid://shopify/Customer/7", locale: "pl" };
const later = (ms: number) => new Date(sent.getTime() + ms);

describe("review tokens", () => {
  it("verify with the claims they were made with, for REVIEW_LINK_DAYS", () => {
    const token = reviewToken(SECRET, claims, sent);
    const expected = { ok: true, claims: { k: "review", ...claims, exp: sent.getTime() + REVIEW_LINK_DAYS * DAY } };
    expect(verifyReviewToken(SECRET, token, sent)).toEqual(expected);
    expect(verifyReviewToken(SECRET, token, later(30 * DAY))).toEqual(expected);
    expect(verifyReviewToken(SECRET, token, later(REVIEW_LINK_DAYS * DAY))).toEqual(expected);
  });

  it("keep a guest checkout's missing customer", () => {
    const token = reviewToken(SECRET, { ...claims, customer: null }, sent);
    expect(verifyReviewToken(SECRET, token, sent)).toMatchObject({ ok: true, claims: { customer: null } });
  });

  it("expire the moment after REVIEW_LINK_DAYS", () => {
    const token = reviewToken(SECRET, claims, sent);
    expect(REVIEW_LINK_DAYS).toBe(120);
    expect(verifyReviewToken(SECRET, token, later(REVIEW_LINK_DAYS * DAY + 1))).toEqual({ ok: false, why: "expired" });
    expect(verifyReviewToken(SECRET, token, later(365 * DAY))).toEqual({ ok: false, why: "expired" });
  });

  it("are refused with another secret", () => {
    expect(verifyReviewToken("another-secret", reviewToken(SECRET, claims, sent), sent)).toEqual({ ok: false, why: "invalid" });
  });

  it("are refused when the body is altered to point at another order, or to live longer", () => {
    const [, mac] = reviewToken(SECRET, claims, sent).split(".");
    const forge = (c: object) => `${Buffer.from(JSON.stringify(c)).toString("base64url")}.${mac}`;
    const exp = sent.getTime() + REVIEW_LINK_DAYS * DAY;
    expect(verifyReviewToken(SECRET, forge({ k: "review", ...claims, order: "gid://shopify/Order/999", exp }), sent)).toEqual({
      ok: false,
      why: "invalid",
    });
    expect(verifyReviewToken(SECRET, forge({ k: "review", ...claims, exp: exp + 365 * DAY }), later(200 * DAY))).toEqual({
      ok: false,
      why: "invalid",
    });
  });

  it("property: any single changed character of a token makes it invalid", () => {
    const token = reviewToken(SECRET, claims, sent);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
    fc.assert(
      fc.property(fc.nat(token.length - 1), fc.constantFrom(...alphabet), (at, c) => {
        fc.pre(token[at] !== c);
        const altered = token.slice(0, at) + c + token.slice(at + 1);
        expect(verifyReviewToken(SECRET, altered, sent)).toEqual({ ok: false, why: "invalid" });
      }),
    );
  });

  it.each([
    ["an empty string", ""],
    ["garbage", "not-a-token"],
    ["a token with a part added", `${reviewToken(SECRET, claims, sent)}.x`],
    ["a token without its signature", reviewToken(SECRET, claims, sent).split(".")[0]],
  ])("are refused as %s", (_, token) => {
    expect(verifyReviewToken(SECRET, token, sent)).toEqual({ ok: false, why: "invalid" });
  });

  it("do not take another kind of signed link, even signed with the same secret", () => {
    const csat = csatToken(SECRET, { ...claims, exp: sent.getTime() + DAY });
    expect(verifyReviewToken(SECRET, csat, sent)).toEqual({ ok: false, why: "invalid" });
    const partial = encodeSigned(SECRET, { k: "review", shop: claims.shop, exp: sent.getTime() + DAY });
    expect(verifyReviewToken(SECRET, partial, sent)).toEqual({ ok: false, why: "invalid" });
  });
});

describe("review URLs", () => {
  const token = reviewToken(SECRET, claims, sent);

  it.each(["https://app.example", "https://app.example/"])("build the form, star and postpone links from %s", (appUrl) => {
    expect(reviewFormUrl(appUrl, token)).toBe(`https://app.example/r/${token}`);
    expect(reviewStarUrl(appUrl, token, "gid://shopify/LineItem/123456", 4)).toBe(`https://app.example/r/${token}?item=123456&rating=4`);
    expect(postponeUrl(appUrl, token)).toBe(`https://app.example/r/${token}/postpone`);
  });

  it("keep a path in the app's URL", () => {
    expect(reviewFormUrl("https://host.example/aftercare/", token)).toBe(`https://host.example/aftercare/r/${token}`);
  });

  it("give each star its rating and the item's numeric id, which the form reads back", () => {
    for (const rating of [1, 2, 3, 4, 5]) {
      const url = new URL(reviewStarUrl("https://app.example", token, "gid://shopify/LineItem/987", rating));
      expect(url.pathname).toBe(`/r/${token}`);
      expect(url.searchParams.get("item")).toBe("987");
      expect(url.searchParams.get("rating")).toBe(String(rating));
      expect(verifyReviewToken(SECRET, url.pathname.split("/")[2], sent).ok).toBe(true);
    }
  });

  it("take an item id that is already numeric as it is", () => {
    expect(reviewStarUrl("https://app.example", token, "987", 5)).toBe(`https://app.example/r/${token}?item=987&rating=5`);
  });

  it("carry a token that needs no escaping in a URL", () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(new URL(reviewFormUrl("https://app.example", token)).pathname).toBe(`/r/${token}`);
  });
});
