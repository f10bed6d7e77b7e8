// The merchant's "Privacy requests" page inside (the double's) Shopify admin: empty at first; once a
// customer has asked Shopify for their data, the request is listed as completed and Download saves the
// JSON export as a file (fetched with App Bridge's session token); an id that is not the shop's is 404.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser } from "../support/browser";
import { numericIdOf } from "../support/shopify/admin/ids";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-privacy-"));
  stack = await startStack({ dataDir, seed: false, appLogLevel: "warn" });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Opens the page from the app's menu in the admin, as a merchant does. */
async function openPrivacyRequests(page: Page): Promise<Frame> {
  await page.getByRole("link", { name: "Privacy requests" }).click();
  const frame = await appFrame(page);
  await frame.getByRole("heading", { name: "Privacy requests", level: 1 }).waitFor();
  return frame;
}

describe("Privacy requests in Shopify admin", () => {
  it("lists a customer's data request and saves its export as a JSON file", async () => {
    const page = await browser.newPage({ acceptDownloads: true });
    await serveAppBridgeLocally(page, stack.urls.double);
    await page.goto(stack.urls.admin);
    let frame = await openPrivacyRequests(page);
    await frame.getByText("No privacy requests yet").waitFor();
    expect(await seriousA11yViolations(frame)).toEqual([]);

    const customerId = numericIdOf(stack.customer.id);
    const delivered = await stack.double.sender.deliver(stack.shop, "customers/data_request", {
      shop_id: 954889n,
      shop_domain: stack.shop,
      customer: { id: BigInt(customerId), email: stack.customer.email, phone: null },
      orders_requested: [],
      data_request: { id: 9999n },
    });
    expect(delivered.map((d) => d.ok)).toEqual([true]);

    // The export is built in the background: reopen the page until it is ready.
    const download = () => frame.getByRole("button", { name: /^Download/ });
    const deadline = Date.now() + 20_000;
    while ((await download().count()) === 0) {
      if (Date.now() > deadline) throw new Error("the data request never became downloadable");
      await page.waitForTimeout(250);
      frame = await openPrivacyRequests(page);
    }
    const row = frame.getByRole("row").filter({ has: download() });
    for (const text of ["Data request", `Customer ${customerId}`, "Completed"]) await row.getByText(text).first().waitFor();

    const [file] = await Promise.all([page.waitForEvent("download"), download().click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^customer-${customerId}-data-\\d{4}-\\d{2}-\\d{2}\\.json$`));
    const exported = JSON.parse(fs.readFileSync(await file.path(), "utf8")) as {
      shop: string;
      customer: { gid: string };
      data: { ComplianceRequest: { topic: string }[] };
    };
    expect(exported.shop).toBe(stack.shop);
    expect(exported.customer.gid).toBe(`gid://shopify/Customer/${customerId}`);
    expect(exported.data.ComplianceRequest.map((r) => r.topic)).toContain("customers/data_request");

    // The download route answers only for this shop's own requests.
    const missing = await frame.evaluate(async () => (await fetch("/app/privacy/not-this-shops-request/export")).status);
    expect(missing).toBe(404);
    expect(await seriousA11yViolations(frame)).toEqual([]);
  });
});
