// The points program on the demo storefront, end to end (built app, Shopify double, Chromium): a shopper
// who earned points on an order sees their balance (first from the app's customer metafields, then
// from the app), redeems a reward with the keyboard and copies its code, pays with that code at the
// product page's checkout, and the app marks the reward used; the launcher shows the points on every
// page; a guest sees how to join; the merchant sees the redemption on the customer's page in the admin.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createClient, type Client } from "@libsql/client";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROGRAM_DEFAULTS, saveProgram, type ProgramInput } from "~/loyalty/program.server";
import { createDb, type Db } from "~/platform/db.server";
import { readText } from "~/platform/request-body";
import { appFrame, serveAppBridgeLocally } from "../support/admin-frame";
import { seriousA11yViolations, useBrowser, visibleText } from "../support/browser";
import { placeOrder } from "../support/demo-orders";
import { historyImported } from "../support/history-import";
import { numericIdOf } from "../support/shopify/admin";
import { createStorefront, startServer, type Listener, type RunningServer } from "../support/shopify/storefront";
import { startStack, type Stack } from "../support/stack";
import { waitFor } from "../support/wait";

const browser = useBrowser();
let stack: Stack;
let dataDir: string;
let db: Db;
let sql: Client;
let rewardsPage: string;

const PROGRAM: ProgramInput = {
  ...PROGRAM_DEFAULTS,
  enabled: true,
  // Spendable at once, so the points of the order placed below can be spent in the same test.
  pendingDays: 0,
  tiers: [{ name: "Gold", threshold: 100_000, multiplier: 150, entryPoints: 0 }],
  rewards: [
    { type: "fixed_amount", title: "20 zł off", cost: 200, value: 2000, enabled: true },
    { type: "percentage", title: "Half price", cost: 90_000, value: 50, enabled: true },
  ],
};

/** The app's own record of the shopper's points. */
async function member(): Promise<{ balance: number } | null> {
  return db.loyaltyMember.findUnique({
    where: { shop_customerGid: { shop: stack.shop, customerGid: stack.customer.id } },
    select: { balance: true },
  });
}

/** What the app's storefront endpoint says about the shopper (through the page's own App Proxy). */
function fromApp(page: Page): Promise<{ member: { nextTier: { remaining: number } } }> {
  return page.evaluate(() =>
    fetch(document.querySelector<HTMLElement>("[data-aftercare-loyalty]")!.dataset.endpoint!).then((r) => r.json()),
  );
}

/** The points the app mirrored to the customer's metafield in Shopify (what Liquid reads). */
function mirroredPoints(): string | undefined {
  return stack.store.getMetafield(stack.shop, stack.customer.id, "$app:loyalty", "points")?.value;
}

const points = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "point" : "points"}`;

async function signIn(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.urls.double });
  await page.goto(stack.urls.accountLogin(stack.customer.id));
  await page.goto(url);
  return page;
}

/** The sum of the page's unexpected layout shifts so far (Cumulative Layout Shift). */
function layoutShift(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[])
            if (!entry.hadRecentInput) total += entry.value;
        }).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(total), 200);
      }),
  );
}

async function openCustomerInAdmin(): Promise<Frame> {
  const page = await browser.newPage();
  await serveAppBridgeLocally(page, stack.urls.double);
  expect((await page.goto(`${stack.urls.admin}/app/customers/${numericIdOf(stack.customer.id)}`))?.status()).toBe(200);
  return appFrame(page);
}

describe("the loyalty block and launcher on the demo storefront", () => {
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-e2e-loyalty-"));
    stack = await startStack({ dataDir, appLogLevel: "warn" });
    await historyImported(stack.files.database);
    db = createDb(`file:${stack.files.database}`);
    sql = createClient({ url: `file:${stack.files.database}` });
    // The merchant switches the program on (before any shopper has asked the app about it).
    await saveProgram(db, stack.shop, PROGRAM);
    // The shopper orders two of the shop's dearest item: the app earns them points for it (enough for the
    // 200-point reward and more), and mirrors the balance to Shopify.
    const data = stack.store.shopData(stack.shop);
    const dearest = Object.values(data.variants)
      .filter((v) => data.products[v.productId].status === "ACTIVE" && stack.store.variantAvailable(v))
      .sort((a, b) => Number(b.price) - Number(a.price))[0];
    placeOrder(stack.store, stack.shop, { customerId: stack.customer.id, variantId: dearest.id, quantity: 2 });
    await stack.settle();
    await waitFor(async () => ((await member())?.balance ?? 0) >= 400, 30_000, "the points for the order");
    const balance = (await member())!.balance;
    await waitFor(() => mirroredPoints() === String(balance), 30_000, "the balance in the customer's metafield");
    rewardsPage = `${stack.urls.storefront}pages/rewards`;
  }, 120_000);

  afterAll(async () => {
    sql?.close();
    await db?.$disconnect();
    await stack?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows a signed-in shopper their balance without waiting for the app, then the rewards, codes, activity and ways to earn", async () => {
    const balance = (await member())!.balance;
    const page = await browser.newPage();
    await page.goto(stack.urls.accountLogin(stack.customer.id));
    // Scripts off: what the theme renders on its own, from the metafield.
    await page.route("**/extension-assets/*.js", (route) => route.abort());
    await page.goto(`${rewardsPage}?locale=en`);
    expect(visibleText(await page.locator("[data-balance]").textContent())).toBe(`${balance} points`);
    expect(await page.getByRole("button", { name: `Rewards: ${balance} points`, exact: true }).isVisible()).toBe(true);
    await page.unroute("**/extension-assets/*.js");

    await page.reload();
    const block = page.locator("[data-aftercare-loyalty]");
    const rewards = block.getByRole("region", { name: "Rewards" });
    await rewards.getByRole("listitem").first().waitFor();
    expect(visibleText(await block.locator("[data-balance]").textContent())).toBe(points(balance));
    const { member: standing } = await fromApp(page);
    expect(visibleText(await block.locator("[data-progress-label]").textContent())).toBe(
      `${points(standing.nextTier.remaining)} more to reach Gold`,
    );
    const cheap = rewards.getByRole("listitem").filter({ hasText: "20 zł off" });
    expect(await cheap.getByRole("button", { name: "Redeem" }).isEnabled()).toBe(true);
    const dear = rewards.getByRole("listitem").filter({ hasText: "Half price" });
    expect(await dear.getByRole("button", { name: "Redeem" }).isDisabled()).toBe(true);
    expect(visibleText(await dear.locator(".aftercare-loyalty__reason").textContent())).toBe(`You're ${points(90_000 - balance)} short`);

    const earned = await db.loyaltyEntry.findFirstOrThrow({
      where: { shop: stack.shop, customerGid: stack.customer.id, reason: "order_paid" },
      orderBy: { createdAt: "desc" },
    });
    const activity = block.getByRole("region", { name: "Recent activity" });
    expect(visibleText(await activity.getByRole("listitem").first().textContent())).toMatch(
      new RegExp(`^Order .+ \\+${points(earned.points)}$`),
    );
    const earn = block.getByRole("region", { name: "Ways to earn" });
    expect((await earn.getByRole("listitem").allTextContents()).map(visibleText)).toEqual([
      "1 point for every PLN 1 spent",
      "100 points for creating an account",
      "200 points on your birthday",
      "50 points for a product review",
      "Gold: from 100,000 points, earn ×1.5",
    ]);
    expect(await block.getByRole("region", { name: "Your birthday" }).getByRole("combobox", { name: "Month" }).isVisible()).toBe(true);
    expect(await layoutShift(page)).toBeLessThan(0.1);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("redeems a reward from the keyboard: the code appears with the new balance, and Copy puts it on the clipboard", async () => {
    const before = (await member())!.balance;
    const page = await signIn(`${rewardsPage}?locale=en`);
    const block = page.locator("[data-aftercare-loyalty]");
    const redeem = block.getByRole("listitem").filter({ hasText: "20 zł off" }).getByRole("button", { name: "Redeem" });
    await redeem.waitFor();
    await redeem.focus();
    await page.keyboard.press("Enter");

    const result = block.locator("[data-result]");
    await result.getByRole("heading", { name: "Your code for 20 zł off" }).waitFor({ timeout: 15_000 });
    const code = visibleText(await result.locator("code").textContent());
    expect(code).toMatch(/^PTS-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    // The outcome takes the focus, so a keyboard or screen reader user lands on it.
    expect(await result.evaluate((element) => element === document.activeElement)).toBe(true);
    await expect
      .poll(() => block.getByRole("status").textContent())
      .toBe(`Reward redeemed. Your code is ${code}. Your balance is now ${points(before - 200)}.`);
    expect(visibleText(await block.locator("[data-balance]").textContent())).toBe(points(before - 200));
    expect((await member())!.balance).toBe(before - 200);

    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Copy code");
    await page.keyboard.press("Enter");
    await expect.poll(() => block.getByRole("status").textContent()).toBe(`Code ${code} copied.`);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code);

    const codes = block.getByRole("region", { name: "Your codes" });
    expect(visibleText(await codes.getByRole("listitem").first().innerText())).toBe(`20 zł off ${code} Ready to use Copy code`);
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("takes the code at the product page's checkout; the confirmation shows the discount and the app marks the reward used", async () => {
    const page = await signIn(`${rewardsPage}?locale=en`);
    const code = visibleText(await page.getByRole("region", { name: "Your codes" }).locator("code").first().textContent());
    const product = Object.values(stack.store.shopData(stack.shop).products).find((p) => p.status === "ACTIVE")!;
    await page.goto(`${stack.urls.storefront}products/${product.handle}?locale=en`);
    await page.getByLabel("Discount code").fill(code);
    await page.getByRole("button", { name: "Buy" }).click();

    await page.getByRole("heading", { level: 1, name: "Thank you for your order!" }).waitFor();
    expect(visibleText(await page.locator(".discounts").textContent())).toBe(`Discount ${code}: −PLN 20.00`);
    const used = async () =>
      (await sql.execute({ sql: `SELECT "status", "orderGid" FROM "LoyaltyRedemption" WHERE "code" = ?`, args: [code] })).rows[0];
    await expect.poll(async () => (await used())?.status, { timeout: 20_000 }).toBe("used");
    const order = stack.store.ordersOf(stack.shop, stack.customer.id).find((o) => o.discountCodes.includes(code));
    expect((await used())?.orderGid).toBe(order?.id);

    // Back on the rewards page, the code reads as used; a second checkout with it is refused.
    await page.goto(`${rewardsPage}?locale=en`);
    const codes = page.getByRole("region", { name: "Your codes" });
    await expect.poll(async () => visibleText(await codes.getByRole("listitem").first().innerText())).toBe(`20 zł off ${code} Used`);
    await page.goto(`${stack.urls.storefront}products/${product.handle}?locale=en`);
    await page.getByLabel("Discount code").fill(code);
    await page.getByRole("button", { name: "Buy" }).click();
    await page.getByRole("heading", { level: 1, name: "The order could not be placed" }).waitFor();
  });

  it("opens the launcher's panel from the keyboard; Escape closes it and gives the focus back", async () => {
    const balance = (await member())!.balance;
    await expect.poll(() => mirroredPoints(), { timeout: 20_000 }).toBe(String(balance));
    const page = await signIn(`${stack.urls.storefront}?locale=en`);
    const launcher = page.locator("[data-aftercare-launcher]");
    // The metafield's number, on every page, before any request to the app.
    await launcher.getByRole("button", { name: `Rewards: ${balance} points`, exact: true }).waitFor();
    const button = launcher.locator("button[data-open]");
    expect(await button.getAttribute("aria-expanded")).toBe("false");
    await button.focus();
    await page.keyboard.press("Enter");

    const panel = page.getByRole("dialog", { name: "Your rewards" });
    await panel.waitFor();
    expect(await button.getAttribute("aria-expanded")).toBe("true");
    await expect.poll(async () => visibleText(await panel.getByRole("status").textContent())).toContain(`Your points: ${points(balance)}`);
    expect(visibleText(await panel.getByRole("status").textContent())).toContain("You can redeem 20 zł off");
    expect(await panel.getByRole("link", { name: "See all rewards" }).getAttribute("href")).toBe(new URL(rewardsPage).pathname);
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "hidden" });
    expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await button.getAttribute("aria-expanded")).toBe("false");
  });

  it("shows a guest, in Polish, how the program works and how to join", async () => {
    const page = await browser.newPage();
    await page.goto(`${rewardsPage}?locale=pl`);
    const block = page.locator("[data-aftercare-loyalty]");
    await block.getByRole("region", { name: "Nagrody" }).getByRole("listitem").first().waitFor();
    expect(visibleText(await block.locator(".aftercare-loyalty__join").textContent())).toContain("Dołącz do programu nagród");
    expect(await block.getByRole("link", { name: "Załóż konto" }).isVisible()).toBe(true);
    expect(await block.getByRole("button", { name: "Wymień" }).count()).toBe(0);
    const earn = block.getByRole("region", { name: "Jak zdobywać punkty" });
    expect((await earn.getByRole("listitem").allTextContents()).map(visibleText)).toEqual([
      "1 pkt za każde wydane 1 zł",
      "100 pkt za założenie konta",
      "200 pkt w urodziny",
      "50 pkt za opinię o produkcie",
      "Gold: od 100 000 pkt, punkty ×1,5",
    ]);
    // The launcher shows itself once the app has said the program runs.
    await page.getByRole("button", { name: "Nagrody", exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it("saves the birthday the shopper picks, for the yearly birthday points", async () => {
    const page = await signIn(`${rewardsPage}?locale=en`);
    const birthday = page.locator("[data-aftercare-loyalty]").getByRole("region", { name: "Your birthday" });
    await birthday.getByRole("combobox", { name: "Month" }).selectOption({ label: "March" });
    await birthday.getByRole("combobox", { name: "Day" }).selectOption("14");
    await birthday.getByRole("button", { name: "Save birthday" }).click();
    await expect
      .poll(() => page.locator("[data-aftercare-loyalty] [data-status]").textContent())
      .toBe("Thank you! Your birthday is saved.");
    expect(visibleText(await birthday.innerText())).toBe("Your birthday Your birthday is saved. Your points arrive on the day.");
    const saved = await db.loyaltyMember.findUnique({
      where: { shop_customerGid: { shop: stack.shop, customerGid: stack.customer.id } },
      select: { birthday: true },
    });
    expect(saved?.birthday).toBe("03-14");
    await page.reload();
    await birthday.getByText("Your birthday is saved. Your points arrive on the day.").waitFor();
    expect(await birthday.getByRole("combobox").count()).toBe(0);
  });

  it("shows the merchant the redemption in the customer's points history", async () => {
    const frame = await openCustomerInAdmin();
    await frame.getByRole("heading", { name: "Points history" }).waitFor({ timeout: 15_000 });
    const line = frame.getByText("Spent · reward redeemed");
    await line.first().waitFor();
    expect(await frame.getByText("-200 points").count()).toBeGreaterThan(0);
  });
});

describe("the loyalty block when the app answers otherwise", () => {
  const SHOP = "stub.myshopify.com";
  const program = {
    enabled: true,
    currency: "PLN",
    earn: { pointsPerUnit: 2, pendingDays: 0, signup: null, birthday: null, review: null },
    tierBasis: "points",
    tiers: [],
    rewards: [{ id: "ship", type: "free_shipping", title: "Free shipping", cost: 300, value: 0 }],
    expiry: null,
  };
  const member = { balance: 500, pending: 0, tier: null, standing: 0, nextTier: null, birthdaySet: false, history: [], codes: [] };
  /** What the stubbed app does with the next redeem: answer with this, or drop the connection. */
  let next: { status: number; body: unknown } | "drop" = "drop";
  let enabled = true;
  const requestKeys: string[] = [];
  let running: RunningServer;
  let base: string;

  const stubApp: Listener = async (req, res) => {
    if (!req.url?.startsWith(`/shops/${SHOP}/apps/aftercare/api/loyalty`)) return false;
    if (req.method === "POST") {
      requestKeys.push((JSON.parse(await readText(req, 10_000)) as { requestKey: string }).requestKey);
      if (next === "drop") {
        req.socket.destroy();
        return true;
      }
      res.writeHead(next.status, { "content-type": "application/json" }).end(JSON.stringify(next.body));
      return true;
    }
    res
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ ...program, enabled, member: enabled ? member : null }));
    return true;
  };

  beforeAll(async () => {
    const storefront = createStorefront({
      extensionDir: path.resolve(__dirname, "../../extensions/aftercare-theme"),
      shops: (shop) => (shop === SHOP ? { name: "Stub", locale: "en", currency: "PLN", customers: [{ id: 42, firstName: "Ada" }] } : null),
    });
    running = await startServer([storefront, stubApp]);
    base = `${running.origin}/shops/${SHOP}`;
  });

  afterAll(async () => {
    await running?.close();
  });

  async function rewardsAsMember(): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}/account/login?customer_id=42&return_to=${encodeURIComponent(`/shops/${SHOP}/pages/rewards`)}`);
    await page.getByRole("button", { name: "Redeem" }).waitFor();
    return page;
  }

  it("sends the same request key again after an answer was lost, so a retry cannot redeem twice", async () => {
    requestKeys.length = 0;
    next = "drop";
    const page = await rewardsAsMember();
    const redeem = page.getByRole("button", { name: "Redeem" });
    await redeem.click();
    await expect.poll(() => page.locator("[data-status]").textContent()).toBe("Something went wrong. Please try again.");
    expect(await redeem.isEnabled()).toBe(true);
    next = { status: 201, body: { redemption: { code: "PTS-AAAAA-BBBBB", status: "issued" }, balance: 200 } };
    await redeem.click();
    await page.getByRole("heading", { name: "Your code for Free shipping" }).waitFor();
    // (The browser itself may resend a POST whose connection dropped: the same key either way.)
    expect(requestKeys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(requestKeys)).toEqual(new Set([requestKeys[0]]));
    expect(requestKeys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);

    // A new click after an answer is a new request.
    next = { status: 201, body: { redemption: { code: "PTS-CCCCC-DDDDD", status: "issued" }, balance: 0 } };
    await page.getByRole("button", { name: "Redeem" }).click();
    await page.locator("[data-result] code").getByText("PTS-CCCCC-DDDDD").waitFor();
    expect(requestKeys.at(-1)).not.toBe(requestKeys[0]);
  });

  it("shows why a redeem was refused, and moves the focus to it", async () => {
    next = {
      status: 409,
      body: { error: "NOT_ENOUGH_POINTS", message: "This reward costs 300 points; the balance is 100.", balance: 100 },
    };
    const page = await rewardsAsMember();
    await page.getByRole("button", { name: "Redeem" }).click();
    const result = page.locator("[data-result]");
    await result.getByText("You don't have enough points for this reward.").waitFor();
    expect(await result.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await result.locator("code").isVisible()).toBe(false);

    next = { status: 409, body: { error: "SOMETHING_NEW", message: "The shop paused rewards for the sale." } };
    await page.getByRole("button", { name: "Redeem" }).click();
    await result.getByText("The shop paused rewards for the sale.").waitFor();

    next = { status: 202, body: { redemption: { code: null, status: "reserved" }, balance: 200 } };
    await page.getByRole("button", { name: "Redeem" }).click();
    await result.getByText("Your reward is being prepared. It will appear under Your codes in a moment.").waitFor();
  });

  it("shows nothing while the program is off", async () => {
    enabled = false;
    try {
      const page = await browser.newPage();
      await page.goto(`${base}/pages/rewards`);
      await page.locator("[data-aftercare-loyalty]").waitFor({ state: "hidden" });
      expect(await page.getByRole("heading", { name: "Rewards program" }).count()).toBe(0);
      expect(await page.locator("[data-aftercare-launcher]").isHidden()).toBe(true);
    } finally {
      enabled = true;
    }
  });
});
