// The returns portal as a shopper meets it, in Chromium against the demo stack (built app, Shopify double, the
// storefront's Returns page, the signed App Proxy): a guest finds an order by number and email, picks an item, gives
// a reason that needs a photo (refused without one, then attached), takes store credit with its bonus at the quoted
// amount, submits, and lands on the status page ("Requested"), whose link alone opens it again later. A final-sale
// item and an item past its return window are shown but cannot be chosen, each saying why; a wrong email gets the
// neutral answer; the whole way works in Polish, with focus on each step's heading and no order data in any URL.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/platform/db.server";
import { defaultReturnPolicy } from "~/returns/policy";
import { saveReturnPolicy } from "~/returns/settings.server";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { deliverOrder, shipOrder } from "../support/demo-orders";
import type { OrderRecord } from "../support/shopify/admin/store-types";
import { startStack, type Stack } from "../support/stack";

const browser = useBrowser();
const DAY = 86_400_000;
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
const EMAIL = "anna.nowak@example.pl";

let stack: Stack;
let dataDir: string;
let db: Db;
/** Delivered 40 days ago: past the 30-day window. */
let oldOrder: OrderRecord;
/** Delivered today: two shirts (returnable, one at a time) and a final-sale mug. */
let order: OrderRecord;
let returnsPage: string;

/** Every request the page made to the app through the proxy. */
function proxyRequests(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/apps/aftercare/")) urls.push(request.url());
  });
  return urls;
}

/** Waits until keyboard focus is on the heading with this text (each step moves it there). */
async function focusedHeading(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (expected) => document.activeElement?.tagName === "H3" && document.activeElement.textContent?.trim() === expected,
    text,
  );
}

async function findOrder(page: Page, labels: { order: string; email: string; submit: string }, name: string, email: string) {
  await page.getByLabel(labels.order).fill(name);
  await page.getByLabel(labels.email).fill(email);
  await page.getByRole("button", { name: labels.submit }).click();
}

/** The page's unexpected layout shifts so far (Cumulative Layout Shift), once the observer has had the buffered entries. */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list, observer) => {
          observer.disconnect();
          const entries = list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[];
          resolve(entries.filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0));
        }).observe({ type: "layout-shift", buffered: true });
        // No shift at all: the observer is never called, and nothing shifted.
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(0)));
      }),
  );
}

const alertText = (page: Page) => page.locator("[data-aftercare-returns] [role=alert]").textContent().then(visibleText);

describe("the returns portal on the demo storefront", () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-returns-"));
    stack = await startStack({ dataDir, seed: false, appLogLevel: "warn" });
    db = createDb(`file:${stack.files.database}`);
    const { store, shop } = stack;
    const shirt = store.createProduct(shop, {
      title: "Lniana koszula",
      variants: [
        { title: "S", price: "189.00" },
        { title: "M", price: "189.00" },
      ],
    });
    const mug = store.createProduct(shop, { title: "Kubek z wyprzedaży", tags: ["final-sale"], variants: [{ price: "39.00" }] });
    await saveReturnPolicy(db, shop, {
      ...defaultReturnPolicy(),
      resolutions: {
        refund: { enabled: true },
        storeCredit: { enabled: true, bonusPercent: 10 },
        exchange: { enabled: true, bonusPercent: 0 },
      },
      rules: [{ id: "final-sale", target: "tag", value: "final-sale", finalSale: true }],
    });
    oldOrder = store.createOrder(shop, { customerId: stack.customer.id, lineItems: [{ variantId: shirt.variantIds[1], quantity: 1 }] });
    shipOrder(store, shop, oldOrder.id);
    deliverOrder(store, shop, oldOrder.id);
    await stack.settle();
    await stack.clock.advance(40 * DAY);
    order = store.createOrder(shop, {
      customerId: stack.customer.id,
      lineItems: [
        { variantId: shirt.variantIds[0], quantity: 2 },
        { variantId: mug.variantIds[0], quantity: 1 },
      ],
      shippingPrice: "14.99",
    });
    shipOrder(store, shop, order.id);
    deliverOrder(store, shop, order.id);
    await stack.settle();
    returnsPage = `${stack.urls.storefront}pages/returns`;
  }, 240_000);

  afterAll(async () => {
    await db?.$disconnect();
    await stack?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("takes a guest from order number and email to a store-credit return with a photo, and its status page", async () => {
    const page = await browser.newPage();
    const requests = proxyRequests(page);
    await page.goto(`${returnsPage}?locale=en`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const en = { order: "Order number", email: "Email address used for the order", submit: "Find my order" };

    // A wrong email: the neutral answer, announced.
    await findOrder(page, en, order.name, "someone.else@example.pl");
    await page.getByRole("alert").filter({ hasText: "couldn't find" }).waitFor();
    expect(await alertText(page)).toBe("We couldn't find an order with that number and email address. Check both and try again.");

    await findOrder(page, en, order.name, EMAIL);
    await focusedHeading(page, "Choose items");
    const mug = page.getByRole("listitem").filter({ hasText: "Kubek z wyprzedaży" });
    expect(await mug.getByRole("checkbox").isDisabled()).toBe(true);
    expect(visibleText(await mug.textContent())).toContain("Final sale: this item can't be returned.");
    const shirt = page.getByRole("checkbox", { name: "Return Lniana koszula – S" });
    expect(visibleText(await page.getByRole("listitem").filter({ hasText: "Lniana koszula" }).textContent())).toMatch(
      /Return by \w+ \d{1,2}, \d{4}/,
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Nothing chosen: the step says so and stays.
    await page.getByRole("button", { name: "Continue" }).click();
    expect(await alertText(page)).toBe("Choose at least one item to return.");
    await shirt.check();
    await page.getByRole("button", { name: "Continue" }).click();
    await focusedHeading(page, "Tell us why");

    const reasons = page.getByRole("group", { name: "Lniana koszula – S" });
    await reasons.getByRole("combobox").selectOption({ label: "Damaged or defective" });
    const photo = reasons.getByLabel("Photo of the item");
    await photo.waitFor();
    await page.getByRole("button", { name: "Continue" }).click();
    expect(await alertText(page)).toBe("Add a photo of Lniana koszula – S.");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("file");
    await photo.setInputFiles({ name: "seam.png", mimeType: "image/png", buffer: PNG });
    await reasons.getByLabel("Anything else we should know? (optional)").fill("The seam tore on the first wash.");
    await page.getByRole("button", { name: "Continue" }).click();

    await focusedHeading(page, "How would you like it resolved?");
    const credit = page.locator("label").filter({ hasText: "Store credit" });
    expect(visibleText(await credit.textContent())).toContain("+10% bonus");
    expect(visibleText(await credit.textContent())).toContain("You get PLN 207.90");
    expect(visibleText(await page.locator("label").filter({ hasText: "Refund" }).textContent())).toContain("You get PLN 189.00");
    await page.getByRole("radio", { name: /Store credit/ }).check();
    await page.getByRole("button", { name: "Continue" }).click();

    await focusedHeading(page, "Review and submit");
    const review = page.locator('[data-step="review"]');
    expect(visibleText(await review.locator("[data-summary]").textContent())).toBe("Lniana koszula – S × 1: Damaged or defective");
    expect(visibleText(await review.locator("[data-amounts]").innerText())).toBe("Items PLN 189.00 Bonus PLN 18.90 Total PLN 207.90");
    await page.getByRole("button", { name: "Submit return request" }).click();

    await page.waitForFunction(() => /^Return /.test(document.activeElement?.textContent ?? ""));
    const status = page.locator('[data-step="status"]');
    expect(visibleText(await status.locator('[data-f="now"]').textContent())).toBe("Status: Requested");
    expect(visibleText(await status.locator("[aria-current=step]").textContent())).toMatch(/^Requested · /);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const saved = await db.returnCase.findFirst({ where: { shop: stack.shop, orderGid: order.id }, include: { items: true } });
    expect(saved).toMatchObject({ status: "requested", resolution: "store_credit" });
    expect(await db.returnPhoto.count({ where: { shop: stack.shop } })).toBe(1);

    // No order number, email or portal token in any address the page asked for; the status link has one signed token.
    expect(requests.length).toBeGreaterThan(4);
    for (const url of requests) {
      expect(url).not.toContain(encodeURIComponent(order.name));
      expect(url).not.toContain("example.pl");
      expect(new URL(url).searchParams.has("token")).toBe(false);
    }
    const link = await status.getByRole("link", { name: "Status page of this return" }).getAttribute("href");
    expect([...new URL(link!).searchParams.keys()]).toEqual(["return"]);

    // Later, in another browser (so in the shop's language, Polish): the link alone opens the status page.
    const heading = visibleText(await status.locator("h3").textContent());
    const later = await browser.newPage();
    await later.goto(link!);
    await focusedHeading(later, heading.replace(/^Return /, "Zwrot "));
    expect(visibleText(await later.locator('[data-step="status"] [data-f="now"]').textContent())).toBe("Stan: Zgłoszony");
    expect(visibleText(await later.locator('[data-step="status"] [data-summary]').textContent())).toContain("Lniana koszula");
    expect(visibleText(await later.locator('[data-step="status"] [data-amounts]').innerText())).toBe(
      "Produkty 189,00 zł Bonus 18,90 zł Razem 207,90 zł",
    );
  });

  it("lets a signed-in shopper pick one of their orders, without the page jumping as the list arrives", async () => {
    const page = await browser.newPage();
    await page.goto(stack.urls.accountLogin(stack.customer.id));
    await page.goto(`${returnsPage}?locale=en`);
    const orders = page.locator("[data-orders]");
    await orders.and(page.locator('[aria-busy="false"]')).waitFor();
    expect(await layoutShift(page)).toBeLessThan(0.05);
    expect(await page.getByLabel("Order number").count()).toBe(0);
    const buttons = orders.getByRole("button");
    expect((await buttons.allTextContents()).map(visibleText)).toEqual([
      expect.stringMatching(new RegExp(`^Order ${order.name}, placed on `)),
      expect.stringMatching(new RegExp(`^Order ${oldOrder.name}, placed on `)),
    ]);
    await buttons.first().click();
    await focusedHeading(page, "Choose items");
    expect(await page.getByRole("checkbox", { name: "Return Lniana koszula – S" }).isEnabled()).toBe(true);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("works in Polish, and shows an item past its return window as not returnable, with the day the window closed", async () => {
    const page = await browser.newPage();
    await page.goto(`${returnsPage}?locale=pl`);
    expect(visibleText(await page.locator("h1").textContent())).toBe("Zwroty i wymiany");
    await findOrder(
      page,
      { order: "Numer zamówienia", email: "Adres e-mail podany w zamówieniu", submit: "Znajdź zamówienie" },
      oldOrder.name,
      EMAIL,
    );
    await focusedHeading(page, "Wybierz produkty");
    const item = page.getByRole("listitem").filter({ hasText: "Lniana koszula" });
    expect(await item.getByRole("checkbox").isDisabled()).toBe(true);
    expect(visibleText(await item.textContent())).toMatch(/Termin zwrotu minął \d{1,2} \p{L}+ \d{4}\./u);
    await page.getByRole("button", { name: "Wstecz" }).click();
    await focusedHeading(page, "Znajdź zamówienie");
    await findOrder(
      page,
      { order: "Numer zamówienia", email: "Adres e-mail podany w zamówieniu", submit: "Znajdź zamówienie" },
      "#000000",
      EMAIL,
    );
    await page.getByRole("alert").filter({ hasText: "Nie znaleźliśmy" }).waitFor();
    expect(await alertText(page)).toBe("Nie znaleźliśmy zamówienia o tym numerze i adresie e-mail. Sprawdź oba i spróbuj ponownie.");
  });
});
