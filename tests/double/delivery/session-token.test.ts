import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { mintIdToken } from "../../support/shopify/session-token.js";
import { API_KEY, API_SECRET, shopifyLibrary } from "./shopify-library.js";

const SHOP = "demo.myshopify.com";

describe("App Bridge session tokens", () => {
  it("are accepted by @shopify/shopify-api's decoder with Shopify's claims", async () => {
    const token = await mintIdToken({ apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP, userId: "42" });
    const payload = await shopifyLibrary().session.decodeSessionToken(token);
    expect(payload).toMatchObject({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: API_KEY, sub: "42" });
    expect(payload.exp - payload.iat).toBe(60);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.sid).toMatch(/^[0-9a-f]{32}$/);
  });

  it("are rejected when signed with another app's secret", async () => {
    const token = await mintIdToken({ apiKey: API_KEY, apiSecret: "another-secret", shop: SHOP });
    await expect(shopifyLibrary().session.decodeSessionToken(token)).rejects.toThrow(/Failed to parse session token/);
  });

  it("are rejected when issued for another app", async () => {
    const token = await mintIdToken({ apiKey: "other-app", apiSecret: API_SECRET, shop: SHOP });
    await expect(shopifyLibrary().session.decodeSessionToken(token)).rejects.toThrow(/invalid API key/);
  });

  it("are rejected once expired, and a fresh one per request differs", async () => {
    const old = await mintIdToken({ apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP, now: Date.now() - 5 * 60_000 });
    await expect(shopifyLibrary().session.decodeSessionToken(old)).rejects.toThrow(/exp/);
    const a = decodeJwt(await mintIdToken({ apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP }));
    const b = decodeJwt(await mintIdToken({ apiKey: API_KEY, apiSecret: API_SECRET, shop: SHOP }));
    expect(a.jti).not.toBe(b.jti);
    expect(a.sid).toBe(b.sid);
  });
});
