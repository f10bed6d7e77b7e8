// The merchant's Orders and Customers pages inside (the double's) Shopify admin, fed only by live
// webhooks: the list shows the shop's orders, search finds one, a status tab filters and survives a
// reload, an order's page shows its items, its shipment with a tracking link and its after-sales
// timeline, and the customers list and a customer's page follow — in English and in Polish, each
// page free of serious accessibility violations. An order another shop does not have is a 404.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { liveOrderStory, placeOrder } from "../support/demo-orders";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { numericIdOf } from "../support/shopify/admin/ids";
import type { CustomerRecord, OrderRecord } from "../support/shopify/admin/store-types";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;
let anna: CustomerRecord;
let jan: CustomerRecord;
let delivered: OrderRecord;
let shipped: OrderRecord;
let placed: OrderRecord;
let jans: OrderRecord;
let trackingNumber: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-orders-"));
  // An empty shop (no history to import): every row the pages show came through a webhook.
  stack = await startStack({ dataDir, seed: false, appLogLevel: "warn" });
  const { store, shop } = stack;
  store.createProduct(shop, { title: "Kubek ceramiczny", variants: [{ title: "Niebieski", sku: "KUB-NB", price: "49.00" }] });
  anna = stack.customer;
  // Anna was created before the app was installed; an update tells the app about her.
  store.updateCustomer(shop, anna.id, { marketingState: "SUBSCRIBED" });
  [delivered, shipped, placed] = liveOrderStory(store, shop, anna.id);
  // The story's orders share one instant of the demo clock; Jan orders a day later.
  await stack.clock.advance(86_400_000);
  const line = store.order(shop, delivered.id).lineItems[0];
  store.refund(shop, delivered.id, { lineItems: [{ lineItemId: line.id, quantity: 1 }], note: "Pęknięty kubek" });
  jan = store.createCustomer(shop, { email: "jan.kowalski@example.com", firstName: "Jan", lastName: "Kowalski", locale: "pl" });
  jans = placeOrder(store, shop, { customerId: jan.id, quantity: 2 });
  trackingNumber = store.fulfillmentsOf(shop, delivered.id)[0].tracking?.number ?? "";
  await stack.settle();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The admin page with the app at `appPath`, in the merchant's language. */
async function openAdmin(appPath = "", locale: "en" | "pl" = "en"): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.newPage(locale === "pl" ? { locale: "pl-PL" } : {});
  await serveAppBridgeLocally(page, stack.urls.double);
  const url = new URL(stack.urls.admin + appPath);
  if (locale === "pl") url.searchParams.set("locale", "pl");
  expect((await page.goto(url.href))?.status()).toBe(200);
  return { page, frame: await appFrame(page) };
}

/** The order names in the table, top to bottom. */
async function listedOrders(frame: Frame): Promise<string[]> {
  return frame.evaluate(() =>
    Array.from(document.querySelectorAll("table tbody tr")).map((tr) => tr.querySelector("td a")?.textContent?.trim() ?? ""),
  );
}

/**
 * Waits until the table lists exactly these orders: in this order, except that orders placed at
 * one instant (liveOrderStory's) may come in any order among themselves.
 */
async function waitForOrders(frame: Frame, expected: (string | string[])[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  const want = JSON.stringify(expected.map((e) => (Array.isArray(e) ? [...e].sort() : e)));
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await listedOrders(frame);
    let i = 0;
    const grouped = expected.map((e) => (Array.isArray(e) ? seen.slice(i, (i += e.length)).sort() : seen[i++]));
    if (seen.length === i && JSON.stringify(grouped) === want) return;
    await frame.waitForTimeout(100);
  }
  throw new Error(`the table showed ${JSON.stringify(seen)}, not ${JSON.stringify(expected)}`);
}

const annasOrders = () => [placed.name, shipped.name, delivered.name];

async function expectAccessible(frame: Frame): Promise<void> {
  expect(await seriousA11yViolations(frame)).toEqual([]);
}

describe("Orders and Customers in Shopify admin", () => {
  it("lists, searches and filters orders, and opens an order with its shipment and timeline (English)", async () => {
    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Orders" }).click();
    let frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Orders", level: 1 }).waitFor();
    // Newest first: Jan's order, then Anna's three.
    await waitForOrders(frame, [jans.name, annasOrders()]);
    const row = frame.getByRole("row").filter({ hasText: jans.name });
    await row.getByText("jan.kowalski@example.com").waitFor();
    await row.getByText("Paid", { exact: true }).waitFor();
    await row.getByText("Unfulfilled", { exact: true }).waitFor();
    await expectAccessible(frame);

    // Search by email prefix, then by order number without its #.
    await frame.getByRole("button", { name: "Search orders" }).click();
    const search = frame.getByPlaceholder("Search by order number or email");
    await search.fill("jan.kow");
    await waitForOrders(frame, [jans.name]);
    await search.fill(shipped.name.replace("#", ""));
    await waitForOrders(frame, [shipped.name]);
    await expectAccessible(frame);
    await frame.getByRole("button", { name: "Cancel" }).click();
    await waitForOrders(frame, [jans.name, annasOrders()]);

    // A status tab filters, and the URL keeps it through a reload.
    await frame.getByRole("tab", { name: "Delivered" }).click();
    await waitForOrders(frame, [delivered.name]);
    await page.reload();
    frame = await appFrame(page);
    await frame.getByRole("tab", { name: "Delivered", selected: true }).waitFor();
    await waitForOrders(frame, [delivered.name]);
    await expectAccessible(frame);

    // The delivered order's page.
    await frame.getByRole("link", { name: delivered.name }).click();
    await frame.getByRole("heading", { name: delivered.name, level: 1 }).waitFor();
    await frame.getByRole("heading", { name: "Items" }).waitFor();
    await frame.getByText("Kubek ceramiczny", { exact: true }).first().waitFor();
    await frame.getByText("KUB-NB").waitFor();
    await frame.getByText("Carrier: InPost").first().waitFor();
    const tracking = frame.getByRole("link", { name: `Track shipment ${trackingNumber}` });
    expect(await tracking.getAttribute("href")).toBe(`https://inpost.pl/sledzenie-przesylek?number=${trackingNumber}`);
    await frame
      .getByText(/^Delivered .+, confirmed by carrier$/)
      .first()
      .waitFor();
    await frame.getByText("Note: Pęknięty kubek").first().waitFor();

    await frame.getByRole("heading", { name: "After-sales timeline" }).waitFor();
    // The story happens at one instant of the demo clock, so its order is the integration test's to check.
    const timeline = await frame.evaluate(() =>
      Array.from(document.querySelectorAll("ol > li h3")).map((h) => h.textContent?.trim() ?? ""),
    );
    expect(timeline).toEqual(expect.arrayContaining(["Order placed", "Order paid", "Order shipped", "Order delivered", "Refund issued"]));
    await frame.getByText(`Tracking number ${trackingNumber}`).waitFor();
    expect(visibleText(await frame.locator("ol > li").first().textContent())).toMatch(/From Shopify/);
    await expectAccessible(frame);

    // Its customer.
    await frame.getByRole("link", { name: "View customer" }).click();
    await frame.getByRole("heading", { name: "Anna Nowak", level: 1 }).waitFor();
    await frame.getByText(`Email: ${anna.email}`).waitFor();
    await frame.getByText("Subscribed", { exact: true }).first().waitFor();
    await waitForOrders(frame, [annasOrders()]);
    await frame.getByRole("heading", { name: "After-sales timeline" }).waitFor();
    await frame
      .getByRole("link", { name: `Order ${delivered.name}` })
      .first()
      .waitFor();
    await expectAccessible(frame);
  });

  it("lists customers with their orders, spend and consent, and opens one (English)", async () => {
    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Customers" }).click();
    const frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
    const annaRow = frame.getByRole("row").filter({ hasText: anna.email! });
    await annaRow.getByText("3 orders").waitFor();
    await annaRow.getByText("Subscribed").waitFor();
    const janRow = frame.getByRole("row").filter({ hasText: "jan.kowalski@example.com" });
    await janRow.getByText("1 order", { exact: true }).waitFor();
    await janRow.getByText("Not subscribed").waitFor();
    await expectAccessible(frame);

    await frame.getByRole("button", { name: "Search customers" }).click();
    await frame.getByPlaceholder("Search by email or name").fill("Kowal");
    await frame.getByRole("row").filter({ hasText: anna.email! }).waitFor({ state: "detached" });
    await frame.getByRole("link", { name: "Jan Kowalski" }).click();
    await frame.getByRole("heading", { name: "Jan Kowalski", level: 1 }).waitFor();
    await waitForOrders(frame, [jans.name]);
    await frame.getByText("Customer created").waitFor();
    await expectAccessible(frame);
  });

  it("speaks Polish on every page", async () => {
    const { page, frame } = await openAdmin("/app/orders", "pl");
    await frame.getByRole("heading", { name: "Zamówienia", level: 1 }).waitFor();
    await waitForOrders(frame, [jans.name, annasOrders()]);
    await frame.getByRole("columnheader", { name: "Płatność" }).waitFor();
    await frame.getByRole("tab", { name: "Doręczone" }).waitFor();
    await frame.getByRole("row").filter({ hasText: jans.name }).getByText("Niezrealizowane").waitFor();
    await expectAccessible(frame);

    await frame.getByRole("link", { name: delivered.name }).click();
    await frame.getByRole("heading", { name: delivered.name, level: 1 }).waitFor();
    await frame.getByRole("heading", { name: "Przesyłki", exact: true }).waitFor();
    await frame.getByText("Przewoźnik: InPost").first().waitFor();
    await frame.getByRole("link", { name: `Śledź przesyłkę ${trackingNumber}` }).waitFor();
    await frame.getByRole("heading", { name: "Oś czasu obsługi posprzedażowej" }).waitFor();
    for (const label of ["Złożono zamówienie", "Zamówienie opłacone", "Zamówienie wysłane", "Zamówienie doręczone"]) {
      await frame.getByRole("heading", { name: label }).first().waitFor();
    }
    await frame.getByText("Notatka: Pęknięty kubek").first().waitFor();
    await expectAccessible(frame);

    await page.getByRole("link", { name: "Klienci" }).click();
    const customers = await appFrame(page);
    await customers.getByRole("heading", { name: "Klienci", level: 1 }).waitFor();
    await customers.getByRole("row").filter({ hasText: anna.email! }).getByText("3 zamówienia").waitFor();
    await customers.getByRole("row").filter({ hasText: "jan.kowalski@example.com" }).getByText("1 zamówienie").waitFor();
    await expectAccessible(customers);

    await customers.getByRole("link", { name: "Anna Nowak" }).click();
    await customers.getByRole("heading", { name: "Anna Nowak", level: 1 }).waitFor();
    await customers.getByRole("heading", { name: "Marketing e-mailowy" }).waitFor();
    await customers.getByText("Subskrybuje").first().waitFor();
    await expectAccessible(customers);
  });

  it("answers 404 with a Polaris page for an order or customer the shop does not have", async () => {
    const { frame } = await openAdmin(`/app/orders/${numericIdOf(jans.id)}`);
    await frame.getByRole("heading", { name: jans.name, level: 1 }).waitFor();
    const statuses = await frame.evaluate(async () => ({
      order: (await fetch("/app/orders/999999999?_data=routes%2Fapp.orders.%24id")).status,
      customer: (await fetch("/app/customers/999999999?_data=routes%2Fapp.customers.%24id")).status,
      notANumber: (await fetch("/app/orders/abc?_data=routes%2Fapp.orders.%24id")).status,
    }));
    expect(statuses).toEqual({ order: 404, customer: 404, notANumber: 404 });

    const missing = await openAdmin("/app/orders/999999999");
    await missing.frame.getByRole("heading", { name: "Order not found", level: 1 }).waitFor();
    await missing.frame.getByRole("link", { name: "Back to orders" }).first().waitFor();
    await expectAccessible(missing.frame);
  });
});
