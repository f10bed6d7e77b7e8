// The reviews admin's read side: the moderation queue (status tabs with counts, filters, a case-blind
// text search, sorts, pages of 50), one review with its photos' sizes and its history, the
// per-product summary and the overview's figures; plus the queue's URL state, a review's labels in
// words, and who the staff member is. Every query names the shop; raw SQL runs on SQLite and
// PostgreSQL alike (see `textMatch` for the search).
import { z } from "zod";
import type { Translate } from "~/i18n/translate";
import { comparesByCodePoint, startsWith } from "~/orders/order-queries.server";
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf, type Sql } from "~/platform/sql.server";
import { summaryOf } from "./rules";
import {
  HELD_FOR,
  RATING_MAX,
  RATING_MIN,
  REJECT_REASONS,
  REVIEW_SOURCES,
  REVIEW_STATUSES,
  type RatingSummary,
  type ReviewSource,
  type ReviewStatus,
} from "./types";

export const REVIEW_TABS = ["pending", "published", "rejected", "all"] as const;
export type ReviewTab = (typeof REVIEW_TABS)[number];
export const REVIEW_SORTS = ["newest", "oldest", "rating_desc", "rating_asc"] as const;
export type ReviewSort = (typeof REVIEW_SORTS)[number];
export const REVIEWS_PER_PAGE = 50;
/** A row of the queue shows this much of the review's text. */
export const EXCERPT_CHARS = 160;

export interface ReviewFilter {
  tab?: ReviewTab;
  rating?: number | null;
  verified?: boolean | null;
  source?: ReviewSource | null;
  productGid?: string | null;
  search?: string | null;
}

export interface ReviewListRow {
  id: string;
  rating: number;
  title: string;
  /** The start of the body (at most EXCERPT_CHARS characters). */
  excerpt: string;
  productGid: string;
  productTitle: string;
  authorName: string;
  verified: boolean;
  incentivised: boolean;
  source: string;
  heldFor: string | null;
  status: string;
  rejectReason: string | null;
  hasReply: boolean;
  submittedAt: Date;
}

export interface ReviewPage {
  rows: ReviewListRow[];
  total: number;
  page: number;
  pages: number;
}

export type TabCounts = Record<ReviewTab, number>;

const bool = (v: unknown) => v === true || v === 1 || v === "1" || v === "t" || v === "true";

/**
 * A case-blind "contains" that works the same on both databases, whatever their collation: each
 * letter becomes a class of its cases ("ś" → [śŚ]), matched with GLOB on SQLite (whose LIKE folds
 * ASCII only, so "ŁÓDŹ" would miss "łódź") and with a regular expression on PostgreSQL (ILIKE
 * folds by the database's locale, which may be C). Stored text is NFC (rules.cleanText), so the
 * term is too.
 */
export function textMatch(dialect: Sql["dialect"], columns: string[], term: string): { clause: string; args: unknown[] } {
  const chars = [...term.normalize("NFC")];
  const classOf = (c: string) => {
    const cases = [...new Set([c, c.toLowerCase(), c.toUpperCase()].filter((x) => [...x].length === 1))];
    return cases.length > 1 ? `[${cases.join("")}]` : null;
  };
  let pattern: string;
  let op: string;
  if (dialect === "sqlite") {
    // GLOB's specials are * ? [ (a ] outside a class is itself); each goes in a class of its own.
    pattern = `*${chars.map((c) => classOf(c) ?? (/[*?[]/.test(c) ? `[${c}]` : c)).join("")}*`;
    op = "GLOB";
  } else {
    pattern = chars.map((c) => classOf(c) ?? c.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&")).join("");
    op = "~";
  }
  return { clause: `(${columns.map((col) => `${col} ${op} ?`).join(" OR ")})`, args: columns.map(() => pattern) };
}

/** The WHERE of the queue (and of the CSV export, which takes the same filters). */
export function reviewWhere(sql: Sql, shop: string, f: ReviewFilter): { clause: string; args: unknown[] } {
  const where = [`"shop" = ?`];
  const args: unknown[] = [shop];
  if (f.tab && f.tab !== "all") {
    where.push(`"status" = ?`);
    args.push(f.tab);
  }
  if (f.rating != null) {
    where.push(`"rating" = ?`);
    args.push(f.rating);
  }
  if (f.verified != null) {
    where.push(`"verified" = ?`);
    args.push(f.verified);
  }
  if (f.source) {
    where.push(`"source" = ?`);
    args.push(f.source);
  }
  if (f.productGid) {
    where.push(`"productGid" = ?`);
    args.push(f.productGid);
  }
  const term = (f.search ?? "").trim();
  if (term) {
    const m = textMatch(sql.dialect, [`"title"`, `"body"`, `"authorName"`, `"authorEmail"`], term);
    where.push(m.clause);
    args.push(...m.args);
  }
  return { clause: where.join(" AND "), args };
}

const ORDER_BY: Record<ReviewSort, string> = {
  newest: `"submittedAt" DESC, "id" DESC`,
  oldest: `"submittedAt" ASC, "id" ASC`,
  rating_desc: `"rating" DESC, "submittedAt" DESC, "id" DESC`,
  rating_asc: `"rating" ASC, "submittedAt" DESC, "id" DESC`,
};

interface RawListRow {
  id: string;
  rating: number | string;
  title: string;
  excerpt: string;
  productGid: string;
  productTitle: string;
  authorName: string;
  verified: unknown;
  incentivised: unknown;
  source: string;
  heldFor: string | null;
  status: string;
  rejectReason: string | null;
  hasReply: unknown;
  submittedAt: unknown;
}

/** One page of the shop's reviews matching the filter. */
export async function listReviews(
  db: Db,
  shop: string,
  q: ReviewFilter & { sort?: ReviewSort; page?: number; pageSize?: number } = {},
): Promise<ReviewPage> {
  const sql = sqlOf(db);
  const pageSize = q.pageSize ?? REVIEWS_PER_PAGE;
  const { clause, args } = reviewWhere(sql, shop, q);
  const [count] = await sql.all<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "Review" WHERE ${clause}`, args);
  const total = Number(count?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (reviews moderated meanwhile) shows the last one.
  const page = Math.min(Math.max(1, Math.floor(q.page ?? 1)), pages);
  const rows = await sql.all<RawListRow>(
    `SELECT "id", "rating", "title", substr("body", 1, ${EXCERPT_CHARS + 1}) AS "excerpt", "productGid", "productTitle",
       "authorName", "verified", "incentivised", "source", "heldFor", "status", "rejectReason",
       CASE WHEN "reply" IS NULL THEN 0 ELSE 1 END AS "hasReply", "submittedAt"
     FROM "Review" WHERE ${clause}
     ORDER BY ${ORDER_BY[q.sort ?? "newest"]} LIMIT ? OFFSET ?`,
    [...args, pageSize, (page - 1) * pageSize],
  );
  return {
    rows: rows.map((r) => ({
      id: r.id,
      rating: Number(r.rating),
      title: r.title,
      excerpt: r.excerpt.length > EXCERPT_CHARS ? `${r.excerpt.slice(0, EXCERPT_CHARS).trimEnd()}…` : r.excerpt,
      productGid: r.productGid,
      productTitle: r.productTitle,
      authorName: r.authorName,
      verified: bool(r.verified),
      incentivised: bool(r.incentivised),
      source: r.source,
      heldFor: r.heldFor,
      status: r.status,
      rejectReason: r.rejectReason,
      hasReply: bool(r.hasReply),
      submittedAt: asDate(r.submittedAt)!,
    })),
    total,
    page,
    pages,
  };
}

/** How many of the shop's reviews each tab holds (whatever else is filtered). */
export async function reviewCounts(db: Db, shop: string): Promise<TabCounts> {
  const groups = await db.review.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  const counts: TabCounts = { pending: 0, published: 0, rejected: 0, all: 0 };
  for (const g of groups) {
    if ((REVIEW_STATUSES as readonly string[]).includes(g.status)) counts[g.status as ReviewStatus] += g._count._all;
    counts.all += g._count._all;
  }
  return counts;
}

export interface ProductChoice {
  productGid: string;
  productTitle: string;
  reviews: number;
}

/** The products with the most reviews (the queue's product filter offers these). */
export async function reviewedProducts(db: Db, shop: string, limit = 50): Promise<ProductChoice[]> {
  const rows = await sqlOf(db).all<{ productGid: string; productTitle: string; n: number | string }>(
    `SELECT "productGid", MAX("productTitle") AS "productTitle", COUNT(*) AS "n" FROM "Review" WHERE "shop" = ?
     GROUP BY "productGid" ORDER BY COUNT(*) DESC, MAX("productTitle") ASC LIMIT ?`,
    [shop, limit],
  );
  return rows.map((r) => ({ productGid: r.productGid, productTitle: r.productTitle, reviews: Number(r.n) }));
}

/** The title the shop's latest review of a product gave it (null when the shop has no review of it). */
export async function productTitleOf(db: Db, shop: string, productGid: string): Promise<string | null> {
  const row = await db.review.findFirst({
    where: { shop, productGid },
    orderBy: { submittedAt: "desc" },
    select: { productTitle: true },
  });
  return row?.productTitle ?? null;
}

export interface ReviewPhotoInfo {
  id: string;
  contentType: string;
  size: number;
}

export interface ReviewHistoryEntry {
  type: string;
  at: Date;
  actor: string | null;
  reason: string | null;
  removed: boolean;
}

/** One review of the shop, with its photos (ids and sizes, never the bytes); null for another shop's or an unknown id. */
export async function reviewDetail(db: Db, shop: string, id: string) {
  return db.review.findFirst({
    where: { shop, id },
    select: {
      id: true,
      productGid: true,
      variantGid: true,
      productTitle: true,
      orderGid: true,
      customerGid: true,
      authorName: true,
      authorEmail: true,
      rating: true,
      title: true,
      body: true,
      locale: true,
      status: true,
      rejectReason: true,
      heldFor: true,
      source: true,
      verified: true,
      incentivised: true,
      reply: true,
      repliedAt: true,
      submittedAt: true,
      editedAt: true,
      publishedAt: true,
      createdAt: true,
      photos: { select: { id: true, contentType: true, size: true }, orderBy: [{ position: "asc" }, { id: "asc" }] },
    },
  });
}

export type ReviewDetail = NonNullable<Awaited<ReturnType<typeof reviewDetail>>>;

/** A review's events (published, unpublished, rejected, replied…), oldest first: those keyed `review:<id>:` in the shop's log. */
export async function reviewHistory(db: Db, shop: string, id: string): Promise<ReviewHistoryEntry[]> {
  const sql = sqlOf(db);
  const prefix = startsWith(await comparesByCodePoint(db), "key", `review:${id}:`);
  const rows = await sql.all<{ type: string; occurredAt: unknown; detail: string }>(
    `SELECT "type", "occurredAt", "detail" FROM "AfterSalesEvent" WHERE "shop" = ? AND ${prefix.clause}
     ORDER BY "occurredAt" ASC, "createdAt" ASC LIMIT 200`,
    [shop, ...prefix.args],
  );
  return rows.map((r) => {
    let d: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(r.detail);
      if (parsed && typeof parsed === "object") d = parsed as Record<string, unknown>;
    } catch {
      // An unreadable detail still shows what happened and when.
    }
    return {
      type: r.type,
      at: asDate(r.occurredAt)!,
      actor: typeof d.actor === "string" && d.actor ? d.actor : null,
      reason: typeof d.reason === "string" ? d.reason : null,
      removed: d.removed === true,
    };
  });
}

export const PRODUCT_SORTS = ["latest", "reviews", "average_desc", "average_asc", "pending", "title"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];
export const PRODUCTS_PER_PAGE = 50;

export interface ProductSummaryRow {
  productGid: string;
  productTitle: string;
  /** Of the published reviews: the storefront's figures. */
  summary: RatingSummary;
  pending: number;
  rejected: number;
  latestAt: Date | null;
}

const PRODUCT_ORDER: Record<ProductSort, string> = {
  latest: `"latestAt" DESC, "productGid" ASC`,
  reviews: `"published" DESC, "productGid" ASC`,
  // Products without a published review (no average) come last either way.
  average_desc: `("average" IS NULL) ASC, "average" DESC, "published" DESC, "productGid" ASC`,
  average_asc: `("average" IS NULL) ASC, "average" ASC, "published" DESC, "productGid" ASC`,
  pending: `"pending" DESC, "latestAt" DESC, "productGid" ASC`,
  title: `"productTitle" ASC, "productGid" ASC`,
};

const stars = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => RATING_MIN + i);

/** The shop's reviewed products with their published rating summary, waiting and rejected counts, a page at a time. */
export async function productSummaries(
  db: Db,
  shop: string,
  q: { search?: string | null; sort?: ProductSort; page?: number; pageSize?: number } = {},
): Promise<{ rows: ProductSummaryRow[]; total: number; page: number; pages: number }> {
  const sql = sqlOf(db);
  const pageSize = q.pageSize ?? PRODUCTS_PER_PAGE;
  const where = [`"shop" = ?`];
  const args: unknown[] = [shop];
  const term = (q.search ?? "").trim();
  if (term) {
    const m = textMatch(sql.dialect, [`"productTitle"`], term);
    where.push(m.clause);
    args.push(...m.args);
  }
  const [count] = await sql.all<{ n: number | string }>(
    `SELECT COUNT(DISTINCT "productGid") AS "n" FROM "Review" WHERE ${where.join(" AND ")}`,
    args,
  );
  const total = Number(count?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(q.page ?? 1)), pages);
  const perStar = stars.map((s) => `SUM(CASE WHEN "status" = 'published' AND "rating" = ${s} THEN 1 ELSE 0 END) AS "r${s}"`).join(", ");
  const rows = await sql.all<Record<string, unknown>>(
    `SELECT * FROM (
       SELECT "productGid", MAX("productTitle") AS "productTitle",
         SUM(CASE WHEN "status" = 'published' THEN 1 ELSE 0 END) AS "published",
         AVG(CASE WHEN "status" = 'published' THEN "rating" END) AS "average",
         SUM(CASE WHEN "status" = 'pending' THEN 1 ELSE 0 END) AS "pending",
         SUM(CASE WHEN "status" = 'rejected' THEN 1 ELSE 0 END) AS "rejected",
         MAX("submittedAt") AS "latestAt", ${perStar}
       FROM "Review" WHERE ${where.join(" AND ")} GROUP BY "productGid"
     ) p ORDER BY ${PRODUCT_ORDER[q.sort ?? "latest"]} LIMIT ? OFFSET ?`,
    [...args, pageSize, (page - 1) * pageSize],
  );
  return {
    rows: rows.map((r) => ({
      productGid: String(r.productGid),
      productTitle: String(r.productTitle ?? ""),
      summary: summaryOf(Object.fromEntries(stars.map((s) => [s, Number(r[`r${s}`] ?? 0)]))),
      pending: Number(r.pending ?? 0),
      rejected: Number(r.rejected ?? 0),
      latestAt: asDate(r.latestAt),
    })),
    total,
    page,
    pages,
  };
}

export interface ReviewFigures {
  published: number;
  pending: number;
  rejected: number;
  /** Of the published reviews. */
  summary: RatingSummary;
  /** Verified buyers among the published reviews (0–1), null when none is published. */
  verifiedShare: number | null;
  /** Reviews written in the last `days` days (any status; imports count by their own date). */
  recent: number;
  days: number;
}

/** The overview's figures for the shop. */
export async function reviewFigures(db: Db, shop: string, now: Date, days = 30): Promise<ReviewFigures> {
  const since = new Date(now.getTime() - days * 86_400_000);
  const [counts, ratings, verified, recent] = await Promise.all([
    reviewCounts(db, shop),
    db.review.groupBy({ by: ["rating"], where: { shop, status: "published" }, _count: { _all: true } }),
    db.review.count({ where: { shop, status: "published", verified: true } }),
    db.review.count({ where: { shop, submittedAt: { gte: since } } }),
  ]);
  const summary = summaryOf(Object.fromEntries(ratings.map((g) => [g.rating, g._count._all])));
  return {
    published: counts.published,
    pending: counts.pending,
    rejected: counts.rejected,
    summary,
    verifiedShare: counts.published ? verified / counts.published : null,
    recent,
    days,
  };
}

// ─── The queue's URL and what a row says ───

const listQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  tab: z.enum(REVIEW_TABS).default("pending").catch("pending"),
  rating: z.coerce.number().int().min(RATING_MIN).max(RATING_MAX).optional().catch(undefined),
  verified: z.enum(["yes", "no"]).optional().catch(undefined),
  source: z.enum(REVIEW_SOURCES).optional().catch(undefined),
  product: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional()
    .catch(undefined),
  sort: z.enum(REVIEW_SORTS).default("newest").catch("newest"),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});

export type ReviewQuery = z.infer<typeof listQuery>;

/** The queue's state from its URL (the export reads the same); anything unknown falls back to the default. */
export function parseReviewQuery(params: URLSearchParams): ReviewQuery {
  return listQuery.parse(Object.fromEntries(params));
}

export function filterOf(q: ReviewQuery): ReviewFilter {
  return {
    tab: q.tab,
    rating: q.rating ?? null,
    verified: q.verified ? q.verified === "yes" : null,
    source: q.source ?? null,
    productGid: q.product ? `gid://shopify/Product/${q.product}` : null,
    search: q.q ?? null,
  };
}

export interface Look {
  label: string;
  tone?: "success" | "info" | "attention" | "warning" | "critical" | "new";
}

const STATUS_TONE: Record<ReviewStatus, Look["tone"]> = { pending: "attention", published: "success", rejected: "critical" };

const known = <T extends string>(list: readonly T[], v: string | null): v is T => v !== null && (list as readonly string[]).includes(v);

/** A review's status, labels (verified, incentivised, imported) and why it waits, in words. */
export function reviewLooks(
  t: Translate,
  r: { status: string; verified: boolean; incentivised: boolean; source: string; heldFor: string | null; rejectReason: string | null },
) {
  const badges: Look[] = [];
  if (r.verified) badges.push({ label: t("reviews.admin.badge.verified"), tone: "success" });
  if (r.incentivised) badges.push({ label: t("reviews.admin.badge.incentivised"), tone: "info" });
  if (r.source === "import") badges.push({ label: t("reviews.admin.badge.imported") });
  return {
    status: known(REVIEW_STATUSES, r.status)
      ? { label: t(`reviews.admin.status.${r.status}`), tone: STATUS_TONE[r.status] }
      : ({ label: r.status } as Look),
    badges,
    held: r.status === "pending" && known(HELD_FOR, r.heldFor) ? t(`reviews.admin.held.${r.heldFor}`) : null,
    rejectReason: r.status === "rejected" && known(REJECT_REASONS, r.rejectReason) ? t(`reviews.admin.reject.${r.rejectReason}`) : null,
  };
}

/** "4 out of 5 stars". */
export function ratingWords(t: Translate, rating: number): string {
  return t("reviews.admin.stars", { count: rating });
}
