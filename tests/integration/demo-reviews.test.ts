// `npm run demo`'s reviews, as a demo user meets them: the demo stack (the built app, the Shopify
// double with the seeded shop, the mailbox) started on a fresh data directory as the demo's first
// start does — the featured shopper's live orders, then the review seeding once the history import is
// in. Several products show published reviews, most of them from verified buyers of delivered past
// orders (on those orders' timelines), a few imported; the products' rating metafields in the double
// say what the published reviews say; one review waits in the moderation queue; seeding again adds
// nothing. And the featured shopper's delivered live order gets its review request in the mailbox
// once the demo clock is fast-forwarded past the request's week, with the Demo controls' buttons.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/platform/db.server";
import { summarize } from "~/reviews/rules";
import { liveOrderStory } from "../support/demo-orders";
import { DEMO_REVIEWS, IMPORTED_DEMO_REVIEWS, metafieldsSay, seedDemoReviews, type DemoReviewsSeeding } from "../support/demo-reviews";
import { startStack, type Stack } from "../support/stack";
import type { OrderRecord } from "../support/shopify/admin/store-types";
import { waitFor, waitForValue } from "../support/wait";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let stack: Stack;
let dataDir: string;
let db: Db;
let seeding: DemoReviewsSeeding | null;
let liveOrders: OrderRecord[];

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "aftercare-demo-reviews-"));
  stack = await startStack({ dataDir, appLogLevel: "warn" });
  // The demo's first start: the featured shopper's live orders (one delivered now), then the reviews.
  liveOrders = liveOrderStory(stack.store, stack.shop, stack.customer.id);
  await stack.settle();
  seeding = await seedDemoReviews(stack, new AbortController().signal);
  db = createDb(`file:${stack.files.database}`);
}, 300_000);

afterAll(async () => {
  await db?.$disconnect();
  await stack?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

const productId = (title: string) => Object.values(stack.store.shopData(stack.shop).products).find((p) => p.title === title)!.id;

describe("the demo's reviews", () => {
  it("are published on several products, mostly from verified buyers of delivered orders, some imported", async () => {
    expect(seeding).toMatchObject({ missing: 0, reviews: DEMO_REVIEWS.length + IMPORTED_DEMO_REVIEWS.length, pending: 1 });
    const reviews = await db.review.findMany({ where: { shop: stack.shop } });
    const published = reviews.filter((r) => r.status === "published");
    const perProduct = new Map<string, number>();
    for (const r of published) perProduct.set(r.productGid, (perProduct.get(r.productGid) ?? 0) + 1);
    expect([...perProduct.values()].filter((n) => n >= 3).length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...perProduct.values())).toBeLessThanOrEqual(8);

    const verified = reviews.filter((r) => r.verified);
    expect(verified).toHaveLength(DEMO_REVIEWS.length);
    expect(published.filter((r) => r.verified).length).toBeGreaterThan(published.length / 2);
    for (const r of verified) {
      expect(r).toMatchObject({ source: "email", customerGid: expect.any(String), orderGid: expect.any(String) });
      const order = await db.order.findUnique({ where: { shop_orderGid: { shop: stack.shop, orderGid: r.orderGid! } } });
      expect(order?.deliveredAt).not.toBeNull();
      expect(order?.customerGid).toBe(r.customerGid);
      // On the order's timeline.
      expect(await db.afterSalesEvent.count({ where: { shop: stack.shop, orderGid: r.orderGid, type: "review.submitted" } })).toBe(1);
    }
    // Each verified review comes from a different shopper, writing in their own language.
    expect(new Set(verified.map((r) => r.customerGid)).size).toBe(verified.length);
    for (const r of verified) {
      const customer = await db.customer.findUnique({ where: { shop_customerGid: { shop: stack.shop, customerGid: r.customerGid! } } });
      expect(customer?.locale).toBe(r.locale);
    }
    expect(new Set(verified.map((r) => r.locale))).toEqual(new Set(["pl", "en"]));

    const imported = reviews.filter((r) => r.source === "import");
    expect(imported).toHaveLength(IMPORTED_DEMO_REVIEWS.length);
    expect(imported.every((r) => !r.verified && r.status === "published")).toBe(true);

    // Mostly 4–5 stars; the low ones the merchant published carry the merchant's public reply.
    const ratings = summarize(published.map((r) => r.rating));
    expect(ratings.distribution["4"] + ratings.distribution["5"]).toBeGreaterThan(published.length * 0.75);
    const low = published.filter((r) => r.rating <= 2);
    expect(low.length).toBeGreaterThanOrEqual(1);
    expect(low.every((r) => r.reply)).toBe(true);
    expect(published.filter((r) => r.reply && r.rating >= 4).length).toBeGreaterThanOrEqual(1);
  });

  it("are what the products' rating metafields in the double say", async () => {
    const published = await db.review.findMany({
      where: { shop: stack.shop, status: "published" },
      select: { productGid: true, rating: true },
    });
    const products = [...new Set(published.map((r) => r.productGid))];
    for (const gid of products) {
      const summary = summarize(published.filter((r) => r.productGid === gid).map((r) => r.rating));
      expect(metafieldsSay(stack, gid, summary), gid).toBe(true);
    }
    // The banner's product page (the catalogue's first product) is among them.
    const first = Object.values(stack.store.shopData(stack.shop).products)[0];
    expect(stack.urls.product).toMatch(new RegExp(`/products/${first.handle}$`));
    const rating = stack.store.getMetafield(stack.shop, first.id, "reviews", "rating");
    const count = stack.store.getMetafield(stack.shop, first.id, "reviews", "rating_count");
    const mine = summarize(published.filter((r) => r.productGid === first.id).map((r) => r.rating));
    expect(mine.count).toBeGreaterThanOrEqual(3);
    expect(JSON.parse(rating!.value)).toEqual({ value: mine.average.toFixed(1), scale_min: "1.0", scale_max: "5.0" });
    expect(count!.value).toBe(String(mine.count));
    expect(stack.store.getMetafield(stack.shop, first.id, "$app:reviews", "latest")).toBeTruthy();
  });

  it("leave one review waiting in the moderation queue", async () => {
    const pending = await db.review.findMany({ where: { shop: stack.shop, status: "pending" } });
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ heldFor: "low_rating", verified: true, productGid: productId("Wełniany koc Tatry") });
    expect(pending[0].rating).toBeLessThan(4);
  });

  it("are not added again by a later start", async () => {
    const before = {
      reviews: await db.review.count({ where: { shop: stack.shop } }),
      events: await db.afterSalesEvent.count({ where: { shop: stack.shop, type: { startsWith: "review." } } }),
      replies: await db.review.count({ where: { shop: stack.shop, reply: { not: null } } }),
    };
    expect(await seedDemoReviews(stack, new AbortController().signal)).toBeNull();
    expect({
      reviews: await db.review.count({ where: { shop: stack.shop } }),
      events: await db.afterSalesEvent.count({ where: { shop: stack.shop, type: { startsWith: "review." } } }),
      replies: await db.review.count({ where: { shop: stack.shop, reply: { not: null } } }),
    }).toEqual(before);
  }, 150_000);
});

describe("the featured shopper's delivered live order", () => {
  it("gets its review request in the mailbox once the demo clock is fast-forwarded past its week", async () => {
    const customer = stack.store.customer(stack.shop, stack.customer.id);
    expect(customer.marketingState).toBe("SUBSCRIBED");
    const delivered = liveOrders[0];
    const request = await waitForValue(
      () => db.message.findFirst({ where: { shop: stack.shop, orderGid: delivered.id, flow: "review_request" } }),
      15_000,
      100,
      "the delivered order's review request to be planned",
    );
    expect(request.status).toBe("planned");
    // The demo user's clicks on Demo controls: "+7 days", then "+1 day" and "+1 hour" while the request
    // waits for the shop's send window (9:00–20:00 in Warsaw: delivered at night, it goes in the morning).
    await fastForward(7 * DAY);
    await waitFor(
      async () => {
        const m = await db.message.findUnique({ where: { id: request.id } });
        if (!m || m.status === "cancelled" || m.status === "suppressed" || m.status === "failed")
          throw new Error(`the review request ended ${m?.status ?? "missing"} (${m?.reason ?? "no reason"})`);
        if (m.status === "sent") return true;
        const ahead = m.sendAt.getTime() - stack.clock.now().getTime();
        if (m.status === "planned" && ahead > 0) await fastForward(ahead >= DAY ? DAY : HOUR);
        return false;
      },
      120_000,
      "the review request to be sent",
    );
    const mail = await stack.smtp.waitFor(
      (m) => m.to.includes(customer.email!) && m.subject.includes(delivered.name) && m.text.includes("/r/"),
      30_000,
    );
    expect(mail.category).toBe("marketing");
    expect(mail.text).toMatch(/\/r\/[^\s/?]+/);
  }, 180_000);
});

/** Demo controls' fast-forward button, as the demo user presses it. */
async function fastForward(ms: number) {
  const response = await fetch(`${stack.urls.double}/demo/clock`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ ms: String(ms) }),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toMatch(/message=/);
}
