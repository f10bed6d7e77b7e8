// Product reviews end to end below the browser, through the Shopify double and a real SMTP server:
// a delivered order gets its review request (marketing, consent needed) a week later with signed
// star links; the review sent through the order's link is verified, auto-published, on the order's
// timeline, and written to the product's standard metafields; a repeat changes nothing; reminders
// drop reviewed items; a 1–2 star review is held (not hidden) and the merchant is told; two
// merchants moderating at once end in one state; syndication follows publishing.
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "~/platform/clock";
import { publishReview, rejectReview, unpublishReview } from "~/reviews/moderation.server";
import { reviewSettings, saveReviewSettings } from "~/reviews/settings.server";
import { orderForReview, submitReviews } from "~/reviews/submit.server";
import { verifyReviewToken } from "~/reviews/links";
import { postponeReviewRequest } from "~/messaging/review-requests.server";
import { TEST_SECRET, type Harness } from "../support/app-harness";
import { startAppWithDouble } from "../support/app-with-double";
import type { ShopifyDouble } from "../support/shopify";
import { AdminStore, seedDemoShop } from "../support/shopify/admin";
import { DEFAULT_SCOPES } from "../support/shopify/admin/http";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";
import { waitForValue } from "../support/wait";

const SHOP = "opinie-ceramika.myshopify.com";
const TOKEN = "shpat_reviews_test";
const DAY = 86_400_000;
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

interface Setup {
  store: AdminStore;
  clock: ManualClock;
  harness: Harness;
  double: ShopifyDouble;
  sink: SmtpSink;
  customerId: string;
  settle(): Promise<void>;
}

let s: Setup | undefined;
afterEach(async () => {
  await s?.harness.stop();
  await s?.double.close();
  await s?.sink.close();
  s = undefined;
});

async function start(): Promise<Setup> {
  const store = new AdminStore();
  seedDemoShop(store, SHOP, { now: Date.now(), orders: 0, customers: 2, seed: 7 });
  store.install(SHOP, { accessToken: TOKEN, scope: `${DEFAULT_SCOPES},read_product_reviews,write_product_reviews` });
  const sink = await startSmtpSink();
  const { harness, double, clock, settle } = await startAppWithDouble(
    store,
    {
      domain: SHOP,
      token: TOKEN,
      scope: DEFAULT_SCOPES,
      timezone: "Europe/Warsaw",
      name: "Opinie Ceramika",
      currency: "PLN",
      email: "owner@opinie.example",
    },
    // Monday 10:00 in Warsaw: inside the send window.
    { clock: new ManualClock(new Date("2026-11-02T09:00:00Z")), messageTickMs: 50, envVars: { SMTP_URL: sink.url } },
  );
  const customer = store.createCustomer(SHOP, {
    email: "ola.nowak@example.pl",
    firstName: "Ola",
    lastName: "Nowak",
    locale: "pl",
    marketingState: "SUBSCRIBED",
  });
  await settle();
  return { store, clock, harness, double, sink, customerId: customer.id, settle };
}

/** An order of two products, fulfilled and delivered now (carrier scan). */
async function deliveredOrder(x: Setup) {
  const data = x.store.shopData(SHOP);
  const variants = Object.values(data.variants).filter((v) => x.store.variantAvailable(v));
  const [a, b] = [variants[0], variants.find((v) => v.productId !== variants[0].productId)!];
  const order = x.store.createOrder(SHOP, {
    customerId: x.customerId,
    lineItems: [
      { variantId: a.id, quantity: 1 },
      { variantId: b.id, quantity: 1 },
    ],
  });
  await x.settle();
  const fulfillment = x.store.fulfill(SHOP, order.id);
  await x.settle();
  x.store.markDelivered(SHOP, fulfillment.id, x.clock.now().toISOString());
  await x.settle();
  return { order, products: [a.productId, b.productId] };
}

const deps = (x: Setup) => ({
  db: x.harness.runtime.db,
  events: x.harness.runtime.events,
  jobs: x.harness.runtime.jobs,
  clock: x.harness.runtime.clock,
});

async function advance(x: Setup, ms: number) {
  x.clock.set(new Date(x.clock.now().getTime() + ms));
  x.harness.runtime.kick();
  await x.settle();
}

function links(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
}

describe("review requests", () => {
  it("asks a subscribed customer a week after delivery, with a verified, auto-published review and the product's metafields as the result", async () => {
    s = await start();
    const { order, products } = await deliveredOrder(s);
    const db = s.harness.runtime.db;
    const request = await waitForValue(() => db.message.findFirst({ where: { shop: SHOP, orderGid: order.id, flow: "review_request" } }));
    expect(request).toMatchObject({ status: "planned", category: "marketing", locale: "pl" });
    expect(request.dueAt.getTime()).toBe(s.clock.now().getTime() + 7 * DAY);

    await advance(s, 7 * DAY + 60_000);
    // The delivery follow-up went too (a day after delivery): the request is the email with review links.
    const mail = await waitForValue(() => s!.sink.messages.find((m) => String(m.html ?? "").includes("/r/")) ?? null);
    const html = String(mail.html);
    const starLinks = links(html).filter((l) => l.includes("/r/") && l.includes("rating="));
    // Five stars for each of the two items, each opening the form with that rating chosen.
    expect(starLinks).toHaveLength(10);
    expect(links(html).some((l) => l.endsWith("/postpone"))).toBe(true);
    const token = new URL(starLinks[4]).pathname.split("/")[2];
    const claims = verifyReviewToken(TEST_SECRET, token, s.clock.now());
    expect(claims.ok && claims.claims.order).toBe(order.id);

    // The shopper reviews the first item: five stars, a title, HTML typed as text, a photo.
    const form = (await orderForReview(deps(s), SHOP, order.id))!;
    expect(form.authorName).toBe("Ola N.");
    const first = form.items[0];
    const r = await submitReviews(deps(s), form, {
      name: form.authorName,
      locale: "pl",
      items: [
        {
          itemId: first.itemId,
          rating: 5,
          title: "Piękny kubek",
          body: "<script>alert(1)</script> <b>polecam</b>",
          photos: [{ bytes: PNG }],
        },
      ],
    });
    expect(r).toMatchObject({ ok: true, results: [{ outcome: "created", published: true, low: false }] });
    await s.settle();
    const review = await db.review.findFirstOrThrow({ where: { shop: SHOP, orderGid: order.id }, include: { photos: true } });
    expect(review).toMatchObject({
      status: "published",
      verified: true,
      source: "email",
      authorName: "Ola N.",
      body: "<script>alert(1)</script> <b>polecam</b>",
    });
    expect(review.photos).toHaveLength(1);

    // Shopify's standard metafields and the latest reviews, for the theme and for search.
    const mf = (ns: string, key: string) => s!.store.getMetafield(SHOP, products[0], ns, key);
    expect(JSON.parse(mf("reviews", "rating")!.value)).toEqual({ value: "5.0", scale_min: "1.0", scale_max: "5.0" });
    expect(mf("reviews", "rating_count")!.value).toBe("1");
    const latest = JSON.parse(mf("$app:reviews", "latest")!.value);
    expect(latest[0]).toMatchObject({ rating: 5, title: "Piękny kubek", verified: true, author: "Ola N." });

    // The order's timeline has the review; a repeat of the same review changes nothing.
    const types = (await db.afterSalesEvent.findMany({ where: { shop: SHOP, orderGid: order.id } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["review.submitted", "review.published", "message.sent"]));
    const again = await submitReviews(deps(s), (await orderForReview(deps(s), SHOP, order.id))!, {
      name: form.authorName,
      locale: "pl",
      items: [{ itemId: first.itemId, rating: 5, title: "Piękny kubek", body: "<script>alert(1)</script> <b>polecam</b>", photos: [] }],
    });
    expect(again).toMatchObject({ ok: true, results: [{ outcome: "unchanged" }] });
    expect(await db.review.count({ where: { shop: SHOP } })).toBe(1);

    // The reminder is planned for the item still without a review; reviewing it cancels the reminder.
    const reminder = await waitForValue(() => db.message.findFirst({ where: { shop: SHOP, orderGid: order.id, flow: "review_reminder" } }));
    expect(JSON.parse(reminder.items)).toEqual([form.items[1].lineItemGid]);
    await submitReviews(deps(s), (await orderForReview(deps(s), SHOP, order.id))!, {
      name: "",
      locale: "pl",
      items: [{ itemId: form.items[1].itemId, rating: 4, title: "", body: "", photos: [] }],
    });
    await s.settle();
    expect(await db.message.findUniqueOrThrow({ where: { id: reminder.id } })).toMatchObject({ status: "cancelled", reason: "reviewed" });
  }, 90_000);

  it("refuses bad photos, unknown items and a missing rating before writing anything", async () => {
    s = await start();
    const { order } = await deliveredOrder(s);
    const form = (await orderForReview(deps(s), SHOP, order.id))!;
    const [a, b] = form.items;
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const r = await submitReviews(deps(s), form, {
      name: "Ola",
      locale: "pl",
      items: [
        { itemId: a.itemId, rating: 5, title: "", body: "", photos: [{ bytes: svg }] },
        { itemId: b.itemId, rating: null, title: "Bez gwiazdek", body: "", photos: [] },
        { itemId: "999", rating: 3, title: "", body: "", photos: [] },
      ],
    });
    expect(r).toEqual({
      ok: false,
      errors: expect.arrayContaining([
        { itemId: a.itemId, field: "photos", code: "not_image" },
        { itemId: b.itemId, field: "rating", code: "required" },
        { itemId: "999", field: "rating", code: "unknown_item" },
      ]),
    });
    expect(await s.harness.runtime.db.review.count({ where: { shop: SHOP } })).toBe(0);
  }, 60_000);

  it("holds a 1-star review for a look, tells the merchant by email, and never rejects it for the rating", async () => {
    s = await start();
    const { order } = await deliveredOrder(s);
    const form = (await orderForReview(deps(s), SHOP, order.id))!;
    const r = await submitReviews(deps(s), form, {
      name: "Ola",
      locale: "pl",
      items: [{ itemId: form.items[0].itemId, rating: 1, title: "Pęknięty", body: "Przyszedł pęknięty.", photos: [] }],
    });
    expect(r).toMatchObject({ ok: true, results: [{ published: false, low: true }] });
    await s.settle();
    const alert = await waitForValue(
      () => s!.sink.messages.find((m) => m.to && JSON.stringify(m.to).includes("owner@opinie.example")) ?? null,
    );
    expect(alert.text).toContain("Pęknięty");
    const review = await s.harness.runtime.db.review.findFirstOrThrow({ where: { shop: SHOP } });
    expect(review).toMatchObject({ status: "pending", heldFor: "low_rating" });
    // Rejection needs a policy reason.
    expect(await rejectReview(deps(s), SHOP, review.id, "too_negative" as never, "Anna")).toEqual({ ok: false, error: "invalid" });
    // Two merchants press Publish at once: one publication, one event.
    const results = await Promise.all([publishReview(deps(s), SHOP, review.id, "Anna"), publishReview(deps(s), SHOP, review.id, "Bartek")]);
    expect(results.filter((x) => x.ok)).toHaveLength(1);
    await s.settle();
    const published = await s.harness.runtime.db.afterSalesEvent.count({ where: { shop: SHOP, type: "review.published" } });
    expect(published).toBe(1);
  }, 60_000);

  it("syndicates a published review to the product_review metaobject and removes it when unpublished", async () => {
    s = await start();
    await saveReviewSettings(s.harness.runtime.db, SHOP, { ...(await reviewSettings(s.harness.runtime.db, SHOP)), syndicate: true });
    const { order, products } = await deliveredOrder(s);
    const form = (await orderForReview(deps(s), SHOP, order.id))!;
    await submitReviews(deps(s), form, {
      name: "Ola N.",
      locale: "pl",
      items: [{ itemId: form.items[0].itemId, rating: 4, title: "Dobry", body: "Solidny kubek.", photos: [] }],
    });
    await s.settle();
    const [object] = s.store.metaobjects(SHOP, "product_review");
    expect(object.fields).toMatchObject({
      title: "Dobry",
      body: "Solidny kubek.",
      product: products[0],
      author_display_name: "Ola N.",
      order: order.id,
    });
    expect(JSON.parse(String(object.fields.rating))).toMatchObject({ value: "4" });
    const review = await s.harness.runtime.db.review.findFirstOrThrow({ where: { shop: SHOP } });
    expect(review.metaobjectGid).toBe(object.id);
    expect(await unpublishReview(deps(s), SHOP, review.id, "Anna")).toEqual({ ok: true });
    await s.settle();
    expect(s.store.metaobjects(SHOP, "product_review")).toHaveLength(0);
    // The last published review gone: the product's rating metafields go too.
    expect(s.store.getMetafield(SHOP, products[0], "reviews", "rating")).toBeUndefined();
  }, 60_000);

  it("'not arrived yet' asks again in 7 days, once per order", async () => {
    s = await start();
    const { order } = await deliveredOrder(s);
    await advance(s, 7 * DAY + 60_000);
    const db = s.harness.runtime.db;
    await waitForValue(() => db.message.findFirst({ where: { shop: SHOP, orderGid: order.id, flow: "review_request", status: "sent" } }));
    const now = s.clock.now();
    const first = await postponeReviewRequest(db, s.harness.runtime.events, SHOP, order.id, now);
    expect(first).toEqual({ state: "postponed", until: new Date(now.getTime() + 7 * DAY) });
    const second = await postponeReviewRequest(db, s.harness.runtime.events, SHOP, order.id, now);
    expect(second.state).toBe("already");
    const again = await db.message.findFirstOrThrow({ where: { shop: SHOP, key: `review_request:${order.id}:postponed` } });
    expect(again.status).toBe("planned");
    // The reminder that was waiting made way for it.
    const reminders = await db.message.findMany({ where: { shop: SHOP, orderGid: order.id, flow: "review_reminder" } });
    expect(reminders.every((m) => m.status === "cancelled" && m.reason === "postponed")).toBe(true);
  }, 60_000);
});
