// Published reviews as shoppers see them: a product's rating summary and its reviews page by page
// (newest first), with the author as first name and initial, the merchant's reply and the photos'
// storefront addresses (through the App Proxy, so they load from the shop's own domain). Read by
// the App Proxy endpoint and by the job that mirrors the latest reviews into the product's metafield.
import type { Db } from "~/platform/db.server";
import { sqlOf } from "~/platform/sql.server";
import { summaryOf } from "./rules";
import type { PublicReview, RatingSummary } from "./types";

/** Where the storefront loads a review photo (the App Proxy path; relative to the shop's domain). */
export function storefrontPhotoPath(photoId: string): string {
  return `/apps/aftercare/api/reviews/photos/${encodeURIComponent(photoId)}`;
}

export async function ratingSummary(db: Db, shop: string, productGid: string): Promise<RatingSummary> {
  const rows = await sqlOf(db).all<{ rating: number; n: number }>(
    `SELECT "rating", COUNT(*) AS "n" FROM "Review" WHERE "shop" = ? AND "productGid" = ? AND "status" = 'published' GROUP BY "rating"`,
    [shop, productGid],
  );
  return summaryOf(Object.fromEntries(rows.map((r) => [Number(r.rating), Number(r.n)])));
}

export async function publicReviews(
  db: Db,
  shop: string,
  productGid: string,
  page: number,
  pageSize: number,
  photoUrl: (id: string) => string = storefrontPhotoPath,
): Promise<PublicReview[]> {
  const rows = await db.review.findMany({
    where: { shop, productGid, status: "published" },
    orderBy: [{ publishedAt: "desc" }, { id: "desc" }],
    skip: (page - 1) * pageSize,
    take: pageSize,
    select: {
      id: true,
      authorName: true,
      rating: true,
      title: true,
      body: true,
      publishedAt: true,
      submittedAt: true,
      verified: true,
      incentivised: true,
      reply: true,
      repliedAt: true,
      photos: { select: { id: true }, orderBy: { position: "asc" } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    author: r.authorName,
    rating: r.rating,
    title: r.title,
    body: r.body,
    publishedAt: (r.publishedAt ?? r.submittedAt).toISOString(),
    verified: r.verified,
    incentivised: r.incentivised,
    reply: r.reply ? { body: r.reply, at: (r.repliedAt ?? r.publishedAt ?? r.submittedAt).toISOString() } : null,
    photos: r.photos.map((p) => ({ url: photoUrl(p.id) })),
  }));
}

/**
 * A published review's photo (a rejected or pending review's photos are not public): of the shop
 * the App Proxy vouches for, or, at the app's own address, by its id alone.
 */
export async function publicPhoto(db: Db, photoId: string, shop?: string) {
  return db.reviewPhoto.findFirst({
    where: { ...(shop ? { shop } : {}), id: photoId, review: { status: "published" } },
    select: { contentType: true, data: true, size: true },
  });
}
