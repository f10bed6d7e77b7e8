// A new merchant installs Aftercare in a shop with a year of orders: the history import brings the
// seeded 1,000 orders and 200 customers in by itself, the Orders page lists them (the oldest is a
// search away), an imported order's page shows its timeline marked as history, and an import
// started from the overview shows its progress bar while it runs and its result after.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser } from "../support/browser";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { startStack, type Stack } from "../support/stack";
import { historyImported, latestImport } from "../support/history-import";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;

async function fault(body: unknown, method = "POST") {
  const res = await fetch(`${stack.urls.double}/_double/faults`, {
    method,
    headers: { "content-type": "application/json" },
    body: method === "POST" ? JSON.stringify(body) : undefined,
  });
  expect(res.status).toBe(200);
}

async function openAdmin(appPath = ""): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.newPage();
  await serveAppBridgeLocally(page, stack.urls.double);
  expect((await page.goto(stack.urls.admin + appPath))?.status()).toBe(200);
  return { page, frame: await appFrame(page) };
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-history-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  // Installing started the import; it ends on its own.
  await historyImported(stack.files.database);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("history import", () => {
  it("brings the shop's year of orders into the Orders page, with the imported order's timeline", async () => {
    const data = stack.store.shopData(stack.shop);
    const orders = Object.values(data.orders);
    const imported = await latestImport(stack.files.database);
    expect(imported).toMatchObject({
      status: "completed",
      ordersImported: orders.length,
      customersImported: Object.keys(data.customers).length,
    });
    expect(orders.length).toBeGreaterThanOrEqual(1_000);

    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Orders" }).click();
    const frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Orders", level: 1 }).waitFor();
    await frame.getByText(new RegExp(`^${orders.length.toLocaleString("en-GB")} orders · `)).waitFor();
    await expect.poll(() => frame.locator("table tbody tr").count(), { timeout: 15_000 }).toBe(50);
    await frame.getByRole("button", { name: /next/i }).first().waitFor();

    // The oldest order, from a year before the app was installed, is a search away.
    const oldest = [...orders].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))[0];
    await frame.getByRole("button", { name: "Search orders" }).click();
    await frame.getByPlaceholder("Search by order number or email").fill(oldest.name);
    await expect
      .poll(() => frame.evaluate(() => Array.from(document.querySelectorAll("table tbody tr td a")).map((a) => a.textContent?.trim())), {
        timeout: 15_000,
      })
      .toEqual([oldest.name]);
    expect(await seriousA11yViolations(frame)).toEqual([]);

    await frame.getByRole("link", { name: oldest.name }).click();
    await frame.getByRole("heading", { name: oldest.name, level: 1 }).waitFor();
    await frame.getByText("Order placed", { exact: false }).first().waitFor();
    // Imported events are marked as history: nothing was sent to the customer about them.
    expect(await frame.getByText("History", { exact: true }).count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(frame)).toEqual([]);
  }, 60_000);

  it("shows an import's progress bar while it runs and its result when it ends", async () => {
    // Shopify's export waits, so the import is caught in the middle.
    await fault({ shop: stack.shop, mode: "bulkPause" });
    const { frame } = await openAdmin();
    await frame.getByRole("heading", { name: "Order history" }).waitFor();
    await frame.getByText(/^History of the last 365 days imported on /).waitFor();
    await frame.getByLabel("Days of history").fill("90");
    await frame.getByRole("button", { name: "Import again" }).click();
    await frame.getByRole("progressbar").waitFor({ timeout: 15_000 });
    await frame.getByText(/^Step [12] of 2: /).waitFor();
    await frame.getByRole("button", { name: "Stop import" }).waitFor();
    expect(await seriousA11yViolations(frame)).toEqual([]);

    await fault(null, "DELETE");
    await frame.getByText(/^History of the last 90 days imported on /).waitFor({ timeout: 30_000 });
    expect(await frame.getByRole("progressbar").count()).toBe(0);
    // The second import found every order already there: nothing older overwrote anything newer.
    expect((await latestImport(stack.files.database))?.status).toBe("completed");
  }, 60_000);

  it("lets the merchant set when an unreported parcel counts as delivered, and the history's default reach", async () => {
    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Settings" }).click();
    const frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    const fallback = frame.getByLabel("Days after shipping");
    expect(await fallback.inputValue()).toBe("5");
    await fallback.fill("8");
    await frame.getByLabel("Days of history").fill("730");
    await frame.getByRole("button", { name: "Save" }).click();
    await frame.getByText("Settings saved.").waitFor();
    expect(await seriousA11yViolations(frame)).toEqual([]);
    await page.reload();
    const again = await appFrame(page);
    await again.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    expect(await again.getByLabel("Days after shipping").inputValue()).toBe("8");
    expect(await again.getByLabel("Days of history").inputValue()).toBe("730");
    // Out of range is refused by the form itself, and nothing is saved.
    const field = again.getByLabel("Days after shipping");
    await field.fill("99");
    await again.getByRole("button", { name: "Save" }).click();
    expect(await field.evaluate((el) => (el as HTMLInputElement).validity.rangeOverflow)).toBe(true);
    await page.reload();
    expect(await (await appFrame(page)).getByLabel("Days after shipping").inputValue()).toBe("8");
  }, 60_000);
});
