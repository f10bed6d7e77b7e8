// The admin's read side of the order projection: the shop's order list (search, status tabs, date
// sort, keyset pages) and one order with its lines, fulfilments and refunds. Every query names the shop.
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf } from "~/platform/sql.server";

export const ORDER_STATUSES = ["paid", "fulfilled", "delivered", "refunded", "cancelled"] as const;
export type OrderStatusFilter = (typeof ORDER_STATUSES)[number];
export const ORDER_SORTS = ["newest", "oldest"] as const;
export type OrderSort = (typeof ORDER_SORTS)[number];
export const ORDERS_PER_PAGE = 50;

export interface OrderListQuery {
  search?: string | null;
  status?: OrderStatusFilter | null;
  sort?: OrderSort;
  /** Cursor of the last row of the page before (its `next`). */
  after?: string | null;
  /** Cursor of the first row of the page after (its `previous`). */
  before?: string | null;
  limit?: number;
}

export interface OrderListRow {
  /** The numeric part of the order's GID: its admin page is /app/orders/<id>. */
  id: string;
  orderGid: string;
  name: string;
  email: string | null;
  customerGid: string | null;
  currency: string;
  totalMinor: number;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  processedAt: Date;
  cancelledAt: Date | null;
  deliveredAt: Date | null;
  deliverySource: string | null;
}

export interface OrderListPage {
  orders: OrderListRow[];
  /** Cursor for the next page (`after`), null on the last one. */
  next: string | null;
  /** Cursor for the page before (`before`), null on the first one. */
  previous: string | null;
}

/** The numeric id in a GID (`gid://shopify/Order/123` → "123"), or the GID itself when it has none. */
export function numericId(gid: string): string {
  return /\/(\d+)$/.exec(gid)?.[1] ?? gid;
}

export function orderGidOf(id: string): string {
  return `gid://shopify/Order/${id}`;
}

const STATUS_SQL: Record<OrderStatusFilter, string> = {
  paid: `"financialStatus" = 'paid'`,
  fulfilled: `"fulfillmentStatus" = 'fulfilled'`,
  delivered: `"deliveredAt" IS NOT NULL`,
  refunded: `"financialStatus" IN ('refunded', 'partially_refunded')`,
  cancelled: `"cancelledAt" IS NOT NULL`,
};

/** The first string after every string that starts with `prefix`, in code-point order (its last character moved one on). */
function prefixEnd(prefix: string): string {
  const chars = [...prefix];
  const next = chars.pop()!.codePointAt(0)! + 1;
  // Past the surrogates, which are no characters of their own.
  return chars.join("") + String.fromCodePoint(next >= 0xd800 && next <= 0xdfff ? 0xe000 : Math.min(next, 0x10ffff));
}

const codePointOrder = new WeakMap<Db, Promise<boolean>>();

/**
 * Whether the database compares text by code point, so that "starts with" is a key range an index
 * can seek: always on SQLite (BINARY); on PostgreSQL under a C collation (C, POSIX, C.UTF-8), not
 * under a language's (en_US.UTF-8 orders "#1-2" among "#12…"), where LIKE stays exact instead.
 */
export function comparesByCodePoint(db: Db): Promise<boolean> {
  let known = codePointOrder.get(db);
  if (!known) {
    const sql = sqlOf(db);
    known =
      sql.dialect === "sqlite"
        ? Promise.resolve(true)
        : sql
            .all<{ collation: string }>(`SELECT datcollate AS "collation" FROM pg_database WHERE datname = current_database()`)
            .then(([row]) => /^(C|POSIX|C\.UTF-?8)$/i.test(row?.collation ?? ""))
            // Not knowing costs speed, never correctness: LIKE is exact under any collation.
            .catch(() => false);
    codePointOrder.set(db, known);
  }
  return known;
}

/**
 * `column` starts with `prefix`, in a form that stays on a (shop, column) index: a key range where
 * text compares by code point (SQLite's LIKE ignores case and so could not use the index), LIKE
 * on a PostgreSQL database with a language collation. `unindexed` (SQLite) keeps the planner off
 * the column's index: `+column` is the same value, but no index term.
 */
export function startsWith(keyRange: boolean, column: string, prefix: string, unindexed = false): { clause: string; args: unknown[] } {
  if (!keyRange) return { clause: `"${column}" LIKE ? ESCAPE '\\'`, args: [prefix.replace(/[\\%_]/g, "\\$&") + "%"] };
  const c = `${unindexed ? "+" : ""}"${column}"`;
  return { clause: `(${c} >= ? AND ${c} < ?)`, args: [prefix, prefixEnd(prefix)] };
}

/** Matches beyond this many make an email search read the shop's orders by date instead (see listOrders). */
const DENSE_EMAIL_MATCHES = 1_000;

/**
 * Whether an email prefix matches so many orders that reading them through the (shop, email)
 * index and sorting them by date costs more than walking the date index until a page is full.
 * One customer's orders are scattered over the table, so the first way reads a page per order
 * ("customer1" at 100,000 orders: ~200 ms); the date walk finds a page of dense matches at once.
 * SQLite's planner cannot tell the two apart without statistics, so it is asked (an index-only
 * count, capped); PostgreSQL's planner decides by its own statistics.
 */
async function denseEmailSearch(db: Db, shop: string, emails: string[]): Promise<boolean> {
  const sql = sqlOf(db);
  if (sql.dialect !== "sqlite") return false;
  for (const email of emails) {
    const range = startsWith(true, "email", email);
    const [row] = await sql.all<{ n: number }>(
      `SELECT COUNT(*) AS "n" FROM (SELECT 1 FROM "Order" WHERE "shop" = ? AND ${range.clause} LIMIT ?) t`,
      [shop, ...range.args, DENSE_EMAIL_MATCHES],
    );
    if (Number(row?.n ?? 0) >= DENSE_EMAIL_MATCHES) return true;
  }
  return false;
}

/**
 * What a merchant's search term can mean: an order name ("#1001", or "1001" without the #, also
 * matching shops whose names have no #), or the start of an email address.
 */
export function orderSearchTargets(term: string): { names: string[]; emails: string[] } {
  const q = term.trim();
  if (!q) return { names: [], emails: [] };
  if (q.includes("@")) return { names: [], emails: [q.toLowerCase()] };
  if (/^#/.test(q)) return { names: [q], emails: [] };
  if (/^\d+$/.test(q)) return { names: [`#${q}`, q], emails: [] };
  return { names: [q], emails: [q.toLowerCase()] };
}

interface Cursor {
  at: Date;
  id: string;
}

export function encodeCursor(c: { processedAt: Date; rowId: string }): string {
  return Buffer.from(`${c.processedAt.toISOString()}|${c.rowId}`).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): Cursor | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, "base64url").toString();
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|([^|]{1,128})$/.exec(text);
  if (!match) return null;
  const at = new Date(match[1]);
  return Number.isNaN(at.getTime()) ? null : { at, id: match[2] };
}

const LIST_COLUMNS = `"id", "orderGid", "name", "email", "customerGid", "currency", "totalMinor", "financialStatus", "fulfillmentStatus", "processedAt", "cancelledAt", "deliveredAt", "deliverySource"`;

interface RawListRow {
  id: string;
  orderGid: string;
  name: string;
  email: string | null;
  customerGid: string | null;
  currency: string;
  totalMinor: number | string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  processedAt: unknown;
  cancelledAt: unknown;
  deliveredAt: unknown;
  deliverySource: string | null;
}

/**
 * One page of the shop's orders. Pages are keyed by (processedAt, id), so a page deep in 100,000
 * orders costs what the first does, and an order arriving meanwhile never shifts a page.
 */
export async function listOrders(db: Db, shop: string, q: OrderListQuery = {}): Promise<OrderListPage> {
  const sql = sqlOf(db);
  const limit = q.limit ?? ORDERS_PER_PAGE;
  const newestFirst = (q.sort ?? "newest") === "newest";
  const after = decodeCursor(q.after);
  const before = after ? null : decodeCursor(q.before);
  // Walking back (before a cursor) reads in the opposite order and turns the page around after.
  const descending = before ? !newestFirst : newestFirst;

  const where = [`"shop" = ?`];
  const args: unknown[] = [shop];
  if (q.status) where.push(STATUS_SQL[q.status]);

  const targets = orderSearchTargets(q.search ?? "");
  const keyRange = await comparesByCodePoint(db);
  // Order names are numbered in time, so their matches sit together and the name index serves
  // them well; a dense email search walks the date index instead, with every match unindexed.
  const byDate = targets.emails.length > 0 && (await denseEmailSearch(db, shop, targets.emails));
  const matches = [
    ...targets.names.map((n) => startsWith(keyRange, "name", n, byDate)),
    ...targets.emails.map((e) => startsWith(keyRange, "email", e, byDate)),
  ];
  if (matches.length) {
    where.push(`(${matches.map((m) => m.clause).join(" OR ")})`);
    for (const m of matches) args.push(...m.args);
  }

  const cursor = after ?? before;
  if (cursor) {
    const op = descending ? "<" : ">";
    // The redundant first bound gives the planner a range on (shop, processedAt).
    where.push(`"processedAt" ${op}= ? AND ("processedAt" ${op} ? OR "id" ${op} ?)`);
    args.push(cursor.at, cursor.at, cursor.id);
  }

  const dir = descending ? "DESC" : "ASC";
  const rows = await sql.all<RawListRow>(
    `SELECT ${LIST_COLUMNS} FROM "Order" WHERE ${where.join(" AND ")} ORDER BY "processedAt" ${dir}, "id" ${dir} LIMIT ?`,
    [...args, limit + 1],
  );
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (before) page.reverse();
  const cursorOf = (r: RawListRow | undefined) => (r ? encodeCursor({ processedAt: asDate(r.processedAt)!, rowId: r.id }) : null);
  return {
    orders: page.map(toListRow),
    next: (before ? true : more) ? cursorOf(page[page.length - 1]) : null,
    previous: (before ? more : Boolean(after)) ? cursorOf(page[0]) : null,
  };
}

/** How many orders Aftercare holds for the shop (the (shop, …) indexes answer it without reading rows). */
export async function countOrders(db: Db, shop: string): Promise<number> {
  const [row] = await sqlOf(db).all<{ n: number | string }>(`SELECT COUNT(*) AS "n" FROM "Order" WHERE "shop" = ?`, [shop]);
  return Number(row?.n ?? 0);
}

function toListRow(r: RawListRow): OrderListRow {
  return {
    id: numericId(r.orderGid),
    orderGid: r.orderGid,
    name: r.name,
    email: r.email,
    customerGid: r.customerGid,
    currency: r.currency,
    totalMinor: Number(r.totalMinor),
    financialStatus: r.financialStatus,
    fulfillmentStatus: r.fulfillmentStatus,
    processedAt: asDate(r.processedAt)!,
    cancelledAt: asDate(r.cancelledAt),
    deliveredAt: asDate(r.deliveredAt),
    deliverySource: r.deliverySource,
  };
}

export interface OrderFulfillment {
  fulfillmentGid: string;
  status: string;
  shipmentStatus: string | null;
  displayStatus: string | null;
  trackingCompany: string | null;
  trackingNumbers: string[];
  trackingUrls: string[];
  shippedAt: Date | null;
  deliveredAt: Date | null;
}

export interface OrderRefund {
  refundGid: string;
  amountMinor: number;
  currency: string;
  note: string | null;
  processedAt: Date;
  lines: { lineItemGid: string; quantity: number }[];
}

export interface OrderDetail {
  order: OrderListRow & { locale: string | null };
  lines: {
    lineItemGid: string;
    title: string;
    variantTitle: string | null;
    sku: string | null;
    quantity: number;
    priceMinor: number;
  }[];
  fulfillments: OrderFulfillment[];
  refunds: OrderRefund[];
  customer: { id: string; email: string | null; firstName: string | null; lastName: string | null } | null;
}

const jsonList = (text: string): unknown[] => {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
};

/** Refund lines as stored: [{ lineItemGid, quantity }] (older rows may carry a numeric lineItemId). */
function refundLines(text: string): OrderRefund["lines"] {
  return jsonList(text).flatMap((l) => {
    if (!l || typeof l !== "object") return [];
    const line = l as { lineItemGid?: unknown; lineItemId?: unknown; quantity?: unknown };
    const gid =
      typeof line.lineItemGid === "string"
        ? line.lineItemGid
        : line.lineItemId != null
          ? `gid://shopify/LineItem/${String(line.lineItemId)}`
          : null;
    return gid ? [{ lineItemGid: gid, quantity: Number(line.quantity ?? 0) }] : [];
  });
}

/** One order of the shop with everything its page shows; null when the shop has no such order. */
export async function getOrder(db: Db, shop: string, orderGid: string): Promise<OrderDetail | null> {
  const order = await db.order.findUnique({ where: { shop_orderGid: { shop, orderGid } } });
  if (!order) return null;
  const [lines, fulfillments, refunds, customer] = await Promise.all([
    db.orderLine.findMany({ where: { shop, orderGid }, orderBy: { id: "asc" } }),
    db.fulfillment.findMany({ where: { shop, orderGid }, orderBy: [{ shippedAt: "asc" }, { createdAt: "asc" }] }),
    db.refund.findMany({ where: { shop, orderGid }, orderBy: [{ processedAt: "asc" }, { createdAt: "asc" }] }),
    order.customerGid
      ? db.customer.findUnique({
          where: { shop_customerGid: { shop, customerGid: order.customerGid } },
          select: { email: true, firstName: true, lastName: true },
        })
      : null,
  ]);
  return {
    order: {
      id: numericId(order.orderGid),
      orderGid: order.orderGid,
      name: order.name,
      email: order.email,
      customerGid: order.customerGid,
      currency: order.currency,
      totalMinor: order.totalMinor,
      financialStatus: order.financialStatus,
      fulfillmentStatus: order.fulfillmentStatus,
      processedAt: order.processedAt,
      cancelledAt: order.cancelledAt,
      deliveredAt: order.deliveredAt,
      deliverySource: order.deliverySource,
      locale: order.locale,
    },
    lines: lines.map((l) => ({
      lineItemGid: l.lineItemGid,
      title: l.title,
      variantTitle: l.variantTitle,
      sku: l.sku,
      quantity: l.quantity,
      priceMinor: l.priceMinor,
    })),
    fulfillments: fulfillments.map((f) => ({
      fulfillmentGid: f.fulfillmentGid,
      status: f.status,
      shipmentStatus: f.shipmentStatus,
      displayStatus: f.displayStatus,
      trackingCompany: f.trackingCompany,
      trackingNumbers: jsonList(f.trackingNumbers).map(String),
      trackingUrls: jsonList(f.trackingUrls).map(String),
      shippedAt: f.shippedAt,
      deliveredAt: f.deliveredAt,
    })),
    refunds: refunds.map((r) => ({
      refundGid: r.refundGid,
      amountMinor: r.amountMinor,
      currency: r.currency,
      note: r.note,
      processedAt: r.processedAt,
      lines: refundLines(r.lines),
    })),
    customer: order.customerGid
      ? { id: numericId(order.customerGid), ...(customer ?? { email: null, firstName: null, lastName: null }) }
      : null,
  };
}

/** How a line reads on a timeline: "Mug – Blue" (Shopify's "Default Title" variant says nothing). */
export function lineTitle(l: { title: string; variantTitle: string | null }): string {
  return l.variantTitle && l.variantTitle !== "Default Title" ? `${l.title} – ${l.variantTitle}` : l.title;
}

/** Titles of these line items of the shop, by line item GID (for refunded items on a customer's timeline). */
export async function lineTitles(db: Db, shop: string, lineItemGids: string[]): Promise<Record<string, string>> {
  if (!lineItemGids.length) return {};
  const lines = await db.orderLine.findMany({
    where: { shop, lineItemGid: { in: [...new Set(lineItemGids)] } },
    select: { lineItemGid: true, title: true, variantTitle: true },
  });
  return Object.fromEntries(lines.map((l) => [l.lineItemGid, lineTitle(l)]));
}

export interface ShopDisplay {
  timezone: string | null;
  currency: string | null;
  deliveryFallbackDays: number;
}

/** What the admin pages need to know about the shop to show its data: time zone, currency, delivery fallback. */
export async function shopDisplay(db: Db, shop: string): Promise<ShopDisplay> {
  const row = await db.shop.findUnique({ where: { shop }, select: { timezone: true, currency: true, deliveryFallbackDays: true } });
  return { timezone: row?.timezone ?? null, currency: row?.currency ?? null, deliveryFallbackDays: row?.deliveryFallbackDays ?? 5 };
}
