// Keeps Shopify in step with a product's published reviews: the standard product metafields
// reviews.rating (type rating) and reviews.rating_count that themes, SEO apps and Shopify's search
// read, plus the app's `$app:reviews.latest` (the newest reviews, for the block's first paint and
// its JSON-LD without a request) and `$app:reviews.summary` (the per-star bars); all removed when the last review goes. And, for shops that
// syndicate, each published review as Shopify's standard product_review metaobject (removed when
// unpublished). Jobs compute from the database when they run, so a late or repeated run writes the
// current truth.
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { adminClientIfInstalled } from "~/platform/shopify-admin.server";
import type { ShopifyConfig } from "~/messaging/shopify.server";
import { publicReviews, ratingSummary } from "./public.server";
import { reviewSettings } from "./settings.server";
import {
  ProductReviewDefinitionEnable,
  ProductReviewDelete,
  ProductReviewUpsert,
  ReviewMetafieldsDelete,
  ReviewMetafieldsSet,
} from "./reviews.operations";
import { LATEST_IN_METAFIELD, RATING_MAX, RATING_MIN } from "./types";

export const APP_NAMESPACE = "$app:reviews";
export const PRODUCT_REVIEW_TYPE = "product_review";

export interface SyncDeps {
  db: Db;
  shopify: ShopifyConfig;
  /** Public origin of the app: syndicated photos need absolute addresses. */
  appUrl: string;
}

function userErrors(op: string, errors: { message: string }[]) {
  if (errors.length) throw new AppError("SHOPIFY_GRAPHQL_ERROR", `${op}: ${errors.map((e) => e.message).join("; ")}`);
}

/** Shopify's rating value: {"value":"4.6","scale_min":"1.0","scale_max":"5.0"}. */
export function ratingValue(average: number): string {
  return JSON.stringify({ value: average.toFixed(1), scale_min: RATING_MIN.toFixed(1), scale_max: RATING_MAX.toFixed(1) });
}

export async function syncProduct(deps: SyncDeps, shop: string, productGid: string): Promise<"written" | "removed" | "skipped"> {
  if (!productGid.startsWith("gid://shopify/Product/")) return "skipped";
  const api = await adminClientIfInstalled(deps.db, shop, deps.shopify);
  if (!api) return "skipped";
  const summary = await ratingSummary(deps.db, shop, productGid);
  if (summary.count === 0) {
    const { metafieldsDelete: r } = await api.request(ReviewMetafieldsDelete, {
      metafields: [
        { ownerId: productGid, namespace: "reviews", key: "rating" },
        { ownerId: productGid, namespace: "reviews", key: "rating_count" },
        { ownerId: productGid, namespace: APP_NAMESPACE, key: "latest" },
        { ownerId: productGid, namespace: APP_NAMESPACE, key: "summary" },
      ],
    });
    userErrors("metafieldsDelete", r.userErrors);
    return "removed";
  }
  const latest = await publicReviews(deps.db, shop, productGid, 1, LATEST_IN_METAFIELD);
  const { metafieldsSet: r } = await api.request(ReviewMetafieldsSet, {
    metafields: [
      { ownerId: productGid, namespace: "reviews", key: "rating", type: "rating", value: ratingValue(summary.average) },
      { ownerId: productGid, namespace: "reviews", key: "rating_count", type: "number_integer", value: String(summary.count) },
      { ownerId: productGid, namespace: APP_NAMESPACE, key: "latest", type: "json", value: JSON.stringify(latest) },
      { ownerId: productGid, namespace: APP_NAMESPACE, key: "summary", type: "json", value: JSON.stringify(summary) },
    ],
  });
  userErrors("metafieldsSet", r.userErrors);
  return "written";
}

/** The metaobject's handle for a review: stable, so an upsert updates the same one. */
export function syndicationHandle(reviewId: string): string {
  return `aftercare-${reviewId.toLowerCase()}`;
}

export async function syndicateReview(deps: SyncDeps, shop: string, reviewId: string): Promise<"upserted" | "deleted" | "skipped"> {
  const review = await deps.db.review.findFirst({ where: { shop, id: reviewId }, include: { photos: { select: { id: true } } } });
  if (!review) return "skipped";
  const settings = await reviewSettings(deps.db, shop);
  const wanted = settings.syndicate && review.status === "published" && review.productGid.startsWith("gid://shopify/Product/");
  if (!wanted && !review.metaobjectGid) return "skipped";
  const api = await adminClientIfInstalled(deps.db, shop, deps.shopify);
  if (!api) return "skipped";
  if (!wanted) {
    const { metaobjectDelete: r } = await api.request(ProductReviewDelete, { id: review.metaobjectGid! });
    // Already gone in Shopify (deleted there): nothing left to remove.
    if (r.userErrors.length && !r.userErrors.every((e) => /not found|does not exist/i.test(e.message)))
      userErrors("metaobjectDelete", r.userErrors);
    await deps.db.review.updateMany({ where: { shop, id: reviewId, metaobjectGid: review.metaobjectGid }, data: { metaobjectGid: null } });
    return "deleted";
  }
  const { standardMetaobjectDefinitionEnable: enabled } = await api.request(ProductReviewDefinitionEnable, { type: PRODUCT_REVIEW_TYPE });
  if (!enabled.metaobjectDefinition) userErrors("standardMetaobjectDefinitionEnable", enabled.userErrors);
  const base = deps.appUrl.replace(/\/$/, "");
  const fields: { key: string; value: string }[] = [
    {
      key: "rating",
      value: JSON.stringify({ value: String(review.rating), scale_min: String(RATING_MIN), scale_max: String(RATING_MAX) }),
    },
    { key: "submitted_at", value: review.submittedAt.toISOString() },
    { key: "source", value: review.source === "import" ? "import" : "aftercare" },
    { key: "author_display_name", value: review.authorName },
    { key: "product", value: review.productGid },
  ];
  const optional: [string, string | null | undefined][] = [
    ["title", review.title || null],
    ["body", review.body || null],
    ["edited_at", review.editedAt?.toISOString()],
    ["published_at", review.publishedAt?.toISOString()],
    ["author", review.customerGid],
    ["order", review.orderGid],
    ["product_variant", review.variantGid],
    ["merchant_reply", review.reply],
    ["merchant_replied_at", review.repliedAt?.toISOString()],
    ["language", review.locale],
    ["media_urls", review.photos.length ? JSON.stringify(review.photos.map((p) => `${base}/r/photos/${p.id}`)) : null],
  ];
  for (const [key, value] of optional) if (value) fields.push({ key, value });
  const { metaobjectUpsert: r } = await api.request(ProductReviewUpsert, {
    handle: { type: PRODUCT_REVIEW_TYPE, handle: syndicationHandle(review.id) },
    metaobject: { fields },
  });
  if (!r.metaobject) userErrors("metaobjectUpsert", r.userErrors);
  await deps.db.review.updateMany({ where: { shop, id: reviewId }, data: { metaobjectGid: r.metaobject!.id } });
  return "upserted";
}
