// Reviews as CSV: the export (every review of the shop, or those matching the queue's filters) and
// the import, which checks every row first and writes all of a file or nothing. Imported reviews
// are never verified (source "import"); each row's importKey is a hash of its content, so the same
// file imported twice adds nothing the second time, and a row exported from this very shop (its
// `id`) is recognised as already here.
import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { numericId } from "~/orders/order-queries.server";
import { reviewWhere, type ReviewFilter } from "./admin-queries.server";
import { MAX_REPLY, reviewsChanged, type ReviewDeps } from "./moderation.server";
import { cleanText } from "./rules";
import { LIMITS, RATING_MAX, RATING_MIN, REJECT_REASONS, REVIEW_STATUSES } from "./types";

/** The columns of an exported file, in order. An import needs REQUIRED_COLUMNS and reads the optional ones it knows. */
export const CSV_COLUMNS = [
  "id",
  "product_id",
  "product_title",
  "rating",
  "title",
  "body",
  "author",
  "email",
  "created_at",
  "status",
  "reject_reason",
  "reply",
  "replied_at",
  "published_at",
  "verified",
  "incentivised",
  "source",
  "locale",
  "order_id",
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export const REQUIRED_COLUMNS = ["product_id", "product_title", "rating", "title", "body", "author", "created_at"] as const;

/** An uploaded file may be this big, and hold this many reviews. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
/** A bad file reports this many problems at most (and how many there were). */
export const MAX_REPORTED_ERRORS = 100;
const MAX_PRODUCT_TITLE = 255;
const EXPORT_BATCH = 500;

// ─── Spreadsheet formulas ───
// A cell that starts with = + - @ (or a tab or carriage return) is a formula to a spreadsheet: a
// shopper's "=HYPERLINK(…)" must not run on the merchant's computer. The export puts a ' before
// such text (and before text that already starts with 's and then such a character), the import
// takes exactly one off again, so a file goes round without a change.
const FORMULA = /^'*[=+\-@\t\r]/;
const QUOTED_FORMULA = /^'+[=+\-@\t\r]/;

export function defuseFormula(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

export function restoreFormula(text: string): string {
  return QUOTED_FORMULA.test(text) ? text.slice(1) : text;
}

// ─── Export ───

interface RawExportRow {
  id: string;
  productGid: string;
  productTitle: string;
  rating: number | string;
  title: string;
  body: string;
  authorName: string;
  authorEmail: string | null;
  submittedAt: unknown;
  status: string;
  rejectReason: string | null;
  reply: string | null;
  repliedAt: unknown;
  publishedAt: unknown;
  verified: unknown;
  incentivised: unknown;
  source: string;
  locale: string;
  orderGid: string | null;
}

const yes = (v: unknown) => v === true || v === 1 || v === "1" || v === "t" || v === "true";
const iso = (v: unknown) => asDate(v)?.toISOString() ?? "";

function exportRecord(r: RawExportRow): Record<CsvColumn, string> {
  return {
    id: r.id,
    product_id: r.productGid,
    product_title: defuseFormula(r.productTitle),
    rating: String(r.rating),
    title: defuseFormula(r.title),
    body: defuseFormula(r.body),
    author: defuseFormula(r.authorName),
    email: defuseFormula(r.authorEmail ?? ""),
    created_at: iso(r.submittedAt),
    status: r.status,
    reject_reason: r.rejectReason ?? "",
    reply: defuseFormula(r.reply ?? ""),
    replied_at: iso(r.repliedAt),
    published_at: iso(r.publishedAt),
    verified: yes(r.verified) ? "true" : "false",
    incentivised: yes(r.incentivised) ? "true" : "false",
    source: r.source,
    locale: r.locale,
    order_id: r.orderGid ? numericId(r.orderGid) : "",
  };
}

/**
 * The shop's reviews matching `filter` as CSV, a piece at a time (the header first, with a BOM so
 * spreadsheets read it as UTF-8), oldest first. Photos are not part of the file.
 */
export async function* exportCsvChunks(db: Db, shop: string, filter: ReviewFilter = {}): AsyncGenerator<string> {
  const sql = sqlOf(db);
  const { clause, args } = reviewWhere(sql, shop, filter);
  yield "\uFEFF" + stringify([[...CSV_COLUMNS]]);
  let after: { at: unknown; id: string } | null = null;
  for (;;) {
    const keyset: string = after ? ` AND ("submittedAt" > ? OR ("submittedAt" = ? AND "id" > ?))` : "";
    const rows: RawExportRow[] = await sql.all<RawExportRow>(
      `SELECT "id", "productGid", "productTitle", "rating", "title", "body", "authorName", "authorEmail", "submittedAt", "status",
         "rejectReason", "reply", "repliedAt", "publishedAt", "verified", "incentivised", "source", "locale", "orderGid"
       FROM "Review" WHERE ${clause}${keyset} ORDER BY "submittedAt" ASC, "id" ASC LIMIT ?`,
      [...args, ...(after ? [after.at, after.at, after.id] : []), EXPORT_BATCH],
    );
    if (!rows.length) return;
    yield stringify(
      rows.map((r) => exportRecord(r)),
      { columns: [...CSV_COLUMNS] },
    );
    if (rows.length < EXPORT_BATCH) return;
    const last = rows[rows.length - 1];
    // The value as the driver gave it goes back as is, so the comparison matches the stored form.
    after = { at: last.submittedAt, id: last.id };
  }
}

export async function exportCsv(db: Db, shop: string, filter: ReviewFilter = {}): Promise<string> {
  let out = "";
  for await (const chunk of exportCsvChunks(db, shop, filter)) out += chunk;
  return out;
}

// ─── Import ───

/** What is wrong with a file or one of its lines; the page words it in the merchant's language. */
export type ImportProblem =
  | { line: null; code: "empty" | "too_large" | "too_many_rows"; max?: number }
  | { line: null; code: "missing_columns"; columns: string[] }
  | { line: number; code: "unreadable" }
  | { line: number; code: "column_count"; expected: number; found: number }
  | { line: number; code: RowCode; column: string; max?: number };

export type RowCode =
  "required" | "too_long" | "rating" | "product" | "date" | "future_date" | "email" | "status" | "reject_reason" | "boolean" | "locale";

export type ImportResult =
  { ok: true; imported: number; alreadyThere: number; products: number } | { ok: false; problems: ImportProblem[]; totalProblems: number };

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/(\d{1,20})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
const DAY = 86_400_000;

/** A date or date-time as ISO 8601 writes it ("2026-03-01", "2026-03-01T12:30:00Z", "+02:00" offsets); no zone means UTC. */
export function parseCsvDate(text: string): Date | null {
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone = "Z"] = m;
  const ms = frac ? frac.padEnd(3, "0").slice(0, 3) : "000";
  const offset = zone.toUpperCase() === "Z" ? "Z" : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${offset}`);
  if (Number.isNaN(date.getTime())) return null;
  // Date rolls 30 February over into March: the day written must be a day of that month.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return null;
  return date;
}

/** Text of a cell: the formula guard taken off, cleaned like a shopper's text. */
const cellText = (max: number) =>
  z
    .string()
    .transform((v) => cleanText(restoreFormula(v)))
    .pipe(z.string().max(max, "too_long"));

const optionalBoolean = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(["", "true", "false", "yes", "no", "1", "0"], { errorMap: () => ({ message: "boolean" }) }))
  .transform((v) => v === "true" || v === "yes" || v === "1");

function optionalDate(now: Date) {
  return z.string().transform((v, ctx) => {
    if (!v.trim()) return null;
    const d = parseCsvDate(v);
    if (!d) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "date" });
      return z.NEVER;
    }
    if (d.getTime() > now.getTime() + DAY) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: "future_date" });
      return z.NEVER;
    }
    return d;
  });
}

function rowSchema(now: Date) {
  return z
    .object({
      id: z.string().trim().max(64).default(""),
      product_id: z
        .string()
        .trim()
        .transform((v, ctx) => {
          if (!v) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: "required" });
            return z.NEVER;
          }
          if (/^\d{1,20}$/.test(v)) return `gid://shopify/Product/${v}`;
          if (PRODUCT_GID.test(v)) return v;
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "product" });
          return z.NEVER;
        }),
      product_title: cellText(MAX_PRODUCT_TITLE).pipe(z.string().min(1, "required")),
      rating: z
        .string()
        .trim()
        .refine((v) => /^\d+$/.test(v) && Number(v) >= RATING_MIN && Number(v) <= RATING_MAX, "rating")
        .transform(Number),
      title: cellText(LIMITS.title),
      body: cellText(LIMITS.body),
      author: cellText(LIMITS.authorName).pipe(z.string().min(1, "required")),
      email: z
        .string()
        .default("")
        .transform((v) => restoreFormula(v).trim().toLowerCase())
        .refine((v) => v === "" || (v.length <= 254 && z.string().email().safeParse(v).success), "email")
        .transform((v) => v || null),
      created_at: optionalDate(now).refine((d) => d !== null, "required"),
      status: z
        .string()
        .default("")
        .transform((v) => v.trim().toLowerCase() || "published")
        .pipe(z.enum(REVIEW_STATUSES, { errorMap: () => ({ message: "status" }) })),
      reject_reason: z
        .string()
        .default("")
        .transform((v) => v.trim().toLowerCase() || null)
        .pipe(z.enum(REJECT_REASONS, { errorMap: () => ({ message: "reject_reason" }) }).nullable()),
      reply: cellText(MAX_REPLY).default(""),
      replied_at: optionalDate(now).default(""),
      published_at: optionalDate(now).default(""),
      incentivised: optionalBoolean.default(""),
      locale: z
        .string()
        .default("")
        .transform((v) => v.trim())
        .refine((v) => v === "" || /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(v), "locale"),
    })
    .superRefine((row, ctx) => {
      // Rejected only for a policy reason, recorded with it; a reason on any other row is a mistake.
      if (row.status === "rejected" && !row.reject_reason) ctx.addIssue({ code: "custom", path: ["reject_reason"], message: "required" });
      if (row.status !== "rejected" && row.reject_reason)
        ctx.addIssue({ code: "custom", path: ["reject_reason"], message: "reject_reason" });
    });
}

type ImportRow = z.output<ReturnType<typeof rowSchema>>;

/** The stable identity of an imported review: its content, not its status or reply (which a later file may change). */
export function importKeyOf(row: Pick<ImportRow, "product_id" | "rating" | "title" | "body" | "author" | "email" | "created_at">) {
  const content = JSON.stringify([
    row.product_id,
    row.rating,
    row.title,
    row.body,
    row.author,
    row.email ?? "",
    row.created_at!.toISOString(),
  ]);
  return `csv:${crypto.createHash("sha256").update(content).digest("hex").slice(0, 40)}`;
}

const ROW_CODES = new Set<string>([
  "required",
  "too_long",
  "rating",
  "product",
  "date",
  "future_date",
  "email",
  "status",
  "reject_reason",
  "boolean",
  "locale",
]);

function lineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/** The text's records with the line each starts on (1-based), or where the text stops being CSV. */
function records(text: string): { ok: true; rows: { line: number; cells: string[] }[] } | { ok: false; line: number } {
  let parsed: { record: string[]; raw: string }[];
  try {
    // With `raw`, each record comes with the text it was read from (csv-parse's types do not say so).
    parsed = parse(text, {
      bom: true,
      raw: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      relax_column_count: true,
    }) as unknown as { record: string[]; raw: string }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, line: typeof line === "number" && line > 0 ? line : 1 };
  }
  const rows: { line: number; cells: string[] }[] = [];
  let consumed = 0;
  for (const { record, raw } of parsed) {
    const leading = lineBreaks(/^(?:\r\n|\r|\n)*/.exec(raw)?.[0] ?? "");
    rows.push({ line: consumed + leading + 1, cells: record });
    consumed += lineBreaks(raw);
  }
  return { ok: true, rows };
}

/**
 * Imports a CSV of reviews into the shop. Every row is checked first: one bad row and nothing is
 * written (the result lists the problems with their lines). Otherwise every new row is written in
 * one transaction as an unverified review from "import", published unless its status says
 * otherwise; rows already imported (same content) or exported from this shop (same id) are left
 * alone. The products whose published reviews changed are then brought up to date in Shopify.
 */
export async function importCsv(deps: ReviewDeps, shop: string, text: string): Promise<ImportResult> {
  const problems: ImportProblem[] = [];
  const failWith = (p: ImportProblem[]): ImportResult => ({
    ok: false,
    problems: p.slice(0, MAX_REPORTED_ERRORS),
    totalProblems: p.length,
  });
  if (Buffer.byteLength(text, "utf8") > MAX_IMPORT_BYTES) return failWith([{ line: null, code: "too_large", max: MAX_IMPORT_BYTES }]);
  const parsed = records(text);
  if (!parsed.ok) return failWith([{ line: parsed.line, code: "unreadable" }]);
  const [header, ...body] = parsed.rows;
  if (!header || !body.length) return failWith([{ line: null, code: "empty" }]);
  if (body.length > MAX_IMPORT_ROWS) return failWith([{ line: null, code: "too_many_rows", max: MAX_IMPORT_ROWS }]);
  const names = header.cells.map((c) => c.trim().toLowerCase().replace(/\s+/g, "_"));
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) return failWith([{ line: null, code: "missing_columns", columns: missing }]);

  const now = deps.clock.now();
  const schema = rowSchema(now);
  const known = new Set<string>(CSV_COLUMNS);
  const valid: { line: number; row: ImportRow }[] = [];
  for (const { line, cells } of body) {
    if (cells.length !== names.length) {
      problems.push({ line, code: "column_count", expected: names.length, found: cells.length });
      continue;
    }
    const input: Record<string, string> = {};
    names.forEach((name, i) => {
      if (known.has(name) && !(name in input)) input[name] = cells[i];
    });
    const result = schema.safeParse(input);
    if (result.success) {
      valid.push({ line, row: result.data });
      continue;
    }
    const seen = new Set<string>();
    for (const issue of result.error.issues) {
      const column = String(issue.path[0] ?? "");
      if (seen.has(column)) continue;
      seen.add(column);
      const code = (ROW_CODES.has(issue.message) ? issue.message : "required") as RowCode;
      const max = issue.code === "too_big" ? Number(issue.maximum) : undefined;
      problems.push({ line, code, column, ...(code === "too_long" && max ? { max } : {}) });
    }
  }
  if (problems.length) return failWith(problems);

  // One review per content: the same row twice in the file is one review.
  const byKey = new Map<string, { row: ImportRow; key: string }>();
  for (const { row } of valid) {
    const key = importKeyOf(row);
    if (!byKey.has(key)) byKey.set(key, { row, key });
  }
  const candidates = [...byKey.values()];

  for (let attempt = 0; ; attempt++) {
    const present = await alreadyImported(deps.db, shop, candidates);
    const fresh = candidates.filter((c) => !present.keys.has(c.key) && !(c.row.id && present.ids.has(c.row.id)));
    try {
      await deps.db.$transaction(
        async (tx) => {
          for (let i = 0; i < fresh.length; i += 200) {
            await tx.review.createMany({ data: fresh.slice(i, i + 200).map(({ row, key }) => reviewData(shop, row, key, now)) });
          }
        },
        { timeout: 120_000, maxWait: 20_000 },
      );
    } catch (error) {
      // Another import of the same rows won the race: look again at what is there now, once.
      if (attempt === 0 && (error as { code?: string }).code === "P2002") continue;
      throw error;
    }
    const products = [...new Set(fresh.filter((c) => c.row.status === "published").map((c) => c.row.product_id))];
    if (products.length) await reviewsChanged(deps, shop, products);
    return {
      ok: true,
      imported: fresh.length,
      alreadyThere: valid.length - fresh.length,
      products: new Set(fresh.map((c) => c.row.product_id)).size,
    };
  }
}

async function alreadyImported(db: Db, shop: string, candidates: { row: ImportRow; key: string }[]) {
  const keys = new Set<string>();
  const ids = new Set<string>();
  const allKeys = candidates.map((c) => c.key);
  const allIds = [...new Set(candidates.map((c) => c.row.id).filter(Boolean))];
  for (let i = 0; i < allKeys.length; i += 500) {
    const found = await db.review.findMany({ where: { shop, importKey: { in: allKeys.slice(i, i + 500) } }, select: { importKey: true } });
    for (const f of found) if (f.importKey) keys.add(f.importKey);
  }
  for (let i = 0; i < allIds.length; i += 500) {
    const found = await db.review.findMany({ where: { shop, id: { in: allIds.slice(i, i + 500) } }, select: { id: true } });
    for (const f of found) ids.add(f.id);
  }
  return { keys, ids };
}

function reviewData(shop: string, row: ImportRow, importKey: string, now: Date) {
  const createdAt = row.created_at!;
  const reply = row.reply || null;
  return {
    shop,
    productGid: row.product_id,
    productTitle: row.product_title,
    authorName: row.author,
    authorEmail: row.email,
    rating: row.rating,
    title: row.title,
    body: row.body,
    locale: row.locale || "en",
    status: row.status,
    rejectReason: row.status === "rejected" ? row.reject_reason : null,
    source: "import",
    // Nobody can vouch for a purchase the file only claims.
    verified: false,
    incentivised: row.incentivised,
    reply,
    repliedAt: reply ? (row.replied_at ?? now) : null,
    importKey,
    submittedAt: createdAt,
    publishedAt: row.status === "published" ? (row.published_at ?? createdAt) : null,
  };
}
