// The cross-sell through the Shopify double (Admin and Storefront APIs, webhooks), a real SMTP
// server and a controlled clock: two weeks after delivery a subscribed customer gets products that
// go with what they bought — the merchant's rules first, else Shopify's recommendations — never one
// they already have or one out of stock; a single-use code bound to them is created only when the
// email goes; the frequency cap postpones a second cross-sell instead of sending or dropping it.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { flowSettings, saveFlowSettings } from "~/messaging/settings.server";
import { markInstalled } from "~/shops/shops.server";
import { freePort } from "../support/free-port";
import { startHarness, TEST_SECRET, type Harness } from "../support/app-harness";
import { deliverOrder, placeOrder, shipOrder } from "../support/demo-orders";
import { startShopifyDouble, type ShopifyDouble } from "../support/shopify";
import { AdminStore, seedDemoShop } from "../support/shopify/admin";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { waitForValue } from "../support/wait";

const SHOP = "anna-ceramics.myshopify.com";
const TOKEN = "shpat_cross_sell_test";
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let h: Harness | undefined;
let double: ShopifyDouble | undefined;
let sink: SmtpSink | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await double?.close();
  double = undefined;
  await sink?.close();
  sink = undefined;
});

async function start() {
  const store = new AdminStore();
  seedDemoShop(store, SHOP, { now: Date.now(), orders: 20, customers: 10, seed: 7 });
  store.install(SHOP, {
    accessToken: TOKEN,
    scope:
      "read_orders,read_customers,write_customers,read_products,read_fulfillments,write_discounts,unauthenticated_read_product_listings",
  });
  sink = await startSmtpSink();
  const clock = new ManualClock(new Date());
  const port = await freePort();
  const harness = await startHarness({
    clock,
    messageTickMs: 50,
    envVars: { SHOPIFY_ADMIN_API_ORIGIN: `http://127.0.0.1:${port}/shops/{shop}`, SMTP_URL: sink.url },
  });
  h = harness;
  double = await startShopifyDouble({
    port,
    appUrl: harness.url,
    apiKey: "test-api-key",
    apiSecret: TEST_SECRET,
    store,
    deliverWebhooks: true,
  });
  const db = harness.runtime.db;
  await markInstalled(db, SHOP, "read_orders", clock);
  await db.shop.update({ where: { shop: SHOP }, data: { timezone: "Europe/Warsaw", name: "Ceramika Anny" } });
  await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: TOKEN, scope: "read_orders" } });
  // These tests are about the cross-sell alone: the review request (marketing too) would share its cap.
  const flows = await flowSettings(db, SHOP);
  await saveFlowSettings(db, SHOP, "review_request", { ...flows.review_request, enabled: false });
  const customer = store.createCustomer(SHOP, {
    email: "zofia.nowak@example.pl",
    firstName: "Zofia",
    lastName: "Nowak",
    locale: "pl",
    marketingState: "SUBSCRIBED",
  });
  return { store, clock, harness, customer };
}

function variantOf(store: AdminStore, title: string): string {
  const data = store.shopData(SHOP);
  const product = Object.values(data.products).find((p) => p.title === title);
  if (!product) throw new Error(`no product ${title}`);
  return product.variantIds.find((v) => store.variantAvailable(data.variants[v]))!;
}

function productId(store: AdminStore, title: string): string {
  return Object.values(store.shopData(SHOP).products).find((p) => p.title === title)!.id;
}

/** Places, ships and delivers an order of one product, and waits for the app to plan its messages. */
async function deliveredOrder(s: Awaited<ReturnType<typeof start>>, title: string) {
  const order = placeOrder(s.store, SHOP, { customerId: s.customer.id, variantId: variantOf(s.store, title) });
  shipOrder(s.store, SHOP, order.id);
  deliverOrder(s.store, SHOP, order.id);
  await Promise.allSettled(double!.deliveries);
  await s.harness.drain();
  await waitForValue(async () =>
    (await s.harness.runtime.db.message.count({ where: { shop: SHOP, orderGid: order.id } })) === 2 ? true : null,
  );
  return order;
}

async function crossSell(harness: Harness, orderGid: string) {
  return harness.runtime.db.message.findFirstOrThrow({ where: { shop: SHOP, orderGid, flow: "cross_sell" } });
}

/**
 * Waits (a while, not forever) until no email is on its way: claimed, queued without an error to
 * retry, or sending. A send reads the clock when it starts (`sendingAt`, which the cap counts while
 * it is in flight) and again when the SMTP server took it (`sentAt`); moving the clock in between
 * would put hours of test clock into a send of a few (slow machine) seconds.
 */
async function settled(harness: Harness) {
  await waitForValue(
    async () =>
      (await harness.runtime.db.message.count({
        where: {
          shop: SHOP,
          OR: [{ status: "sending" }, { status: "queued", lastError: null }, { status: "planned", claimedAt: { not: null } }],
        },
      })) === 0
        ? true
        : null,
    20_000,
  ).catch(() => null);
}

/**
 * Moves the clock forward in steps until `done` holds: the shop's send window may hold mail until
 * morning, and a job retrying after a momentary error waits for the clock. The clock moves only
 * between sends, never during one.
 */
async function forwardUntil<T>(
  clock: ManualClock,
  harness: Harness,
  done: () => Promise<T | null>,
  startMs: number,
  stepMs = 2 * HOUR,
): Promise<T> {
  await settled(harness);
  clock.set(new Date(clock.now().getTime() + startMs));
  for (let step = 0; step < 12; step++) {
    harness.runtime.kick();
    const value = await waitForValue(done, 2_000).catch(() => null);
    if (value) return value;
    await settled(harness);
    clock.set(new Date(clock.now().getTime() + stepMs));
  }
  const rows = await harness.runtime.db.message.findMany({
    where: { shop: SHOP },
    select: { flow: true, status: true, reason: true, sendAt: true, lastError: true, claimedAt: true },
  });
  throw new Error(`nothing happened in 24 hours of clock (now ${clock.now().toISOString()}): ${JSON.stringify(rows)}`);
}

describe("cross-sell", () => {
  it("suggests complementary products not bought before, with a code created only when it is sent; the cap postpones a second one", async () => {
    const s = await start();
    const { harness, store, clock } = s;
    const flows = await flowSettings(harness.runtime.db, SHOP);
    await saveFlowSettings(harness.runtime.db, SHOP, "cross_sell", { ...flows.cross_sell, discountPercent: 10, discountDays: 30 });

    const board = await deliveredOrder(s, "Deska do krojenia z dębu");
    const pan = await deliveredOrder(s, "Żeliwna patelnia 26 cm");
    expect(Object.values(store.shopData(SHOP).discounts)).toHaveLength(0);

    // Two weeks on: both cross-sells are due; the follow-ups went a day after delivery.
    const first = await forwardUntil(
      clock,
      harness,
      async () => {
        const [a, b] = [await crossSell(harness, board.id), await crossSell(harness, pan.id)];
        return [a, b].some((m) => m.status === "sent") ? [a, b] : null;
      },
      14 * DAY,
    );
    const sent = first.find((m) => m.status === "sent")!;
    const held = first.find((m) => m.id !== sent.id)!;
    // The cap (1 per 3 days) holds the other one: postponed, with the reason, to when the cap allows it.
    // (A minute of clock at a time, so a send job that hit a momentary error gets its retry.)
    const postponed = await forwardUntil(
      clock,
      harness,
      async () => {
        const m = await harness.runtime.db.message.findUniqueOrThrow({ where: { id: held.id } });
        return m.status === "planned" && m.reason === "postponed_cap" ? m : null;
      },
      0,
      60_000,
    );
    expect(postponed.sendAt.getTime()).toBeGreaterThanOrEqual(sent.sentAt!.getTime() + 3 * DAY);
    expect(postponed.postponed).toBe(1);

    const mails = sink!.messages.filter((m) => m.headers.get("x-aftercare-category") === "marketing");
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    const text = mail.text ?? "";
    if (sent.orderGid === pan.id) {
      // Complementary to the pan: the knives and the spoons; never the board Zofia already has.
      expect(text).toContain("Noże kuchenne ze stali węglowej");
      expect(text).toContain("Łyżki do sałaty z drewna oliwnego");
      expect(text).not.toContain("Deska do krojenia z dębu");
    } else {
      expect(text).toContain("Noże kuchenne ze stali węglowej");
      expect(text).not.toContain("Żeliwna patelnia 26 cm");
    }
    expect(text).toMatch(/utm_source=aftercare/);
    // The single-use code exists in Shopify now, bound to Zofia, and is in the email.
    const discounts = Object.values(store.shopData(SHOP).discounts);
    expect(discounts).toHaveLength(1);
    expect(discounts[0]).toMatchObject({
      code: sent.discountCode,
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerIds: [s.customer.id],
    });
    expect(text).toContain(sent.discountCode!);

    // When the cap allows it, the postponed one goes too, with its own code.
    const second = await forwardUntil(
      clock,
      harness,
      async () => {
        const m = await harness.runtime.db.message.findUniqueOrThrow({ where: { id: held.id } });
        return m.status === "sent" ? m : null;
      },
      postponed.sendAt.getTime() - clock.now().getTime(),
    );
    expect(second.discountCode).not.toBe(sent.discountCode);
    expect(Object.values(store.shopData(SHOP).discounts)).toHaveLength(2);
  }, 90_000);

  it("puts the merchant's rule first and leaves out what is sold out", async () => {
    const s = await start();
    const { harness, store, clock } = s;
    await harness.runtime.db.crossSellRule.create({
      data: {
        shop: SHOP,
        sourceType: "product",
        sourceGid: productId(store, "Skórzany portfel Rzemieślnik"),
        productGids: JSON.stringify([productId(store, "Skórzana torba podróżna"), productId(store, "Wełniany koc Tatry")]),
      },
    });
    const wallet = await deliveredOrder(s, "Skórzany portfel Rzemieślnik");
    const m = await forwardUntil(
      clock,
      harness,
      async () => {
        const row = await crossSell(harness, wallet.id);
        return row.status === "sent" ? row : null;
      },
      14 * DAY,
    );
    const mail = sink!.messages.find((x) => x.messageId && x.headers.get("x-aftercare-category") === "marketing")!;
    const text = mail.text ?? "";
    const koc = text.indexOf("Wełniany koc Tatry");
    expect(koc).toBeGreaterThan(-1);
    expect(text).not.toContain("Skórzana torba podróżna");
    expect(m.discountCode).toBeNull();
  }, 90_000);

  it("an unsubscribe is written back to Shopify, whose consent webhook comes back without undoing anything", async () => {
    const s = await start();
    const { harness, store } = s;
    const order = await deliveredOrder(s, "Kubek ceramiczny Glina");
    const { unsubscribe } = await import("~/messaging/unsubscribe.server");
    await unsubscribe(harness.runtime, SHOP, { email: s.customer.email!, customerGid: s.customer.id }, "link");
    await waitForValue(async () => (store.customer(SHOP, s.customer.id).marketingState === "UNSUBSCRIBED" ? true : null), 10_000);
    await Promise.allSettled(double!.deliveries);
    await harness.drain();
    const customer = await waitForValue(async () => {
      const c = await harness.runtime.db.customer.findFirst({ where: { shop: SHOP, customerGid: s.customer.id } });
      return c?.marketingState === "UNSUBSCRIBED" ? c : null;
    });
    expect(customer.email).toBe(s.customer.email);
    expect((await crossSell(harness, order.id)).status).toBe("cancelled");
    expect(await harness.runtime.db.messageSuppression.count({ where: { shop: SHOP } })).toBe(1);
  }, 60_000);
});
