// A shopper on the demo shop's storefront: finds their real orders in the order-care block (their past
// orders, brought in by the history import at install, and orders placed since, sent to the built app as
// webhooks — read back through the signed app proxy), sees products as in a real shop, and buys one —
// which starts the after-sales flow: the app receives the order.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { liveOrderStory } from "../support/demo-orders";
import type { OrderRecord } from "../support/shopify/admin/store-types";
import { numericIdOf } from "../support/shopify/admin";
import { startStack, type Stack } from "../support/stack";
import { historyImported } from "../support/history-import";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;
let story: OrderRecord[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-storefront-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  await historyImported(stack.files.database);
  story = liveOrderStory(stack.store, stack.shop, stack.customer.id);
  await stack.settle();
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The block shows the customer's newest orders, up to five. */
const shown = () => Math.min(5, stack.store.ordersOf(stack.shop, stack.customer.id).length);

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
    // The live story's three orders and, behind them, the customer's history from before the install.
    await expect.poll(() => orders.count(), { timeout: 30_000 }).toBe(shown());
    expect(shown()).toBeGreaterThan(3);
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
    expect(await page.locator(".aftercare-order").count()).toBe(shown());
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});

describe("buying on the demo storefront", () => {
  /** The demo's first product with a choice of variants (the seed is deterministic). */
  function productWithVariants() {
    const data = stack.store.shopData(stack.shop);
    const product = Object.values(data.products).find((p) => p.variantIds.length > 1);
    if (!product) throw new Error("the demo catalogue has no product with variants");
    return {
      product,
      variants: product.variantIds.map((id) => data.variants[id]),
      url: `${stack.urls.storefront}products/${product.handle}`,
    };
  }

  it("shows a product as a real shop does: picture, price, description and a variant picker, in Polish and English", async () => {
    const { product, variants, url } = productWithVariants();
    const page = await browser.newPage();
    await page.goto(`${url}?locale=pl`);
    expect(visibleText(await page.getByRole("heading", { level: 1 }).textContent())).toBe(product.title);
    const picture = page.getByRole("img", { name: product.title });
    expect(await picture.getAttribute("src")).toMatch(/^data:image\/svg\+xml,/);
    expect(await picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    // Variants are priced differently, so the headline price is the lowest: "od 189,00 zł".
    expect(visibleText(await page.locator(".product__price").textContent())).toBe(`od ${variants[0].price.replace(".", ",")} zł`);
    expect(visibleText(await page.locator(".product__description").textContent())).toContain("Pielęgnacja:");
    const picker = page.getByRole("group", { name: "Wariant" });
    expect(await picker.getByRole("radio").count()).toBe(variants.length);
    expect(await picker.getByRole("radio", { name: `${variants[0].title} – ${variants[0].price.replace(".", ",")} zł` }).isChecked()).toBe(
      true,
    );
    await page.getByRole("button", { name: "Kup" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(`${url}?locale=en`);
    expect(visibleText(await page.locator(".product__price").textContent())).toBe(`from PLN ${variants[0].price}`);
    expect(await page.getByRole("group", { name: "Variant" }).getByRole("radio").count()).toBe(variants.length);
    await page.getByRole("button", { name: "Buy" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("asks a guest to sign in first, then brings them back to the product with their choice kept", async () => {
    const { variants, url } = productWithVariants();
    const page = await browser.newPage();
    await page.goto(`${url}?locale=en`);
    await page.getByRole("radio", { name: new RegExp(`^${variants[1].title} – `) }).check();
    await page.getByRole("button", { name: "Buy" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(visibleText(await page.getByRole("status").textContent())).toBe("Sign in to finish your purchase.");
    const name = `${stack.customer.firstName} ${stack.customer.lastName} (${stack.customer.email})`;
    await page.getByRole("link", { name: `Sign in as ${name}`, exact: true }).click();
    expect(page.url()).toBe(`${url}?variant=${numericIdOf(variants[1].id)}`);
    expect(await page.getByRole("radio", { name: new RegExp(`^${variants[1].title} – `) }).isChecked()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("places the order as the signed-in shopper; the confirmation names it and the account lists it from Aftercare", async () => {
    const { product, variants, url } = productWithVariants();
    const ordersBefore = stack.store.ordersOf(stack.shop, stack.customer.id).length;
    const page = await signIn("pl");
    await page.goto(url);
    await page.getByRole("radio", { name: new RegExp(`^${variants[1].title} – `) }).check();
    await page.getByLabel("Ilość").fill("2");
    await page.getByRole("button", { name: "Kup" }).click();

    await page.getByRole("heading", { level: 1, name: "Dziękujemy za zamówienie!" }).waitFor();
    const placed = stack.store.ordersOf(stack.shop, stack.customer.id);
    expect(placed).toHaveLength(ordersBefore + 1);
    const order = placed.reduce((newest, o) => (o.number > newest.number ? o : newest));
    expect(order.lineItems.map((l) => ({ title: l.title, variant: l.variantTitle, quantity: l.quantity }))).toEqual([
      { title: product.title, variant: variants[1].title, quantity: 2 },
    ]);
    expect(visibleText(await page.getByRole("status").textContent())).toBe(`Zamówienie ${order.name} zostało przyjęte.`);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The double sent orders/create to the app; the account's order-care block reads the app's copy.
    await page.getByRole("link", { name: "Zobacz swoje zamówienia na koncie" }).click();
    await page.getByRole("heading", { level: 3, name: `Zamówienie ${order.name}` }).waitFor({ timeout: 10_000 });
    expect(await seriousA11yViolations(page)).toEqual([]);
  });
});
