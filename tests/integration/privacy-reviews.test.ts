// A customer's redaction and their reviews: the photos go with the author, also for a review whose
// order the app never held (found by the customer alone), and a second run finds nothing to do.
import { afterEach, expect, it } from "vitest";
import { redactCustomer, type RedactionCounts } from "~/privacy/redact.server";
import { startHarness, type Harness } from "../support/app-harness";

const SHOP = "opinie-prywatnosc.myshopify.com";
const CUSTOMER = "gid://shopify/Customer/7001";
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

it("deletes the photos of a customer's review on an order the app does not hold, and anonymises the review", async () => {
  h = await startHarness();
  const db = h.runtime.db;
  const now = h.runtime.clock.now();
  const review = await db.review.create({
    data: {
      shop: SHOP,
      productGid: "gid://shopify/Product/1",
      productTitle: "Kubek",
      orderGid: "gid://shopify/Order/999999",
      lineItemGid: "gid://shopify/LineItem/999999",
      customerGid: CUSTOMER,
      authorName: "Ola N.",
      authorEmail: "ola@example.pl",
      rating: 5,
      locale: "pl",
      status: "published",
      verified: true,
      submittedAt: now,
      publishedAt: now,
      photos: { create: { shop: SHOP, contentType: "image/png", size: PNG.length, data: PNG } },
    },
  });
  const subject = { shop: SHOP, customerId: "7001", customerGid: CUSTOMER, emails: [], phones: [], orderGids: [] };
  const ctx = { db, jobs: h.runtime.jobs, now, request: { id: "r1", webhookId: "w1" } };
  const counts: RedactionCounts = {};
  await redactCustomer(ctx, subject, counts);
  expect(counts).toMatchObject({ Review: 1, ReviewPhoto: 1 });
  expect(await db.reviewPhoto.count({ where: { reviewId: review.id } })).toBe(0);
  expect(await db.review.findUniqueOrThrow({ where: { id: review.id } })).toMatchObject({
    authorName: "Anonim",
    authorEmail: null,
    customerGid: null,
    rating: 5,
    status: "published",
  });
  const again: RedactionCounts = {};
  await redactCustomer(ctx, subject, again);
  expect(again.Review ?? 0).toBe(0);
  expect(again.ReviewPhoto ?? 0).toBe(0);
});
