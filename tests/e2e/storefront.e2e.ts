// A shopper signs in on the demo shop's storefront and finds their real orders in the order-care block:
// orders placed in the store, sent to the built app as webhooks, read back through the signed app proxy.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { liveOrderStory } from "../support/demo-orders";
import type { OrderRecord } from "../support/shopify/admin/store-types";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;
let story: OrderRecord[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-storefront-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  story = liveOrderStory(stack.store, stack.shop, stack.customer.id);
  await stack.settle();
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(locale: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(stack.urls.accountLogin(stack.customer.id));
  expect(page.url()).toBe(stack.urls.account);
  await page.goto(`${stack.urls.account}?locale=${locale}`);
  return page;
}

describe("the order-care block on the demo storefront", () => {
  it("lists the signed-in customer's own orders with their real shipping state and tracking", async () => {
    const page = await signIn("en");
    const orders = page.locator(".aftercare-order");
    await expect.poll(() => orders.count(), { timeout: 10_000 }).toBe(3);
    expect(await visibleText(await page.getByRole("heading", { level: 2 }).textContent())).toBe("Your orders");

    const [delivered, shipped, placed] = story;
    const byName = async (name: string) => {
      const order = orders.filter({ has: page.getByRole("heading", { level: 3, name: `Order ${name}` }) });
      expect(await order.count()).toBe(1);
      return order;
    };
    expect(visibleText(await (await byName(placed.name)).locator(".aftercare-badge").textContent())).toBe("Ordered");
    const inTransit = await byName(shipped.name);
    expect(visibleText(await inTransit.locator(".aftercare-badge").textContent())).toBe("Shipped");
    const tracking = stack.store.fulfillmentsOf(stack.shop, shipped.id)[0].tracking;
    const link = inTransit.getByRole("link", { name: `Track package ${tracking?.number}` });
    expect(await link.getAttribute("href")).toBe(tracking?.url);
    expect(visibleText(await (await byName(delivered.name)).locator(".aftercare-badge").textContent())).toMatch(/^Delivered on /);

    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("shows an order placed a moment ago, in Polish for a Polish shopper", async () => {
    const order = stack.store.createOrder(stack.shop, {
      customerId: stack.customer.id,
      lineItems: [{ variantId: Object.keys(stack.store.shopData(stack.shop).variants)[0], quantity: 2 }],
    });
    await stack.settle();
    const page = await signIn("pl");
    await page.getByRole("heading", { level: 3, name: `Zamówienie ${order.name}` }).waitFor({ timeout: 10_000 });
    expect(visibleText(await page.getByRole("heading", { level: 2 }).textContent())).toBe("Twoje zamówienia");
    expect(await page.locator(".aftercare-order").count()).toBe(4);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
