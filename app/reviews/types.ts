// The reviews capability's vocabulary: statuses, sources, why a review was held or rejected, and
// the shapes the storefront reads. Pure types and constants, shared by the domain, the routes and
// the admin pages.

/** pending (waiting for the merchant) → published | rejected; a published review can be unpublished (back to pending). */
export const REVIEW_STATUSES = ["pending", "published", "rejected"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** email: through an order's signed link (verified buyer); import: from the merchant's CSV (never verified). */
export const REVIEW_SOURCES = ["email", "import"] as const;
export type ReviewSource = (typeof REVIEW_SOURCES)[number];

/** Why the auto-publish rule held a review for a look (shown in the queue). */
export const HELD_FOR = ["low_rating", "blocked_word", "manual"] as const;
export type HeldFor = (typeof HELD_FOR)[number];

/** The only reasons a review may be rejected: policy, never the rating (recorded with the review). */
export const REJECT_REASONS = ["spam", "offensive", "off_topic", "personal_data", "not_genuine", "other_policy"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** none, or an incentive that is the same for every rating (the review is flagged as incentivised). */
export const INCENTIVES = ["none", "points", "discount"] as const;
export type Incentive = (typeof INCENTIVES)[number];

export const RATING_MIN = 1;
export const RATING_MAX = 5;
/** 1–2 stars: a gentler thank-you, and the merchant is told. */
export const LOW_RATING_MAX = 2;

/** Limits of what a shopper may send. */
export const LIMITS = {
  title: 120,
  body: 5_000,
  authorName: 60,
  photosPerReview: 5,
  photoBytes: 5 * 1024 * 1024,
} as const;

/** Reviews per page on the storefront. */
export const STOREFRONT_PAGE_SIZE = 5;
/** Reviews mirrored to the product's `$app:reviews.latest` metafield (the JSON-LD and the first paint). */
export const LATEST_IN_METAFIELD = 5;

/** A published review as the storefront shows it (App Proxy JSON and the product metafield). */
export interface PublicReview {
  id: string;
  author: string;
  rating: number;
  title: string;
  body: string;
  /** ISO 8601. */
  publishedAt: string;
  verified: boolean;
  incentivised: boolean;
  reply: { body: string; at: string } | null;
  photos: { url: string }[];
}

export interface RatingSummary {
  /** Average to one decimal (0 when there are none). */
  average: number;
  count: number;
  /** Reviews per star, "1" … "5". */
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
}
