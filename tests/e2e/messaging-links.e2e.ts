// What a shopper does with Aftercare's email, in Chromium against the demo stack: an order is
// delivered, the demo clock moves a day, and the follow-up is in the mailbox. Its one-click CSAT
// link records a score and thanks them in Polish (another score changes it; a comment is kept); its
// unsubscribe link asks before it unsubscribes, the one-click POST works without a page, and Shopify
// hears of it (the double's customer is unsubscribed).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { deliverOrder, placeOrder, shipOrder } from "../support/demo-orders";
import type { StoredMail } from "../support/mailbox";
import { startStack, type Stack } from "../support/stack";
import { waitForValue } from "../support/wait";

const browser = useBrowser();
const HOUR = 3_600_000;
let stack: Stack;
let dataDir: string;
let followUp: StoredMail;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-messaging-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  // The featured shopper is subscribed to email marketing (the unsubscribe below changes that).
  expect(stack.store.customer(stack.shop, stack.customer.id).marketingState).toBe("SUBSCRIBED");
  const order = placeOrder(stack.store, stack.shop, { customerId: stack.customer.id });
  shipOrder(stack.store, stack.shop, order.id);
  deliverOrder(stack.store, stack.shop, order.id);
  await stack.settle();
  // A day later the follow-up is due; the shop's send window may hold it until the next morning.
  const to = stack.customer.email!;
  await stack.clock.advance(24 * HOUR + 5 * 60_000);
  for (let step = 0; ; step++) {
    const found = stack.smtp.messages.find((m) => m.to.includes(to));
    if (found) {
      followUp = found;
      break;
    }
    if (step >= 40) throw new Error(`no follow-up for ${to} in the mailbox`);
    if (step % 8 === 7) await stack.clock.advance(4 * HOUR);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function csatLink(mail: StoredMail, score: number): string {
  const links = [...(mail.html ?? "").matchAll(/href="([^"]+\/m\/csat\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
  const link = links.find((l) => l.endsWith(`score=${score}`));
  if (!link) throw new Error(`no CSAT link for ${score} in ${links.join(", ")}`);
  return link;
}

describe("the delivery follow-up's links", () => {
  it("the follow-up is in the customer's language, with one-click unsubscribe headers and five CSAT links", () => {
    expect(followUp.html).toContain('lang="pl"');
    expect(followUp.unsubscribe).toMatchObject({ oneClick: true });
    expect([1, 2, 3, 4, 5].map((s) => csatLink(followUp, s))).toHaveLength(5);
  });

  it("a CSAT click records the score, a second click changes it, and a comment is kept", async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const first = await page.goto(csatLink(followUp, 2));
    expect(first?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("pl");
    const status = page.getByRole("status");
    expect(visibleText(await status.textContent())).toContain("2");
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.goto(csatLink(followUp, 4));
    expect(visibleText(await page.getByRole("status").textContent())).toContain("4");
    await page.getByRole("textbox").fill("Kubek przyszedł cały, dziękuję!");
    await page.getByRole("button").click();
    await page.waitForLoadState();
    expect(visibleText(await page.getByRole("status").textContent())).not.toContain("4 z 5");
    expect(await page.getByRole("textbox").inputValue()).toBe("Kubek przyszedł cały, dziękuję!");

    // A mail provider's link scanner opening the links records nothing: the answer is still 4.
    const scanned = await fetch(csatLink(followUp, 1), {
      headers: { "user-agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
    });
    expect(scanned.status).toBe(200);
    await page.goto(csatLink(followUp, 4));
    expect(visibleText(await page.getByRole("status").textContent())).not.toMatch(/Zmienili/);

    // A tampered link is refused with a clear page.
    const tampered = csatLink(followUp, 5).replace(/\/m\/csat\/(.)/, (_, c: string) => `/m/csat/${c === "e" ? "f" : "e"}`);
    const refused = await page.goto(tampered);
    expect(refused?.status()).toBe(400);
    expect(visibleText(await page.textContent("main"))).toMatch(/link/i);
  });

  it("the unsubscribe link asks first, then unsubscribes, and Shopify is told", async () => {
    const page = await browser.newPage({ bypassCSP: true });
    const url = followUp.unsubscribe!.url;
    expect((await page.goto(url))?.status()).toBe(200);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Opening the page changed nothing (a link scanner unsubscribes no one).
    expect(stack.store.customer(stack.shop, stack.customer.id).marketingState).toBe("SUBSCRIBED");
    await page.getByRole("button").click();
    await page.waitForLoadState();
    expect(visibleText(await page.getByRole("status").textContent()).length).toBeGreaterThan(10);
    await waitForValue(
      async () => (stack.store.customer(stack.shop, stack.customer.id).marketingState === "UNSUBSCRIBED" ? true : null),
      20_000,
    );

    // RFC 8058: the mail provider's one-click POST, no cookies, no page — idempotent.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
      expect(res.status).toBe(200);
    }
    const bad = await fetch(url.replace(/\.([\w-]+)$/, ".forged"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(bad.status).toBe(400);
  });
});
