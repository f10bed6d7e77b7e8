// The merchant's loyalty pages inside (the double's) Shopify admin: the nav leads to the overview and
// on to the settings, which start from the starter program; changing the points per currency unit
// opens App Bridge's save bar, Save keeps it (a reload shows it) and closes the bar. On a customer's
// page, a manual adjustment with a note moves the balance and lists the change in their points
// history. Every page is free of serious accessibility violations.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser } from "../support/browser";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { numericIdOf } from "../support/shopify/admin";
import { startStack, type Stack } from "../support/stack";
import { waitFor } from "../support/wait";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;

/** A value from the app's database, as the app stored it. */
async function query(sql: string): Promise<Record<string, unknown>[]> {
  const db = createClient({ url: `file:${stack.files.database}` });
  try {
    return (await db.execute(sql)).rows as unknown as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-loyalty-"));
  stack = await startStack({ dataDir, seed: false, appLogLevel: "warn" });
  await stack.settle();
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function openAdmin(appPath = ""): Promise<{ page: Page; frame: Frame }> {
  const page = await browser.newPage();
  await serveAppBridgeLocally(page, stack.urls.double);
  expect((await page.goto(stack.urls.admin + appPath))?.status()).toBe(200);
  return { page, frame: await appFrame(page) };
}

/**
 * The double's App Bridge keeps no save bar of its own: the test records which bars the page asks
 * App Bridge to show (`shopify.saveBar.show` / `hide`), as Shopify admin would draw them.
 */
async function watchSaveBar(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const w = window as unknown as { shopify: { saveBar: Record<string, (id: string) => unknown> }; openSaveBars: string[] };
    const bar = w.shopify.saveBar;
    const show = bar.show.bind(bar);
    const hide = bar.hide.bind(bar);
    w.openSaveBars = [];
    bar.show = (id) => {
      if (!w.openSaveBars.includes(id)) w.openSaveBars.push(id);
      return show(id);
    };
    bar.hide = (id) => {
      w.openSaveBars = w.openSaveBars.filter((x) => x !== id);
      return hide(id);
    };
  });
}

const saveBarOpen = (frame: Frame, open: boolean) =>
  frame.waitForFunction(
    ([id, wanted]) => ((window as unknown as { openSaveBars?: string[] }).openSaveBars ?? []).includes(id as string) === wanted,
    ["loyalty-settings-save-bar", open] as const,
  );

describe("loyalty in Shopify admin", () => {
  it("changes the points per currency unit through the save bar, and a reload shows it", async () => {
    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Loyalty" }).click();
    let frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Loyalty", level: 1 }).waitFor();
    await frame.getByText("Balances match the ledger").waitFor();
    expect(await seriousA11yViolations(frame)).toEqual([]);

    await frame.getByRole("link", { name: "Program settings" }).first().click();
    await frame.getByRole("heading", { name: "Loyalty program settings", level: 1 }).waitFor();
    await frame.getByText("A starting program, ready to adjust").waitFor();
    expect(await frame.getByLabel("Tier name").first().inputValue()).toBe("Silver");
    expect(await seriousA11yViolations(frame)).toEqual([]);

    await watchSaveBar(frame);
    const perUnit = frame.getByLabel("Points per currency unit");
    expect(await perUnit.inputValue()).toBe("1");
    await perUnit.fill("2");
    await saveBarOpen(frame, true);
    await expect(frame.locator("ui-save-bar#loyalty-settings-save-bar button").allTextContents()).resolves.toEqual(["Save", "Discard"]);

    await frame.getByRole("button", { name: "Save" }).first().click();
    await page.locator("[data-double-toast]").filter({ hasText: "Loyalty program saved" }).waitFor();
    await saveBarOpen(frame, false);
    expect((await query(`SELECT "pointsPerUnit" FROM "LoyaltyProgram"`)).map((r) => Number(r.pointsPerUnit))).toEqual([2]);

    await page.reload();
    frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Loyalty program settings", level: 1 }).waitFor();
    expect(await frame.getByLabel("Points per currency unit").inputValue()).toBe("2");
    // Saved once, the starter program is the shop's own: no more starter notice.
    expect(await frame.getByText("A starting program, ready to adjust").count()).toBe(0);
    expect(await query(`SELECT "name" FROM "LoyaltyTier" ORDER BY "threshold"`)).toEqual([
      expect.objectContaining({ name: "Silver" }),
      expect.objectContaining({ name: "Gold" }),
    ]);
  });

  it("adjusts a customer's points with a note, onto their points history", async () => {
    const id = numericIdOf(stack.customer.id);
    // The customer comes in with the install's history import, which runs in the background.
    await waitFor(
      async () => (await query(`SELECT 1 FROM "Customer" WHERE "customerGid" = '${stack.customer.id}'`)).length === 1,
      30_000,
      "the customer to be imported",
    );
    const { page, frame } = await openAdmin(`/app/customers/${id}`);
    await frame.getByRole("heading", { name: "Loyalty points" }).waitFor();
    await frame.getByText("No points yet.").waitFor();

    await frame.getByLabel("Points", { exact: true }).fill("75");
    await frame.getByLabel("Note", { exact: true }).fill("Sorry for the late parcel");
    await frame.getByRole("button", { name: "Adjust points" }).click();
    await page.locator("[data-double-toast]").filter({ hasText: "Points adjusted. The balance is now 75 points" }).waitFor();
    await frame.getByText("Adjusted", { exact: true }).waitFor();
    await frame.getByText("Note: Sorry for the late parcel").first().waitFor();
    expect(await frame.getByLabel("Points", { exact: true }).inputValue()).toBe("");
    expect(await query(`SELECT "points", "note" FROM "LoyaltyEntry"`)).toEqual([
      expect.objectContaining({ points: 75, note: "Sorry for the late parcel" }),
    ]);
    expect(await seriousA11yViolations(frame)).toEqual([]);
  });
});
