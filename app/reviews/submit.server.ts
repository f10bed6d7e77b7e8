// The review form's server side: what an order's link may review (its line items with a product,
// minus those refunded in full), the reviews already written through it, and a submission — one
// review per line item, verified (it came through the order's signed link), checked (rating, text
// lengths, photos by their bytes), stored with its photos in one transaction, then decided by the
// auto-publish rule. A repeated submission of the same review changes nothing; a different one
// within the edit window edits it. Effects after the commit: the timeline event, the publish
// event (loyalty hears it), a low-rating alert, the incentive's code, the product's metafields.
import { z } from "zod";
import { remainingItems } from "~/messaging/planner.server";
import type { Db } from "~/platform/db.server";
import { orderedId } from "~/platform/ids";
import { announcePublished, reviewsChanged, type ReviewDeps } from "./moderation.server";
import { checkPhoto, type ImageType } from "./photos";
import { cleanText, isLowRating, moderationDecision, publicAuthor } from "./rules";
import { reviewSettings, type ReviewSettingsValues } from "./settings.server";
import { LIMITS, RATING_MAX, RATING_MIN } from "./types";

export const LOW_RATING_ALERT_JOB = "reviews.low-rating-alert";
export const INCENTIVE_JOB = "reviews.issue-incentive";

const DAY = 86_400_000;

export interface ReviewableItem {
  lineItemGid: string;
  /** The numeric id used in form field names and star links. */
  itemId: string;
  productGid: string;
  variantGid: string | null;
  title: string;
  variantTitle: string | null;
  review: ExistingReview | null;
}

export interface ExistingReview {
  id: string;
  rating: number;
  title: string;
  body: string;
  status: string;
  editable: boolean;
  editableUntil: Date | null;
  photoIds: string[];
  rewardCode: string | null;
}

export interface OrderForReview {
  shop: string;
  orderGid: string;
  orderName: string;
  customerGid: string | null;
  email: string | null;
  authorName: string;
  items: ReviewableItem[];
}

export function itemIdOf(lineItemGid: string): string {
  return lineItemGid.slice(lineItemGid.lastIndexOf("/") + 1);
}

/** The order's reviewable items with what was already written for them; null when the order is unknown. */
export async function orderForReview(
  deps: Pick<ReviewDeps, "db" | "clock">,
  shop: string,
  orderGid: string,
): Promise<OrderForReview | null> {
  const { db } = deps;
  const order = await db.order.findUnique({
    where: { shop_orderGid: { shop, orderGid } },
    select: { name: true, customerGid: true, email: true, cancelledAt: true },
  });
  if (!order) return null;
  const customer = order.customerGid
    ? await db.customer.findUnique({
        where: { shop_customerGid: { shop, customerGid: order.customerGid } },
        select: { firstName: true, lastName: true },
      })
    : null;
  const remaining = new Set(order.cancelledAt ? [] : await remainingItems(db, shop, orderGid));
  const lines = await db.orderLine.findMany({ where: { shop, orderGid }, orderBy: { id: "asc" } });
  const reviews = await db.review.findMany({
    where: { shop, orderGid },
    include: { photos: { select: { id: true }, orderBy: { position: "asc" } } },
  });
  const byLine = new Map(reviews.map((r) => [r.lineItemGid, r]));
  const now = deps.clock.now();
  const items: ReviewableItem[] = [];
  for (const l of lines) {
    const r = byLine.get(l.lineItemGid);
    // A refunded item is not asked about; one already reviewed stays visible (to edit or see its code).
    if (!l.productGid || (!remaining.has(l.lineItemGid) && !r)) continue;
    items.push({
      lineItemGid: l.lineItemGid,
      itemId: itemIdOf(l.lineItemGid),
      productGid: l.productGid,
      variantGid: l.variantGid,
      title: l.title,
      variantTitle: l.variantTitle,
      review: r
        ? {
            id: r.id,
            rating: r.rating,
            title: r.title,
            body: r.body,
            status: r.status,
            editable: r.status !== "rejected" && (r.editableUntil?.getTime() ?? 0) > now.getTime(),
            editableUntil: r.editableUntil,
            photoIds: r.photos.map((p) => p.id),
            rewardCode: r.rewardCode,
          }
        : null,
    });
  }
  return {
    shop,
    orderGid,
    orderName: order.name,
    customerGid: order.customerGid,
    email: order.email,
    authorName: publicAuthor(customer?.firstName, customer?.lastName, ""),
    items,
  };
}

export interface SubmittedPhoto {
  bytes: Uint8Array;
}

export interface SubmittedItem {
  itemId: string;
  rating: number | null;
  title: string;
  body: string;
  photos: SubmittedPhoto[];
}

export type FieldError = { itemId: string | null; field: "rating" | "title" | "body" | "photos" | "name"; code: string };

export type SubmitOutcome =
  | {
      ok: true;
      results: { itemId: string; reviewId: string; outcome: "created" | "edited" | "unchanged"; published: boolean; low: boolean }[];
    }
  | { ok: false; errors: FieldError[] };

const textField = (max: number) => z.string().transform(cleanText).pipe(z.string().max(max));

/** Checks every item before anything is written: a bad photo on one item stops the whole submission. */
function validate(order: OrderForReview, name: string, items: SubmittedItem[]): { errors: FieldError[]; wanted: SubmittedItem[] } {
  const errors: FieldError[] = [];
  const known = new Map(order.items.map((i) => [i.itemId, i]));
  const wanted = items.filter((i) => i.rating !== null || i.title.trim() || i.body.trim() || i.photos.length);
  if (!wanted.length) errors.push({ itemId: null, field: "rating", code: "nothing" });
  if (cleanText(name).length > LIMITS.authorName) errors.push({ itemId: null, field: "name", code: "too_long" });
  for (const item of wanted) {
    const target = known.get(item.itemId);
    if (!target) {
      errors.push({ itemId: item.itemId, field: "rating", code: "unknown_item" });
      continue;
    }
    if (target.review && !target.review.editable) errors.push({ itemId: item.itemId, field: "rating", code: "not_editable" });
    if (item.rating === null || !Number.isInteger(item.rating) || item.rating < RATING_MIN || item.rating > RATING_MAX)
      errors.push({ itemId: item.itemId, field: "rating", code: "required" });
    if (!textField(LIMITS.title).safeParse(item.title).success) errors.push({ itemId: item.itemId, field: "title", code: "too_long" });
    if (!textField(LIMITS.body).safeParse(item.body).success) errors.push({ itemId: item.itemId, field: "body", code: "too_long" });
    const existingPhotos = target.review?.photoIds.length ?? 0;
    if (existingPhotos + item.photos.length > LIMITS.photosPerReview)
      errors.push({ itemId: item.itemId, field: "photos", code: "too_many" });
    for (const p of item.photos) {
      const check = checkPhoto(p.bytes);
      if (!check.ok) {
        errors.push({ itemId: item.itemId, field: "photos", code: check.why });
        break;
      }
    }
  }
  return { errors, wanted };
}

interface Written {
  itemId: string;
  lineItemGid: string;
  reviewId: string;
  outcome: "created" | "edited" | "unchanged";
  published: boolean;
  wasPublished: boolean;
  held: string | null;
  rating: number;
  productGid: string;
  productTitle: string;
  at: Date;
}

export async function submitReviews(
  deps: ReviewDeps,
  order: OrderForReview,
  input: { name: string; locale: string; items: SubmittedItem[] },
): Promise<SubmitOutcome> {
  const { errors, wanted } = validate(order, input.name, input.items);
  if (errors.length) return { ok: false, errors };
  const settings = await reviewSettings(deps.db, order.shop);
  const now = deps.clock.now();
  const authorName = cleanText(input.name) || order.authorName || "—";
  const write = () =>
    deps.db.$transaction(async (tx) => {
      const out: Written[] = [];
      for (const item of wanted) {
        const target = order.items.find((i) => i.itemId === item.itemId)!;
        out.push(await writeOne(tx as unknown as Db, order, target, item, { settings, authorName, locale: input.locale, now }));
      }
      return out;
    });
  let written: Written[];
  try {
    written = await write();
  } catch (error) {
    // The same form sent twice at once: the other request created the review first (unique key);
    // run again, and this one finds it (unchanged, or an edit).
    if (!isUniqueViolation(error)) throw error;
    written = await write();
  }
  await afterWrite(deps, order, written, settings);
  return {
    ok: true,
    results: written.map((w) => ({
      itemId: w.itemId,
      reviewId: w.reviewId,
      outcome: w.outcome,
      published: w.published,
      low: isLowRating(w.rating),
    })),
  };
}

async function writeOne(
  db: Db,
  order: OrderForReview,
  target: ReviewableItem,
  item: SubmittedItem,
  c: { settings: ReviewSettingsValues; authorName: string; locale: string; now: Date },
): Promise<Written> {
  const rating = item.rating!;
  const title = cleanText(item.title);
  const body = cleanText(item.body);
  const decision = moderationDecision({ rating, title, body }, c.settings);
  const status = decision.publish ? "published" : "pending";
  const heldFor = decision.publish ? null : decision.heldFor;
  const base = {
    itemId: target.itemId,
    lineItemGid: target.lineItemGid,
    rating,
    productGid: target.productGid,
    productTitle: target.title,
    at: c.now,
  };
  const existing = await db.review.findUnique({
    where: { shop_orderGid_lineItemGid: { shop: order.shop, orderGid: order.orderGid, lineItemGid: target.lineItemGid } },
    select: { id: true, rating: true, title: true, body: true, status: true, authorName: true, editableUntil: true, publishedAt: true },
  });
  if (!existing) {
    const id = orderedId();
    await db.review.create({
      data: {
        id,
        shop: order.shop,
        productGid: target.productGid,
        variantGid: target.variantGid,
        productTitle: target.title,
        orderGid: order.orderGid,
        lineItemGid: target.lineItemGid,
        customerGid: order.customerGid,
        authorName: c.authorName,
        authorEmail: order.email,
        rating,
        title,
        body,
        locale: c.locale,
        status,
        heldFor,
        source: "email",
        verified: true,
        incentivised: c.settings.incentive !== "none",
        submittedAt: c.now,
        publishedAt: decision.publish ? c.now : null,
        editableUntil: new Date(c.now.getTime() + c.settings.editDays * DAY),
      },
    });
    await addPhotos(db, order.shop, id, item.photos, 0);
    return { ...base, reviewId: id, outcome: "created", published: decision.publish, wasPublished: false, held: heldFor };
  }
  const same =
    existing.rating === rating &&
    existing.title === title &&
    existing.body === body &&
    existing.authorName === c.authorName &&
    !item.photos.length;
  if (same)
    return {
      ...base,
      reviewId: existing.id,
      outcome: "unchanged",
      published: existing.status === "published",
      wasPublished: existing.status === "published",
      held: null,
    };
  // An edit is decided again: a published review edited into a blocked word goes back for a look.
  const wasPublished = existing.status === "published";
  const nextStatus = existing.status === "rejected" ? "rejected" : status;
  await db.review.update({
    where: { id: existing.id },
    data: {
      rating,
      title,
      body,
      authorName: c.authorName,
      status: nextStatus,
      heldFor: nextStatus === "pending" ? heldFor : null,
      publishedAt: nextStatus === "published" ? (existing.publishedAt ?? c.now) : null,
      editedAt: c.now,
    },
  });
  const count = await db.reviewPhoto.count({ where: { shop: order.shop, reviewId: existing.id } });
  await addPhotos(db, order.shop, existing.id, item.photos, count);
  return {
    ...base,
    reviewId: existing.id,
    outcome: "edited",
    published: nextStatus === "published",
    wasPublished,
    held: nextStatus === "pending" ? heldFor : null,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

async function addPhotos(db: Db, shop: string, reviewId: string, photos: SubmittedPhoto[], from: number) {
  let position = from;
  for (const p of photos) {
    const check = checkPhoto(p.bytes);
    if (!check.ok) continue;
    await db.reviewPhoto.create({
      data: {
        shop,
        reviewId,
        contentType: check.contentType as ImageType,
        size: p.bytes.length,
        data: Buffer.from(p.bytes),
        position: position++,
      },
    });
  }
}

async function afterWrite(deps: ReviewDeps, order: OrderForReview, written: Written[], settings: ReviewSettingsValues) {
  for (const w of written) {
    if (w.outcome === "unchanged") continue;
    await deps.events.append(
      order.shop,
      [
        {
          type: "review.submitted",
          key: `review:${w.reviewId}:submitted:${w.at.getTime()}`,
          orderGid: order.orderGid,
          customerGid: order.customerGid,
          occurredAt: w.at,
          detail: {
            reviewId: w.reviewId,
            lineItemGid: w.lineItemGid,
            productGid: w.productGid,
            productTitle: w.productTitle,
            rating: w.rating,
            verified: true,
            edited: w.outcome === "edited",
            held: w.published ? null : w.held,
          },
        },
      ],
      { source: "app" },
    );
    const row = {
      id: w.reviewId,
      shop: order.shop,
      productGid: w.productGid,
      productTitle: w.productTitle,
      orderGid: order.orderGid,
      customerGid: order.customerGid,
      rating: w.rating,
      status: w.published ? "published" : "pending",
    };
    if (w.published && !w.wasPublished) await announcePublished(deps, order.shop, row, w.at, null);
    else if (w.published || w.wasPublished) await reviewsChanged(deps, order.shop, [w.productGid], [w.reviewId]);
    if (w.outcome === "created" && isLowRating(w.rating) && settings.lowRatingAlert)
      await deps.jobs.enqueue(
        LOW_RATING_ALERT_JOB,
        { shop: order.shop, reviewId: w.reviewId },
        { key: `reviews.alert:${order.shop}:${w.reviewId}`, shop: order.shop },
      );
    if (w.outcome === "created" && settings.incentive === "discount")
      await deps.jobs.enqueue(
        INCENTIVE_JOB,
        { shop: order.shop, reviewId: w.reviewId },
        { key: `reviews.incentive:${order.shop}:${w.reviewId}`, shop: order.shop },
      );
  }
}
