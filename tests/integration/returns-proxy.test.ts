// The returns portal's App Proxy endpoints (/apps/aftercare/api/returns/…) on the built app, reached through the
// Shopify double's signed App Proxy as the storefront reaches them: only Shopify-signed requests are answered; a
// guest's lookup answers the same for an unknown order and a wrong email and is rate-limited; bad input is a 400
// that says what is wrong; a token opens the order (final-sale items refused with the reason), quotes, one return
// per form however often it is sent (photos included), and a status link that carries only a signed token.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/platform/db.server";
import { defaultReturnPolicy } from "~/returns/policy";
import { saveReturnPolicy } from "~/returns/settings.server";
import type { PortalOrder, ReturnAmounts, ReturnStatusView } from "~/returns/types";
import { deliverOrder, shipOrder } from "../support/demo-orders";
import { CUSTOMER_COOKIE, signAppProxyQuery } from "../support/shopify";
import type { OrderRecord } from "../support/shopify/admin/store-types";
import { startStack, type Stack } from "../support/stack";

// A 1×1 PNG: what a shopper's photo of a broken item stands in for.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

let stack: Stack;
let dataDir: string;
let db: Db;
let order: OrderRecord;
let proxy: string;

const json = (body: unknown) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function call(route: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const response = await fetch(`${proxy}${route}`, init);
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the assertions on `text` say what came instead.
  }
  return { status: response.status, body, text };
}

async function lookup(orderName: string, email: string) {
  return call("/lookup", json({ orderName, email }));
}

let opened: string | undefined;

/** The order's portal token, looked up once: lookups of one order are rate-limited (five in a quarter of an hour). */
async function token(): Promise<string> {
  if (opened) return opened;
  const found = await lookup(order.name, "anna.nowak@example.pl");
  expect(found.status, found.text).toBe(200);
  return (opened = found.body.token as string);
}

describe("the returns portal's App Proxy endpoints", () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-returns-proxy-"));
    stack = await startStack({ dataDir, seed: false, appLogLevel: "warn" });
    db = createDb(`file:${stack.files.database}`);
    const { store, shop } = stack;
    const shirt = store.createProduct(shop, {
      title: "Lniana koszula",
      variants: [
        { title: "S", price: "189.00" },
        { title: "M", price: "189.00" },
      ],
    });
    const mug = store.createProduct(shop, { title: "Kubek z wyprzedaży", tags: ["final-sale"], variants: [{ price: "39.00" }] });
    await saveReturnPolicy(db, shop, {
      ...defaultReturnPolicy(),
      resolutions: {
        refund: { enabled: true },
        storeCredit: { enabled: true, bonusPercent: 10 },
        exchange: { enabled: true, bonusPercent: 5 },
      },
      rules: [{ id: "final-sale", target: "tag", value: "final-sale", finalSale: true }],
    });
    order = store.createOrder(shop, {
      customerId: stack.customer.id,
      lineItems: [
        { variantId: shirt.variantIds[0], quantity: 2 },
        { variantId: mug.variantIds[0], quantity: 1 },
      ],
      shippingPrice: "14.99",
    });
    shipOrder(store, shop, order.id);
    deliverOrder(store, shop, order.id);
    await stack.settle();
    proxy = `${stack.urls.double}/shops/${shop}/apps/aftercare/api/returns`;
  }, 180_000);

  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
    if (dataDir && !process.env.KEEP_RETURNS_DIR) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (dataDir) console.log(`returns proxy test data kept in ${dataDir}`);
  });

  describe("Shopify's signature", () => {
    it("is required: the app refuses a request that did not come through the proxy, or whose signature was altered", async () => {
      const direct = await fetch(
        `${stack.urls.app}/proxy/api/returns/lookup?shop=${stack.shop}`,
        json({ orderName: order.name, email: "x@y.pl" }),
      );
      expect(direct.status).toBe(401);
      expect(await direct.json()).toMatchObject({ error: "UNAUTHORIZED", message: "The request is not signed by Shopify." });

      const params = new URLSearchParams({
        shop: stack.shop,
        logged_in_customer_id: "",
        path_prefix: "/apps/aftercare",
        timestamp: String(Math.floor(Date.now() / 1000)),
      });
      params.set("signature", signAppProxyQuery(params, stack.apiSecret));
      const signed = await fetch(`${stack.urls.app}/proxy/api/returns/lookup?${params}`, json({ orderName: "#1", email: "x@y.pl" }));
      expect(signed.status).toBe(404);
      // Another customer's id slipped into a signed query breaks the signature.
      params.set("logged_in_customer_id", "42");
      const forged = await fetch(`${stack.urls.app}/proxy/api/returns/orders?${params}`);
      expect(forged.status).toBe(401);
      expect(await forged.json()).toMatchObject({ error: "UNAUTHORIZED" });
    });
  });

  describe("a guest's lookup", () => {
    it("opens the order with its number (with or without #) and the order's email in any case", async () => {
      const found = await lookup(` ${order.name.replace("#", "")} `, "Anna.Nowak@Example.pl");
      expect(found.status, found.text).toBe(200);
      expect(found.body.token).toEqual(expect.any(String));
      expect(Object.keys(found.body)).toEqual(["token"]);
    });

    it("answers an unknown order and a wrong email identically", async () => {
      const unknown = await lookup("#999999", "anna.nowak@example.pl");
      const wrongEmail = await lookup(order.name, "someone.else@example.pl");
      expect(unknown.status).toBe(404);
      expect(wrongEmail.status).toBe(404);
      expect(wrongEmail.text).toBe(unknown.text);
      expect(unknown.body).toEqual({ error: "NOT_FOUND", message: "No order matches that order number and email address." });
    });

    it("is rate-limited per order: the sixth try at one order number in a quarter of an hour is a 429 saying when to retry", async () => {
      const answers: number[] = [];
      for (let i = 0; i < 6; i++) answers.push((await lookup("#424242", `guess${i}@example.pl`)).status);
      expect(answers).toEqual([404, 404, 404, 404, 404, 429]);
      const limited = await lookup("#424242", "guess@example.pl");
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({
        error: "RATE_LIMITED",
        message: expect.stringMatching(/^Too many attempts; try again in \d+ s\.$/),
      });
    });

    it("says what is wrong with bad input (400) and which method to use (405)", async () => {
      const badEmail = await lookup(order.name, "not an email");
      expect(badEmail.status).toBe(400);
      expect(badEmail.body).toEqual({ error: "BAD_REQUEST", message: "email: enter a valid email address" });
      const empty = await call("/lookup", json({ email: "anna.nowak@example.pl" }));
      expect(empty.status).toBe(400);
      expect(empty.body.message).toMatch(/^orderName: /);
      const notJson = await call("/lookup", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
      expect(notJson.status).toBe(400);
      expect(notJson.body.message).toMatch(/body/);
      const get = await call("/lookup");
      expect(get.status).toBe(405);
      expect(get.body.message).toBe("Use POST with the order number and email in the body.");
    });
  });

  describe("a signed-in shopper's orders", () => {
    it("lists their orders with a token each, and asks a guest to sign in", async () => {
      const guest = await call("/orders");
      expect(guest.status).toBe(401);
      expect(guest.body.error).toBe("LOGIN_REQUIRED");
      const customerId = stack.customer.id.split("/").pop()!;
      const mine = await call("/orders", { headers: { cookie: `${CUSTOMER_COOKIE}=${customerId}` } });
      expect(mine.status, mine.text).toBe(200);
      const orders = mine.body.orders as { name: string; processedAt: string; token: string }[];
      expect(orders.map((o) => o.name)).toEqual([order.name]);
      expect(orders[0].token).toEqual(expect.any(String));
      expect(JSON.stringify(orders)).not.toContain("gid://");
    });
  });

  describe("with the order's token", () => {
    it("shows the order: returnable items with their deadline, final-sale items refused, Polish reasons and the resolutions", async () => {
      const opened = await call("/order", json({ token: await token(), locale: "pl" }));
      expect(opened.status, opened.text).toBe(200);
      const o = opened.body.order as PortalOrder;
      expect(o.orderName).toBe(order.name);
      expect(o.currency).toBe("PLN");
      const shirt = o.items.find((i) => i.title === "Lniana koszula")!;
      expect(shirt).toMatchObject({ variantTitle: "S", unitPriceMinor: 18900, orderedQuantity: 2, returnableQuantity: 2, refusal: null });
      expect(shirt.deadline).toEqual(expect.any(String));
      expect(shirt.exchangeVariants.map((v) => v.title)).toEqual(["M"]);
      expect(o.items.find((i) => i.title === "Kubek z wyprzedaży")).toMatchObject({ refusal: "final_sale" });
      expect(o.reasons.find((r) => r.code === "defective")).toMatchObject({ requiresPhoto: true });
      expect(o.reasons.find((r) => r.code === "changed_mind")?.label).toBe("Zmiana decyzji");
      expect(o.resolutions).toEqual([
        { resolution: "refund", bonusPercent: 0 },
        { resolution: "store_credit", bonusPercent: 10 },
        { resolution: "exchange", bonusPercent: 5 },
      ]);
    });

    it("refuses a forged or missing token: 401 to find the order again, 400 when there is none", async () => {
      const forged = await call("/order", json({ token: `${"x".repeat(40)}.${"y".repeat(43)}` }));
      expect(forged.status).toBe(401);
      expect(forged.body).toEqual({ error: "EXPIRED", message: "This return session has expired; find your order again." });
      const missing = await call("/order", json({ locale: "en" }));
      expect(missing.status).toBe(400);
      expect(missing.body.message).toMatch(/^token: /);
      const inQuery = await call(`/order?token=${encodeURIComponent(await token())}`);
      expect(inQuery.status).toBe(405);
    });

    it("quotes store credit with its bonus, and says no to a final-sale item with the reason", async () => {
      const t = await token();
      const o = ((await call("/order", json({ token: t, locale: "en" }))).body.order as PortalOrder).items;
      const shirt = o.find((i) => i.title === "Lniana koszula")!;
      const mug = o.find((i) => i.title === "Kubek z wyprzedaży")!;
      const draft = { resolution: "store_credit", items: [{ lineItemGid: shirt.lineItemGid, quantity: 1, reasonCode: "changed_mind" }] };
      const quote = await call("/quote", json({ token: t, locale: "en", draft }));
      expect(quote.status, quote.text).toBe(200);
      expect(quote.body.errors).toEqual([]);
      expect(quote.body.amounts).toMatchObject({
        itemsMinor: 18900,
        bonusMinor: 1890,
        totalMinor: 20790,
        currency: "PLN",
      } satisfies Partial<ReturnAmounts>);

      const refused = await call(
        "/quote",
        json({
          token: t,
          locale: "en",
          draft: { ...draft, items: [{ lineItemGid: mug.lineItemGid, quantity: 1, reasonCode: "changed_mind" }] },
        }),
      );
      expect(refused.status).toBe(200);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          lineItemGid: mug.lineItemGid,
          code: "final_sale",
          message: "This item was a final sale and cannot be returned.",
        }),
      ]);

      const bad = await call(
        "/quote",
        json({ token: t, draft: { resolution: "gift", items: [{ lineItemGid: "shirt", quantity: 0, reasonCode: "" }] } }),
      );
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain("draft.resolution");
      expect(bad.body.message).toContain("draft.items.0.lineItemGid: must be a LineItem id");
      expect(bad.body.message).toContain("draft.items.0.quantity");
    });

    it("submits one return per form, with its photo; the status link shows it as requested, and nothing else opens it", async () => {
      const t = await token();
      const shirt = ((await call("/order", json({ token: t }))).body.order as PortalOrder).items.find((i) => i.title === "Lniana koszula")!;
      const form = () => {
        const body = new FormData();
        body.append("token", t);
        body.append("locale", "en");
        body.append("requestKey", "form-3f2b9c1e-0001");
        body.append(
          "draft",
          JSON.stringify({
            resolution: "store_credit",
            items: [{ lineItemGid: shirt.lineItemGid, quantity: 1, reasonCode: "defective", note: "Seam torn" }],
          }),
        );
        body.append(`photo:${shirt.lineItemGid}`, new Blob([PNG], { type: "image/png" }), "seam.png");
        return body;
      };
      const first = await call("/submit", { method: "POST", body: form() });
      expect(first.status, first.text).toBe(201);
      const result = first.body.result as { returnId: string; status: string };
      expect(result.status).toBe("requested");
      const status = first.body.status as ReturnStatusView;
      expect(status.status).toBe("requested");
      expect(status.items).toEqual([expect.objectContaining({ title: expect.stringContaining("Lniana koszula"), quantity: 1 })]);
      expect(await db.returnPhoto.count({ where: { shop: stack.shop } })).toBe(1);

      const again = await call("/submit", { method: "POST", body: form() });
      expect(again.status, again.text).toBe(201);
      expect((again.body.result as { returnId: string }).returnId).toBe(result.returnId);
      expect(await db.returnCase.count({ where: { shop: stack.shop } })).toBe(1);

      const statusToken = first.body.statusToken as string;
      const page = await call("/status", json({ statusToken, locale: "pl" }));
      expect(page.status, page.text).toBe(200);
      expect((page.body.status as ReturnStatusView).steps[0]).toMatchObject({ status: "requested", done: true });
      const tampered = await call("/status", json({ statusToken: statusToken.replace(/.$/, (c) => (c === "A" ? "B" : "A")) }));
      expect(tampered.status).toBe(404);
      // The portal token opens the order, not the status page.
      expect((await call("/status", json({ statusToken: t }))).status).toBe(404);
    });

    it("refuses a photo that is not an image, and a form that is not multipart, saying why", async () => {
      const t = await token();
      const shirt = ((await call("/order", json({ token: t }))).body.order as PortalOrder).items.find((i) => i.title === "Lniana koszula")!;
      const body = new FormData();
      body.append("token", t);
      body.append("requestKey", "form-3f2b9c1e-0002");
      body.append(
        "draft",
        JSON.stringify({ resolution: "refund", items: [{ lineItemGid: shirt.lineItemGid, quantity: 1, reasonCode: "defective" }] }),
      );
      body.append(`photo:${shirt.lineItemGid}`, new Blob(["<svg onload=alert(1)>"], { type: "image/png" }), "evil.png");
      const refused = await call("/submit", { method: "POST", body });
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          lineItemGid: shirt.lineItemGid,
          field: "photos",
          code: "not_image",
          message: "This file is not a JPEG, PNG, WebP or GIF picture.",
        }),
      ]);
      const notMultipart = await call("/submit", json({ token: t }));
      expect(notMultipart.status).toBe(400);
      expect(notMultipart.body.message).toBe("Send the return as multipart/form-data with token, requestKey, locale and draft.");
      const noKey = new FormData();
      noKey.append("token", t);
      noKey.append("draft", "{}");
      const missing = await call("/submit", { method: "POST", body: noKey });
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain("requestKey");
    });
  });
});
