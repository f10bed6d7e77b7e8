// The demo's own pages on the Shopify double, clicked like a newcomer would: the demo controls change the
// shop for real (and the app hears about it), the clock moves for both sides, and the mailbox shows mail.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { numericIdOf } from "../support/shopify/admin";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-pages-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function status(page: Page): Promise<string> {
  return visibleText(await page.getByRole("status").textContent());
}

/** What the storefront block would get for the featured customer, through the signed app proxy. */
async function appOrders(): Promise<Array<{ name: string; deliveredAt: string | null; fulfillmentStatus: string | null }>> {
  const response = await fetch(`${stack.urls.double}/shops/${stack.shop}/apps/aftercare/api/orders?limit=5`, {
    headers: { cookie: `double_customer_id=${numericIdOf(stack.customer.id)}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { orders: Array<{ name: string; deliveredAt: string | null; fulfillmentStatus: string | null }> })
    .orders;
}

describe("demo controls", () => {
  it("creates, ships and delivers an order, asks for a return, and the app follows along", async () => {
    const page = await browser.newPage();
    await page.goto(stack.urls.demo);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const customerName = `${stack.customer.firstName} ${stack.customer.lastName}`;
    expect(await page.getByLabel("Customer").inputValue()).toBe(stack.customer.id);

    await page.getByRole("button", { name: "Create order" }).click();
    const created = /^Order (#\d+) created for (.+)\.$/.exec(await status(page));
    expect(created?.[2]).toBe(customerName);
    const name = created?.[1] as string;
    const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
    expect(visibleText(await row.getByRole("cell").nth(2).textContent())).toBe("ordered");

    await row.getByRole("button", { name: `Ship ${name}` }).click();
    expect(await status(page)).toBe(`Order ${name} shipped.`);
    await row.getByRole("button", { name: `Mark delivered ${name}` }).click();
    expect(await status(page)).toBe(`Order ${name} delivered.`);
    // The control page waits for the app to handle the webhooks before it answers.
    expect((await appOrders()).find((o) => o.name === name)).toMatchObject({
      fulfillmentStatus: "fulfilled",
      deliveredAt: expect.any(String),
    });

    await row.getByRole("button", { name: `Request a return ${name}` }).click();
    expect(await status(page)).toBe(`Return requested for order ${name}.`);
    expect(visibleText(await row.getByRole("cell").nth(2).textContent())).toBe("return requested");
    const order = Object.values(stack.store.shopData(stack.shop).orders).find((o) => o.name === name);
    expect(stack.store.returnsOf(stack.shop, order?.id as string).map((r) => r.status)).toEqual(["REQUESTED"]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("fast-forwards the demo clock for the shop and the app", async () => {
    const page = await browser.newPage();
    await page.goto(stack.urls.demo);
    const before = stack.clock.now().getTime();
    await page.getByRole("button", { name: "+1 day" }).click();
    expect(await status(page)).toMatch(/^Demo time moved forward 1 day; it is now /);
    expect(stack.clock.now().getTime() - before).toBeGreaterThanOrEqual(86_400_000);
    expect(JSON.parse(fs.readFileSync(stack.files.clock, "utf8"))).toEqual({ offsetMs: 86_400_000 });
    // The store stamps what happens next with the demo time.
    const order = stack.store.createOrder(stack.shop, {
      customerId: stack.customer.id,
      lineItems: [{ variantId: Object.keys(stack.store.shopData(stack.shop).variants)[0], quantity: 1 }],
    });
    expect(Date.parse(order.createdAt) - Date.now()).toBeGreaterThan(86_000_000);
    await stack.settle();
  });
});

describe("mailbox", () => {
  it("lists received email newest first and shows a message's text and sandboxed HTML", async () => {
    const transport = nodemailer.createTransport(stack.smtp.url);
    for (const subject of ["Jak dbać o lniany obrus", "Your order has been delivered"]) {
      await transport.sendMail({
        from: "Aftercare <no-reply@aftercare.local>",
        to: "michal@example.pl",
        subject,
        text: `${subject}\n\nPlain text body.`,
        html: `<h1>${subject}</h1><p>HTML body.</p><script>parent.document.title = "pwned"</script>`,
        headers: { "X-Aftercare-Category": "transactional" },
      });
    }
    transport.close();

    const page = await browser.newPage();
    await page.goto(stack.urls.mailbox);
    // Only this test's two emails (the app may have sent its own to the demo's shoppers meanwhile), newest first.
    const rows = page.getByRole("row").filter({ hasText: "michal@example.pl" });
    expect(await rows.count()).toBe(2);
    const newest = await rows.nth(0).getByRole("cell").allTextContents();
    expect(newest).toEqual([
      "michal@example.pl",
      "Your order has been delivered",
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/),
      "transactional",
    ]);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Your order has been delivered" }).click();
    await page.getByRole("heading", { level: 1, name: "Your order has been delivered" }).waitFor();
    expect(await page.locator("pre").textContent()).toContain("Plain text body.");
    const html = page.frameLocator("iframe[sandbox]");
    expect(await html.getByRole("heading", { name: "Your order has been delivered" }).textContent()).toBe("Your order has been delivered");
    expect(await page.title()).toBe("Your order has been delivered · Aftercare demo");
    expect(await seriousA11yViolations(page)).toEqual([]);

    const saved = JSON.parse(fs.readFileSync(stack.files.mail, "utf8")) as Array<{ subject: string; to: string }>;
    expect(saved.filter((m) => m.to === "michal@example.pl").map((m) => m.subject)).toEqual([
      "Jak dbać o lniany obrus",
      "Your order has been delivered",
    ]);
  });
});
