// Product reviews as a shopper meets them, in Chromium against the demo stack: an order is
// delivered, the demo clock moves a week, and the review request is in the mailbox (real SMTP).
// Its star link opens the no-login form with that rating chosen; the review (with a photo, and
// HTML typed as text) is verified and auto-published, and the product page on the storefront shows
// the stars, the review and one Product JSON-LD that parses. A tampered link, a photo that is not
// an image, an oversized one and a repeated submission each get a clear answer.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { deliverOrder, placeOrder, shipOrder } from "../support/demo-orders";
import type { StoredMail } from "../support/mailbox";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);
let stack: Stack;
let dataDir: string;
let request: StoredMail;
let productHandle: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-reviews-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  const order = placeOrder(stack.store, stack.shop, { customerId: stack.customer.id });
  const productId = stack.store.shopData(stack.shop).variants[order.lineItems[0].variantId!].productId;
  productHandle = stack.store.shopData(stack.shop).products[productId].handle;
  shipOrder(stack.store, stack.shop, order.id);
  deliverOrder(stack.store, stack.shop, order.id);
  await stack.settle();
  // A week after delivery the request is due; the send window (and the marketing cap, the cross-sell
  // being later) may hold it a little: the clock moves on until it is in the mailbox.
  const to = stack.customer.email!;
  await stack.clock.advance(7 * DAY + 5 * 60_000);
  for (let step = 0; ; step++) {
    const found = stack.smtp.messages.find((m) => m.to.includes(to) && (m.html ?? "").includes("/r/"));
    if (found) {
      request = found;
      break;
    }
    if (step >= 60) throw new Error(`no review request for ${to} in the mailbox`);
    if (step % 8 === 7) await stack.clock.advance(12 * HOUR);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

function reviewLinks(mail: StoredMail): string[] {
  return [...(mail.html ?? "").matchAll(/href="([^"]+\/r\/[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
}

describe("the review request", () => {
  it("is marketing with one-click unsubscribe, in the customer's language, with five star links per item", () => {
    expect(request.unsubscribe).toMatchObject({ oneClick: true });
    const stars = reviewLinks(request).filter((l) => /rating=[1-5]$/.test(l));
    expect(stars.length % 5).toBe(0);
    expect(stars.length).toBeGreaterThanOrEqual(5);
    expect(reviewLinks(request).some((l) => l.endsWith("/postpone"))).toBe(true);
  });

  it("a tampered link is refused with a clear page", async () => {
    const link = reviewLinks(request).find((l) => l.endsWith("rating=5"))!;
    const url = new URL(link);
    const [body, mac] = url.pathname.split("/")[2].split(".");
    url.pathname = `/r/${body}.${mac.slice(0, -2)}xx`;
    const page = await browser.newPage();
    const res = await page.goto(url.toString());
    expect(res?.status()).toBe(400);
    expect(visibleText(await page.textContent("main"))).toMatch(/not valid|nieprawidłowy/);
    await page.close();
  });

  it("the star opens the form with that rating; bad photos are refused; the review is published and shown on the product page with JSON-LD", async () => {
    const link = reviewLinks(request).find((l) => l.endsWith("rating=5"))!;
    // The form's CSP forbids every script; the accessibility check injects one.
    const page = await browser.newPage({ bypassCSP: true });
    const res = await page.goto(link);
    expect(res?.status()).toBe(200);
    const five = page.locator('input[type=radio][value="5"]').first();
    expect(await five.isChecked()).toBe(true);
    // No other star is chosen for the other items.
    expect(await page.locator("input[type=radio]:checked").count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const item = page.locator("fieldset.item").first();
    await item.locator("input[type=text]").fill("Świetny kubek");
    await item.locator("textarea").fill("Polecam! <script>window.__xss = 1</script> <b>naprawdę</b>");
    // A text file named like a photo: refused by its bytes, the rest of the form kept.
    await item
      .locator("input[type=file]")
      .setInputFiles({ name: "zdjecie.png", mimeType: "image/png", buffer: Buffer.from("not a picture") });
    await page.locator("button[type=submit]").click();
    await page.waitForLoadState();
    expect(visibleText(await page.locator(".field-error").first().textContent())).toMatch(/JPEG, PNG, WebP|JPEG, PNG, WebP lub GIF/);
    expect(await page.locator("textarea").first().inputValue()).toContain("<script>");

    // Over 5 MB: refused while it streams in.
    await page
      .locator("fieldset.item")
      .first()
      .locator("input[type=file]")
      .setInputFiles({
        name: "duze.png",
        mimeType: "image/png",
        buffer: Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024 + 10)]),
      });
    await page.locator("button[type=submit]").click();
    await page.waitForLoadState();
    expect(visibleText(await page.locator(".field-error").first().textContent())).toMatch(/5 MB/);

    await page
      .locator("fieldset.item")
      .first()
      .locator("input[type=file]")
      .setInputFiles({ name: "kubek.png", mimeType: "image/png", buffer: PNG });
    if (!(await page.locator('fieldset.item input[type=radio][value="5"]').first().isChecked()))
      await page.locator("fieldset.item label[for$='-5']").first().click();
    await page.locator("button[type=submit]").click();
    await page.waitForLoadState();
    expect(visibleText(await page.getByRole("status").textContent())).toMatch(/on the store now|widoczna w sklepie/);

    // The link opened again shows the review; sending it again as it is changes nothing.
    await page.goto(link);
    expect(visibleText(await page.textContent("main"))).toMatch(/5 ★/);
    await page.locator("button[type=submit]").click();
    await page.waitForLoadState();
    expect(visibleText(await page.getByRole("status").textContent())).toMatch(/already have this review|Mamy już tę opinię/);

    // Publishing queues the product's metafield sync; the page shows the review once that job ran.
    await stack.settle();
    const product = await browser.newPage();
    let text = "";
    await expect
      .poll(
        async () => {
          await product.goto(`${stack.urls.storefront}products/${productHandle}`);
          text = visibleText(await product.textContent("body"));
          return text;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toContain("Świetny kubek");
    expect(text).toContain("<b>naprawdę</b>");
    expect(await product.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    const scripts = await product.locator('script[type="application/ld+json"]').allTextContents();
    const ld = scripts.map((s) => JSON.parse(s)).filter((d) => d["@type"] === "Product");
    expect(ld).toHaveLength(1);
    expect(ld[0].aggregateRating).toMatchObject({ "@type": "AggregateRating", bestRating: 5, worstRating: 1 });
    expect(Number(ld[0].aggregateRating.reviewCount)).toBeGreaterThanOrEqual(1);
    const mine = ld[0].review.find((r: { name: string }) => r.name === "Świetny kubek");
    expect(mine).toMatchObject({ "@type": "Review", reviewRating: { ratingValue: 5 } });
    expect(mine.reviewBody).toContain("<script>");
    await product.close();
    await page.close();
  }, 120_000);
});
