// The merchant's returns inside (the double's) Shopify admin: a delivered order's customer asks to
// return an item (Shopify's returns/request webhook); the nav leads to the queue, which shows it as
// needing action; on its page the merchant approves it, adds a label, marks it received, processes
// the refund and closes it, each answered with a toast, and Shopify's return follows (a refund on the
// order, the return closed). In Polish the queue, the return and the policy settings speak Polish.
// Every page is free of serious accessibility violations.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { seriousA11yViolations, useBrowser } from "../support/browser";
import { deliverOrder, placeOrder, requestReturnOf, shipOrder } from "../support/demo-orders";
import type { OrderRecord } from "../support/shopify/admin/store-types";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;
let order: OrderRecord;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-returns-admin-"));
  // An empty shop (no history to import): the one return comes through Shopify's webhook.
  stack = await startStack({ dataDir, seed: false, appLogLevel: "warn" });
  stack.store.createProduct(stack.shop, { title: "Wazon szklany", variants: [{ title: "Zielony", sku: "WAZ-ZL", price: "129.00" }] });
  order = placeOrder(stack.store, stack.shop, { customerId: stack.customer.id });
  shipOrder(stack.store, stack.shop, order.id);
  deliverOrder(stack.store, stack.shop, order.id);
  requestReturnOf(stack.store, stack.shop, order.id);
  await stack.settle();
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openAdmin(appPath = "", locale?: "pl"): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.newPage(locale ? { locale: "pl-PL" } : {});
  await serveAppBridgeLocally(page, stack.urls.double);
  const url = new URL(stack.urls.admin + appPath);
  if (locale) url.searchParams.set("locale", locale);
  expect((await page.goto(url.href))?.status()).toBe(200);
  return { page, frame: await appFrame(page) };
}

const toast = (page: Page, text: string) => page.locator("[data-double-toast]").filter({ hasText: text }).last().waitFor();

describe("returns in Shopify admin", () => {
  it("the queue shows the requested return; the merchant approves it, adds a label, receives, refunds and closes it", async () => {
    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Returns" }).click();
    let frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Returns", level: 1 }).waitFor();
    const row = frame.getByRole("row").filter({ hasText: order.name });
    await row.waitFor();
    expect(await row.getByText("Requested").count()).toBe(1);
    expect(await seriousA11yViolations(frame)).toEqual([]);

    await row.getByRole("link").first().click();
    frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Why the policy decided this" }).waitFor();
    await frame.getByText(`Order ${order.name}`, { exact: false }).first().waitFor();
    expect(await seriousA11yViolations(frame)).toEqual([]);

    await frame.getByLabel("Message to the customer (optional)").fill("Please pack it in the original box.");
    await frame.getByRole("button", { name: "Approve return" }).click();
    await toast(page, "Return approved");

    await frame.getByLabel("Label URL").fill("https://labels.example.com/return-label.pdf");
    await frame.getByLabel("Tracking number").fill("RT123456789PL");
    await frame.getByLabel("Carrier (optional)").fill("InPost");
    await frame.getByRole("button", { name: "Add label" }).click();
    await toast(page, "Label added");
    await frame.getByText("Tracking RT123456789PL · InPost").waitFor();

    await frame.getByRole("button", { name: "Mark as received" }).click();
    await toast(page, "Marked as received");

    await frame.getByText(/^Refunds .+ to the customer's original payment method\.$/).waitFor();
    await frame.getByRole("button", { name: "Process return" }).click();
    await toast(page, "Return processed");

    await frame.getByRole("button", { name: "Close return" }).click();
    await toast(page, "Return closed");
    await frame.getByText("Closed", { exact: true }).first().waitFor();
    expect(await frame.getByRole("button", { name: "Close return" }).count()).toBe(0);
    expect(await seriousA11yViolations(frame)).toEqual([]);

    // Shopify's side followed: the money went back and the return is closed.
    await stack.settle();
    expect(stack.store.refundsOf(stack.shop, order.id).length).toBeGreaterThan(0);
    expect(stack.store.returnsOf(stack.shop, order.id).map((r) => r.status)).toEqual(["CLOSED"]);

    // The queue's Closed tab has it now; the order's page lists it.
    await frame.getByRole("link", { name: "Returns" }).first().click();
    await frame.getByRole("heading", { name: "Returns", level: 1 }).waitFor();
    await frame.getByRole("tab", { name: /^Closed/ }).click();
    await frame.getByRole("row").filter({ hasText: order.name }).waitFor();
  }, 120_000);

  it("speaks Polish: the queue, the return and the policy settings", async () => {
    const { page, frame } = await openAdmin("/app/returns?tab=all", "pl");
    await frame.getByRole("heading", { name: "Zwroty", level: 1 }).waitFor();
    await frame.getByRole("tab", { name: /^Do decyzji/ }).waitFor();
    const row = frame.getByRole("row").filter({ hasText: order.name });
    await row.getByText("Zwrot pieniędzy").waitFor();
    expect(await seriousA11yViolations(frame)).toEqual([]);

    await row.getByRole("link").first().click();
    const detail = await appFrame(page);
    await detail.getByRole("heading", { name: "Dlaczego polityka tak zdecydowała" }).waitFor();
    await detail.getByRole("heading", { name: "Postęp" }).waitFor();

    await detail.getByRole("link", { name: "Zwroty" }).first().click();
    await detail.getByRole("heading", { name: "Zwroty", level: 1 }).waitFor();
    await detail.getByRole("link", { name: "Polityka zwrotów" }).first().click();
    await detail.getByRole("heading", { name: "Polityka zwrotów", level: 1 }).waitFor();
    expect(await detail.getByLabel("Dni na zwrot").first().inputValue()).toBe("30");
    expect(await seriousA11yViolations(detail)).toEqual([]);
  }, 90_000);
});
