// The merchant's messaging pages inside (the double's) Shopify admin, on an order delivered through the
// double's store: the Flows page lists the flows (follow-up, cross-sell, review request); the follow-up's editor takes a new Polish subject,
// its Polish preview follows as the merchant types, "Send test" delivers it to the demo mailbox marked
// [Test], and Save keeps it; the Outbox lists the emails the delivery planned and Cancel stops one.
// Every page is free of serious accessibility violations.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient } from "@libsql/client";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { deliverOrder, placeOrder, shipOrder } from "../support/demo-orders";
import type { OrderRecord } from "../support/shopify/admin/store-types";
import { startStack, type Stack } from "../support/stack";
import { waitFor } from "../support/wait";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;
let delivered: OrderRecord;

/** The app's messages, read from its database as the Outbox would show them. */
async function messages(): Promise<{ id: string; flow: string; status: string; reason: string | null }[]> {
  const db = createClient({ url: `file:${stack.files.database}` });
  try {
    const { rows } = await db.execute(`SELECT "id", "flow", "status", "reason" FROM "Message" ORDER BY "flow"`);
    return rows.map((r) => ({
      id: String(r.id),
      flow: String(r.flow),
      status: String(r.status),
      reason: r.reason == null ? null : String(r.reason),
    }));
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-messaging-"));
  stack = await startStack({ dataDir, seed: false, appLogLevel: "warn" });
  const { store, shop } = stack;
  store.createProduct(shop, { title: "Kubek ceramiczny", variants: [{ title: "Niebieski", sku: "KUB-NB", price: "49.00" }] });
  store.updateCustomer(shop, stack.customer.id, { marketingState: "SUBSCRIBED" });
  delivered = placeOrder(store, shop, { customerId: stack.customer.id });
  shipOrder(store, shop, delivered.id);
  deliverOrder(store, shop, delivered.id);
  await stack.settle();
  // The delivery plans the follow-up (tomorrow), the review request (in a week) and the cross-sell (in two weeks).
  await waitFor(async () => (await messages()).length === 3, 20_000, "the delivery's emails to be planned");
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

async function expectAccessible(frame: Frame): Promise<void> {
  expect(await seriousA11yViolations(frame)).toEqual([]);
}

/** The preview's subject line, once it says `subject`, and the email's HTML the frame shows. */
async function previewSays(frame: Frame, subject: string): Promise<string> {
  await frame.getByTestId("preview-subject").filter({ hasText: subject }).waitFor({ timeout: 15_000 });
  return (await frame.locator("iframe[title^='Email preview']").getAttribute("srcdoc")) ?? "";
}

describe("messaging in Shopify admin", () => {
  it("edits the follow-up's Polish subject with a live preview, sends a test to the mailbox and saves it", async () => {
    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Flows" }).click();
    let frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Flows", level: 1 }).waitFor();
    await frame.getByRole("heading", { name: "Delivery follow-up" }).waitFor();
    await frame.getByRole("heading", { name: "Cross-sell" }).waitFor();
    await frame.getByRole("heading", { name: "Review request" }).waitFor();
    expect(visibleText(await frame.locator("main, body").first().textContent())).toContain("1 waiting to be sent");
    await expectAccessible(frame);

    await frame.getByRole("link", { name: "Edit Delivery follow-up" }).click();
    frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Delivery follow-up", level: 1 }).waitFor();
    // The preview starts with the saved English words and the delivered order.
    const english = await previewSays(frame, `How is your order ${delivered.name} going?`);
    expect(english).toContain("Kubek ceramiczny");
    await frame.getByText(`Shown with your most recent delivered order, ${delivered.name}.`).waitFor();
    await expectAccessible(frame);

    await frame.getByRole("tab", { name: "Polish version" }).click();
    await frame.getByRole("heading", { name: "Preview (Polish)" }).waitFor();
    const subject = frame.getByLabel("Subject", { exact: true });
    await subject.fill("Jak się sprawdza {{order_name}}, {{first_name}}?");
    const edited = `Jak się sprawdza ${delivered.name}, ${stack.customer.firstName}?`;
    const polish = await previewSays(frame, edited);
    expect(polish).toContain('lang="pl"');
    expect(polish).toContain("Twoje zamówienie");
    // A typo in a variable is flagged while typing.
    await frame.getByLabel("Heading", { exact: true }).fill("Witaj {{imie}}");
    await frame.getByText("Unknown variable {{imie}}. You can use {{first_name}}, {{order_name}}, {{shop_name}}.").waitFor();
    await frame.getByLabel("Heading", { exact: true }).fill("Twoje zamówienie już jest u Ciebie");
    await expectAccessible(frame);

    const to = frame.getByLabel("Send to");
    await to.fill("wlasciciel@example.pl");
    await frame.getByRole("button", { name: "Send test" }).click();
    await page.locator("[data-double-toast]").filter({ hasText: "Test email sent to wlasciciel@example.pl" }).waitFor();
    const test = await stack.smtp.waitFor((m) => m.subject === `[Test] ${edited}`, 15_000);
    expect(test).toMatchObject({ to: "wlasciciel@example.pl", category: "transactional" });
    expect(test.text).toContain("Twoje zamówienie już jest u Ciebie");

    await frame.getByRole("button", { name: "Save" }).first().click();
    await page.locator("[data-double-toast]").filter({ hasText: "Flow saved" }).waitFor();
    await page.reload();
    frame = await appFrame(page);
    await frame.getByRole("tab", { name: "Polish version" }).click();
    expect(await frame.getByLabel("Subject", { exact: true }).inputValue()).toBe("Jak się sprawdza {{order_name}}, {{first_name}}?");
    await frame.getByText("Your text").waitFor();
  });

  it("lists the planned emails in the Outbox and cancels one", async () => {
    const { page } = await openAdmin();
    await page.getByRole("link", { name: "Outbox" }).click();
    const frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Outbox", level: 1 }).waitFor();
    const followUp = frame.getByRole("row").filter({ hasText: "Delivery follow-up" });
    await followUp.getByRole("link", { name: delivered.name }).waitFor();
    await followUp.getByText("Planned", { exact: true }).waitFor();
    await followUp.getByText(/^Planned for /).waitFor();
    await frame.getByRole("row").filter({ hasText: "Cross-sell" }).getByText("Marketing").waitFor();
    await expectAccessible(frame);

    await followUp.getByRole("button", { name: `Cancel the Delivery follow-up email for ${delivered.name}` }).click();
    await followUp.getByText("Cancelled", { exact: true }).waitFor();
    await followUp.getByText("Cancelled by you").waitFor();
    await page.locator("[data-double-toast]").filter({ hasText: "Email cancelled" }).waitFor();
    expect((await messages()).find((m) => m.flow === "delivery_follow_up")).toMatchObject({
      status: "cancelled",
      reason: "merchant_cancelled",
    });
    expect((await messages()).find((m) => m.flow === "cross_sell")).toMatchObject({ status: "planned" });

    // The status tab keeps only what is still waiting.
    await frame.getByRole("tab", { name: /^Planned/ }).click();
    await frame.getByRole("row").filter({ hasText: "Delivery follow-up" }).waitFor({ state: "detached" });
    await frame.getByRole("row").filter({ hasText: "Cross-sell" }).waitFor();
    await expectAccessible(frame);
  });

  it("keeps the sending settings, and speaks Polish", async () => {
    const page = await browser.newPage({ locale: "pl-PL" });
    await serveAppBridgeLocally(page, stack.urls.double);
    const url = new URL(`${stack.urls.admin}/app/messaging-settings`);
    url.searchParams.set("locale", "pl");
    expect((await page.goto(url.href))?.status()).toBe(200);
    const frame = await appFrame(page);
    await frame.getByRole("heading", { name: "Ustawienia wysyłki", level: 1 }).waitFor();
    await frame.getByLabel("Tryb próbny: planuj e-maile, ale ich nie wysyłaj").check();
    await frame.getByRole("button", { name: "Zapisz" }).last().click();
    await page.locator("[data-double-toast]").filter({ hasText: "Zapisano ustawienia wysyłki" }).waitFor();
    await frame.getByText("Tryb próbny jest włączony: żaden e-mail nie wychodzi").waitFor();
    await expectAccessible(frame);
  });
});
