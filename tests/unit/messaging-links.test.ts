// Signed links in emails and the merchant's template variables: a link cannot be forged, altered or
// used after it expires; the Message-ID and the discount code are stable per message; an unknown
// {{variable}} is caught when the template is saved.
import { describe, expect, it } from "vitest";
import {
  csatToken,
  discountCodeFor,
  messageIdFor,
  unsubscribeToken,
  verifyCsatToken,
  verifyUnsubscribeToken,
} from "~/messaging/signed-links";
import { fill, unknownVariables } from "~/messaging/template-vars";

const SECRET = "s3cret";
const now = new Date("2026-11-20T12:00:00Z");
const claims = {
  shop: "anna.myshopify.com",
  order: "gid://shopify/Order/1",
  customer: "gid://shopify/Customer/2",
  locale: "pl",
  exp: now.getTime() + 1_000,
};

describe("CSAT links", () => {
  it("verify with the claims they were made with", () => {
    expect(verifyCsatToken(SECRET, csatToken(SECRET, claims), now)).toEqual({ ok: true, claims: { k: "csat", ...claims } });
  });
  it("refuse another secret, an altered body or signature, garbage", () => {
    const token = csatToken(SECRET, claims);
    const [body, mac] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ k: "csat", ...claims, order: "gid://shopify/Order/999" })).toString("base64url");
    expect(verifyCsatToken("other", token, now)).toEqual({ ok: false, why: "invalid" });
    expect(verifyCsatToken(SECRET, `${forged}.${mac}`, now)).toEqual({ ok: false, why: "invalid" });
    expect(verifyCsatToken(SECRET, `${body}.${mac.slice(1)}x`, now)).toEqual({ ok: false, why: "invalid" });
    expect(verifyCsatToken(SECRET, "not-a-token", now)).toEqual({ ok: false, why: "invalid" });
    expect(verifyCsatToken(SECRET, `${token}.x`, now)).toEqual({ ok: false, why: "invalid" });
  });
  it("expire", () => {
    expect(verifyCsatToken(SECRET, csatToken(SECRET, claims), new Date(claims.exp + 1))).toEqual({ ok: false, why: "expired" });
  });
  it("are not unsubscribe links, and the other way round", () => {
    const unsub = unsubscribeToken(SECRET, { shop: claims.shop, email: "a@b.pl", customer: null, locale: "en", message: null });
    expect(verifyCsatToken(SECRET, unsub, now).ok).toBe(false);
    expect(verifyUnsubscribeToken(SECRET, csatToken(SECRET, claims)).ok).toBe(false);
    expect(verifyUnsubscribeToken(SECRET, unsub)).toMatchObject({ ok: true, claims: { email: "a@b.pl", category: "marketing" } });
  });
});

describe("stable identifiers", () => {
  it("the Message-ID depends on shop and key only", () => {
    const id = messageIdFor("a.myshopify.com", "delivery_follow_up:gid://shopify/Order/1");
    expect(id).toMatch(/^<[0-9a-f]{32}@a\.myshopify\.com\.aftercare>$/);
    expect(messageIdFor("a.myshopify.com", "delivery_follow_up:gid://shopify/Order/1")).toBe(id);
    expect(messageIdFor("b.myshopify.com", "delivery_follow_up:gid://shopify/Order/1")).not.toBe(id);
  });
  it("the discount code is the same for a retried message and unguessable without the secret", () => {
    const code = discountCodeFor(SECRET, "a.myshopify.com", "cross_sell:gid://shopify/Order/1");
    expect(code).toMatch(/^THANKS-[A-Z2-9]{8}$/);
    expect(discountCodeFor(SECRET, "a.myshopify.com", "cross_sell:gid://shopify/Order/1")).toBe(code);
    expect(discountCodeFor("other", "a.myshopify.com", "cross_sell:gid://shopify/Order/1")).not.toBe(code);
  });
});

describe("template variables", () => {
  const values = { first_name: "Anna", order_name: "#1001", shop_name: "Ceramika" };
  it("fills known variables, with or without spaces", () => {
    expect(fill("Hi {{first_name}}, {{ order_name }} from {{shop_name}}", values)).toBe("Hi Anna, #1001 from Ceramika");
  });
  it("leaves no gap when a value is empty", () => {
    expect(fill("Hi {{first_name}}, thanks!", { ...values, first_name: "" })).toBe("Hi, thanks!");
  });
  it("names unknown or malformed placeholders", () => {
    expect(unknownVariables("Hi {{firstname}} {{ order_name }} {{ }} {{Shop Name}}")).toEqual(["firstname", "", "Shop Name"]);
    expect(unknownVariables("Hi {{first_name}}")).toEqual([]);
  });
});
