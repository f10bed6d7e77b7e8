// What a review goes through after it is written: published (by the auto-publish rule or the
// merchant), unpublished, rejected for a policy reason, replied to in public. Each change moves the
// row only from the states it may come from (a conditional UPDATE: two merchants pressing at once
// give one change and one "unchanged"), goes on the order's and the customer's timeline as an
// event, and asks for the product's rating metafields and the review's syndication to be brought up
// to date by keyed jobs. Loyalty hears `review.published` and awards its points; nothing here calls it.
import type { EventLog } from "~/events/log.server";
import type { NewEvent } from "~/events/types";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import { orderedId } from "~/platform/ids";
import type { JobQueue } from "~/platform/jobs/types";
import { REJECT_REASONS, type RejectReason } from "./types";
import { cleanText } from "./rules";

export interface ReviewDeps {
  db: Db;
  events: EventLog;
  jobs: JobQueue;
  clock: Clock;
}

export type ModerationResult = { ok: true } | { ok: false; error: "not_found" | "unchanged" | "invalid" };

export const SYNC_PRODUCT_JOB = "reviews.sync-product";
export const SYNDICATE_JOB = "reviews.syndicate";

export const MAX_REPLY = 2_000;

interface ReviewRow {
  id: string;
  shop: string;
  productGid: string;
  productTitle: string;
  orderGid: string | null;
  customerGid: string | null;
  rating: number;
  status: string;
}

async function find(db: Db, shop: string, id: string): Promise<ReviewRow | null> {
  return db.review.findFirst({
    where: { shop, id },
    select: { id: true, shop: true, productGid: true, productTitle: true, orderGid: true, customerGid: true, rating: true, status: true },
  });
}

/**
 * Brings the products' rating metafields (and the reviews' syndication) up to date, later, once per
 * change: the jobs read the database when they run, so each change gets a key of its own (two
 * changes in the same millisecond must not share one) and a repeat only writes the same truth again.
 */
export async function reviewsChanged(
  deps: Pick<ReviewDeps, "jobs" | "clock">,
  shop: string,
  productGids: string[],
  reviewIds: string[] = [],
) {
  const at = `${deps.clock.now().getTime()}:${orderedId()}`;
  for (const productGid of [...new Set(productGids)])
    await deps.jobs.enqueue(SYNC_PRODUCT_JOB, { shop, productGid }, { key: `reviews.sync:${shop}:${productGid}:${at}`, shop });
  for (const reviewId of [...new Set(reviewIds)])
    await deps.jobs.enqueue(SYNDICATE_JOB, { shop, reviewId }, { key: `reviews.syndicate:${shop}:${reviewId}:${at}`, shop });
}

async function record(deps: ReviewDeps, shop: string, r: ReviewRow, event: NewEvent) {
  await deps.events.append(shop, [{ ...event, orderGid: r.orderGid, customerGid: r.customerGid } as NewEvent], { source: "app" });
}

/** pending → published. Publishing is never refused for the rating. */
export async function publishReview(deps: ReviewDeps, shop: string, id: string, actor: string | null): Promise<ModerationResult> {
  const r = await find(deps.db, shop, id);
  if (!r) return { ok: false, error: "not_found" };
  const now = deps.clock.now();
  const moved = await deps.db.review.updateMany({
    where: { shop, id, status: { in: ["pending", "rejected"] } },
    data: { status: "published", publishedAt: now, rejectReason: null, heldFor: null },
  });
  if (moved.count !== 1) return { ok: false, error: "unchanged" };
  await announcePublished(deps, shop, r, now, actor);
  return { ok: true };
}

/** The event and the syncs of a review that just went live (also the auto-publish path of a submission). */
export async function announcePublished(deps: ReviewDeps, shop: string, r: ReviewRow, at: Date, actor: string | null) {
  await record(deps, shop, r, {
    type: "review.published",
    key: `review:${r.id}:published:${at.getTime()}`,
    occurredAt: at,
    detail: { reviewId: r.id, productGid: r.productGid, rating: r.rating, productTitle: r.productTitle, actor },
  });
  await reviewsChanged(deps, shop, [r.productGid], [r.id]);
}

/** published → pending (off the storefront and Shopify, kept for the merchant). */
export async function unpublishReview(deps: ReviewDeps, shop: string, id: string, actor: string | null): Promise<ModerationResult> {
  const r = await find(deps.db, shop, id);
  if (!r) return { ok: false, error: "not_found" };
  const now = deps.clock.now();
  const moved = await deps.db.review.updateMany({
    where: { shop, id, status: "published" },
    data: { status: "pending", publishedAt: null, heldFor: "manual" },
  });
  if (moved.count !== 1) return { ok: false, error: "unchanged" };
  await record(deps, shop, r, {
    type: "review.unpublished",
    key: `review:${r.id}:unpublished:${now.getTime()}`,
    occurredAt: now,
    detail: { reviewId: r.id, productGid: r.productGid, productTitle: r.productTitle, actor },
  });
  await reviewsChanged(deps, shop, [r.productGid], [r.id]);
  return { ok: true };
}

/** pending | published → rejected, for one of the policy reasons (recorded with the review). */
export async function rejectReview(
  deps: ReviewDeps,
  shop: string,
  id: string,
  reason: RejectReason,
  actor: string | null,
): Promise<ModerationResult> {
  if (!(REJECT_REASONS as readonly string[]).includes(reason)) return { ok: false, error: "invalid" };
  const r = await find(deps.db, shop, id);
  if (!r) return { ok: false, error: "not_found" };
  const now = deps.clock.now();
  const moved = await deps.db.review.updateMany({
    where: { shop, id, status: { in: ["pending", "published"] } },
    data: { status: "rejected", rejectReason: reason, publishedAt: null },
  });
  if (moved.count !== 1) return { ok: false, error: "unchanged" };
  await record(deps, shop, r, {
    type: "review.rejected",
    key: `review:${r.id}:rejected:${now.getTime()}`,
    occurredAt: now,
    detail: { reviewId: r.id, productGid: r.productGid, productTitle: r.productTitle, reason, actor },
  });
  if (r.status === "published") await reviewsChanged(deps, shop, [r.productGid], [r.id]);
  return { ok: true };
}

/** Saves (or, with null or blank, removes) the merchant's public reply. */
export async function replyToReview(
  deps: ReviewDeps,
  shop: string,
  id: string,
  reply: string | null,
  actor: string | null,
): Promise<ModerationResult> {
  const text = reply == null ? "" : cleanText(reply);
  if (text.length > MAX_REPLY) return { ok: false, error: "invalid" };
  const r = await find(deps.db, shop, id);
  if (!r) return { ok: false, error: "not_found" };
  const now = deps.clock.now();
  const removed = text === "";
  const moved = await deps.db.review.updateMany({
    where: removed ? { shop, id, reply: { not: null } } : { shop, id, OR: [{ reply: null }, { reply: { not: text } }] },
    data: removed ? { reply: null, repliedAt: null } : { reply: text, repliedAt: now },
  });
  if (moved.count !== 1) return { ok: false, error: "unchanged" };
  await record(deps, shop, r, {
    type: "review.replied",
    key: `review:${r.id}:reply:${now.getTime()}`,
    occurredAt: now,
    detail: { reviewId: r.id, productTitle: r.productTitle, removed, actor },
  });
  if (r.status === "published") await reviewsChanged(deps, shop, [r.productGid], [r.id]);
  return { ok: true };
}
