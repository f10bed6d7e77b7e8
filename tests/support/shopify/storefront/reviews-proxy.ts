// A stand-in for the app's public reviews behind the App Proxy, for storefront tests: answers
// `GET /shops/{shop}/apps/aftercare/api/reviews?product=<id>&page=<n>&locale=<en|pl>` with the rating summary
// and one page of five reviews (newest first), as the app will; records each call and can fail on demand.
// Also builds the product metafields the app mirrors to Shopify for those reviews (reviews.rating,
// reviews.rating_count, `$app:reviews.latest` and `$app:reviews.summary`), so a test seeds both sides alike.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PublicReview, RatingSummary } from "../../../../app/reviews/types";
import type { Listener, StorefrontMetafield } from "./types";

export const REVIEWS_PAGE_SIZE = 5;
/** Reviews the app mirrors to `$app:reviews.latest` (the block's first page and its JSON-LD). */
export const LATEST_REVIEWS = 5;

export function reviewSummary(reviews: PublicReview[]): RatingSummary {
  const distribution: RatingSummary["distribution"] = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const review of reviews) distribution[String(review.rating) as keyof RatingSummary["distribution"]] += 1;
  const sum = reviews.reduce((total, review) => total + review.rating, 0);
  return { average: reviews.length ? Math.round((sum / reviews.length) * 10) / 10 : 0, count: reviews.length, distribution };
}

function newestFirst(reviews: PublicReview[]): PublicReview[] {
  return [...reviews].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || b.id.localeCompare(a.id));
}

export type ReviewMetafieldOptions = {
  /** Write `$app:reviews.summary` (the distribution bars' source); default true. */
  summary?: boolean;
  /** Write `$app:reviews.latest`; default true. */
  latest?: boolean;
};

/**
 * The metafields a product with these published reviews carries: Shopify's standard `reviews.rating`
 * (type rating, `{"value":"4.6","scale_min":"1.0","scale_max":"5.0"}`) and `reviews.rating_count`, and the app's
 * `$app:reviews.latest` (the newest five, JSON) and `$app:reviews.summary` (RatingSummary, JSON). None without reviews.
 */
export function reviewMetafields(reviews: PublicReview[], options: ReviewMetafieldOptions = {}): StorefrontMetafield[] {
  if (reviews.length === 0) return [];
  const summary = reviewSummary(reviews);
  const metafields: StorefrontMetafield[] = [
    {
      namespace: "reviews",
      key: "rating",
      type: "rating",
      value: JSON.stringify({ value: summary.average.toFixed(1), scale_min: "1.0", scale_max: "5.0" }),
    },
    { namespace: "reviews", key: "rating_count", type: "number_integer", value: String(summary.count) },
  ];
  if (options.latest !== false) {
    const latest = newestFirst(reviews).slice(0, LATEST_REVIEWS);
    metafields.push({ namespace: "$app:reviews", key: "latest", type: "json", value: JSON.stringify(latest) });
  }
  if (options.summary !== false) {
    metafields.push({ namespace: "$app:reviews", key: "summary", type: "json", value: JSON.stringify(summary) });
  }
  return metafields;
}

export type FakeReviewsProxyOptions = {
  /** A product's published reviews, by shop and numeric product id (order does not matter). */
  reviews: (shop: string, productId: string) => PublicReview[] | undefined;
  appProxyPath?: string;
};

export type FakeReviewsProxy = {
  listener: Listener;
  /** Every request's path and query, in order. */
  calls: string[];
  /** The next `times` requests answer 503, as an App Proxy does when the app is down. */
  failNext(times?: number): void;
};

export function fakeReviewsProxy(options: FakeReviewsProxyOptions): FakeReviewsProxy {
  const appProxyPath = options.appProxyPath ?? "/apps/aftercare";
  const calls: string[] = [];
  let failures = 0;
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.statusCode = status;
    res.setHeader("Content-Type", "application/json; charset=utf-8");
    res.setHeader("Cache-Control", "no-store");
    res.end(JSON.stringify(body));
  };

  const listener: Listener = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://storefront.local");
    const match = /^\/shops\/([^/]+)(\/.*)$/.exec(url.pathname);
    if (!match || match[2] !== `${appProxyPath}/api/reviews`) return false;
    calls.push(`${url.pathname}${url.search}`);
    if (req.method !== "GET") {
      json(res, 405, { error: "METHOD_NOT_ALLOWED" });
      return true;
    }
    if (failures > 0) {
      failures -= 1;
      json(res, 503, { error: "UNAVAILABLE" });
      return true;
    }
    const product = url.searchParams.get("product") ?? "";
    const page = Number(url.searchParams.get("page") ?? "1");
    const locale = url.searchParams.get("locale") ?? "en";
    if (!/^\d+$/.test(product) || !Number.isInteger(page) || page < 1 || !/^[a-z]{2}(-[A-Z]{2})?$/.test(locale)) {
      json(res, 400, { error: "BAD_REQUEST" });
      return true;
    }
    const all = newestFirst(options.reviews(decodeURIComponent(match[1]), product) ?? []);
    const pages = Math.ceil(all.length / REVIEWS_PAGE_SIZE);
    const reviews = all.slice((page - 1) * REVIEWS_PAGE_SIZE, page * REVIEWS_PAGE_SIZE);
    json(res, 200, { summary: reviewSummary(all), page, pages, reviews });
    return true;
  };

  return {
    listener,
    calls,
    failNext(times = 1) {
      failures = times;
    },
  };
}
