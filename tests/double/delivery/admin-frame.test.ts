import { Script } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startShopifyDouble, type ShopifyDouble } from "../../support/shopify/index.js";
import { startRecordingApp, type RecordingApp } from "./recording-app.js";
import { API_KEY, API_SECRET, shopifyLibrary } from "./shopify-library.js";

const SHOP = "demo.myshopify.com";
let app: RecordingApp;
let double: ShopifyDouble;

beforeAll(async () => {
  app = await startRecordingApp();
  double = await startShopifyDouble({ appUrl: app.url, apiKey: API_KEY, apiSecret: API_SECRET });
});
afterAll(async () => {
  await double.close();
  await app.close();
});

function iframeSrc(html: string): URL {
  const match = /<iframe[^>]*\bsrc="([^"]+)"/.exec(html);
  if (!match) throw new Error("admin page has no iframe");
  return new URL(match[1].replace(/&amp;/g, "&"));
}

describe("admin frame", () => {
  it("opens the app in an iframe the way Shopify admin does, with a valid id token", async () => {
    const response = await fetch(`${double.url}/shops/${SHOP}/admin/apps/${API_KEY}/app/returns?tab=open`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toMatch(/<header>.*demo.*<\/header>/);

    const src = iframeSrc(html);
    expect(src.origin).toBe(app.url);
    expect(src.pathname).toBe("/app/returns");
    expect(src.searchParams.get("tab")).toBe("open");
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe(SHOP);
    expect(src.searchParams.get("locale")).toBe("en");
    const shopify = shopifyLibrary();
    const host = src.searchParams.get("host") ?? "";
    expect(shopify.utils.sanitizeHost(host)).toBe(host);
    expect(Buffer.from(host, "base64").toString()).toBe("admin.shopify.com/store/demo");
    const payload = await shopify.session.decodeSessionToken(src.searchParams.get("id_token") ?? "");
    expect(payload.dest).toBe(`https://${SHOP}`);
  });

  it("opens /app when the admin URL names no app path", async () => {
    const html = await (await fetch(`${double.url}/shops/${SHOP}/admin/apps/${API_KEY}`)).text();
    expect(iframeSrc(html).pathname).toBe("/app");
  });

  it("does not open another app's URL", async () => {
    expect((await fetch(`${double.url}/shops/${SHOP}/admin/apps/someone-else/app`)).status).toBe(404);
  });

  it("mints session tokens for App Bridge, also for pages outside the frame (CORS)", async () => {
    const response = await fetch(`${double.url}/shops/${SHOP}/admin/_session-token`, { method: "POST", headers: { origin: app.url } });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const { token } = (await response.json()) as { token: string };
    expect((await shopifyLibrary().session.decodeSessionToken(token)).iss).toBe(`https://${SHOP}/admin`);
  });

  it("serves the App Bridge shim as JavaScript that knows where to get tokens", async () => {
    const response = await fetch(`${double.url}/app-bridge.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    const source = await response.text();
    expect(() => new Script(source)).not.toThrow();
    expect(source).toContain(JSON.stringify(double.url).slice(1, -1));
    expect(source).toContain("window.shopify");
  });

  it("ships an admin page script that parses", async () => {
    const html = await (await fetch(`${double.url}/shops/${SHOP}/admin/apps/${API_KEY}`)).text();
    const inline = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(inline).toContain("postMessage");
    expect(() => new Script(inline)).not.toThrow();
  });
});
