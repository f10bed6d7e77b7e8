// The admin's read side of the customer projection: the shop's customers (search, pages) with their
// order counts and totals for the page shown, and one customer with their orders. Every query names the shop.
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { comparesByCodePoint, numericId, startsWith, type OrderListRow } from "~/orders/order-queries.server";

export const CUSTOMERS_PER_PAGE = 50;
/** A customer's page lists their latest orders up to this many. */
export const CUSTOMER_ORDERS_LIMIT = 50;

export interface MoneyTotal {
  currency: string;
  totalMinor: number;
}

export interface CustomerListRow {
  /** The numeric part of the customer's GID: their admin page is /app/customers/<id>. */
  id: string;
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  marketingState: string | null;
  ordersCount: number;
  /** What their orders add up to, one entry per currency they paid in. */
  totals: MoneyTotal[];
}

export interface CustomerListPage {
  customers: CustomerListRow[];
  page: number;
  hasNext: boolean;
  hasPrevious: boolean;
}

export function customerGidOf(id: string): string {
  return `gid://shopify/Customer/${id}`;
}

interface RawCustomer {
  customerGid: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  marketingState: string | null;
}

interface OrderStats {
  ordersCount: number;
  totals: MoneyTotal[];
}

/**
 * Orders count and amount spent per currency for these customers only (one grouped query on
 * (shop, customerGid)). Spent is net of refunds, as Shopify's own "amount spent" is.
 */
async function orderStats(db: Db, shop: string, customerGids: string[]): Promise<Map<string, OrderStats>> {
  const stats = new Map<string, OrderStats>();
  if (!customerGids.length) return stats;
  const rows = await sqlOf(db).all<{ customerGid: string; currency: string; orders: number | string; total: number | string | null }>(
    `SELECT o."customerGid", o."currency", COUNT(*) AS "orders",
       SUM(o."totalMinor" - COALESCE((SELECT SUM(r."amountMinor") FROM "Refund" r WHERE r."shop" = o."shop" AND r."orderGid" = o."orderGid"), 0)) AS "total"
     FROM "Order" o
     WHERE o."shop" = ? AND o."customerGid" IN (${customerGids.map(() => "?").join(", ")}) GROUP BY o."customerGid", o."currency"`,
    [shop, ...customerGids],
  );
  for (const r of rows) {
    const s = stats.get(r.customerGid) ?? { ordersCount: 0, totals: [] };
    s.ordersCount += Number(r.orders);
    s.totals.push({ currency: r.currency, totalMinor: Number(r.total ?? 0) });
    stats.set(r.customerGid, s);
  }
  return stats;
}

/**
 * One page of the shop's customers, by email (the (shop, email) index gives the order). A search
 * is an email prefix when it has an @, else an email, first-name, last-name or full-name prefix.
 */
export async function listCustomers(
  db: Db,
  shop: string,
  q: { search?: string | null; page?: number; limit?: number } = {},
): Promise<CustomerListPage> {
  const sql = sqlOf(db);
  const limit = q.limit ?? CUSTOMERS_PER_PAGE;
  const page = Math.max(1, q.page ?? 1);
  const where = [`"shop" = ?`];
  const args: unknown[] = [shop];
  const term = (q.search ?? "").trim();
  if (term) {
    const email = startsWith(await comparesByCodePoint(db), "email", term.toLowerCase());
    if (term.includes("@")) {
      where.push(email.clause);
      args.push(...email.args);
    } else {
      // Names have no index: a name search reads the shop's customers, which stays cheap at their numbers.
      const like = sql.dialect === "postgresql" ? "ILIKE" : "LIKE";
      const pattern = term.replace(/[\\%_]/g, "\\$&") + "%";
      where.push(
        `(${email.clause} OR "firstName" ${like} ? ESCAPE '\\' OR "lastName" ${like} ? ESCAPE '\\' OR ("firstName" || ' ' || "lastName") ${like} ? ESCAPE '\\')`,
      );
      args.push(...email.args, pattern, pattern, pattern);
    }
  }
  const rows = await sql.all<RawCustomer>(
    `SELECT "customerGid", "email", "firstName", "lastName", "marketingState" FROM "Customer" WHERE ${where.join(" AND ")}
     ORDER BY "email" ASC NULLS FIRST, "id" ASC LIMIT ? OFFSET ?`,
    [...args, limit + 1, (page - 1) * limit],
  );
  const shown = rows.slice(0, limit);
  const stats = await orderStats(
    db,
    shop,
    shown.map((c) => c.customerGid),
  );
  return {
    customers: shown.map((c) => ({
      id: numericId(c.customerGid),
      ...c,
      ordersCount: stats.get(c.customerGid)?.ordersCount ?? 0,
      totals: stats.get(c.customerGid)?.totals ?? [],
    })),
    page,
    hasNext: rows.length > limit,
    hasPrevious: page > 1,
  };
}

export interface CustomerDetail {
  customer: {
    id: string;
    customerGid: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
    locale: string | null;
    marketingState: string | null;
    marketingUpdated: Date | null;
    shopifyCreatedAt: Date | null;
  };
  /** False when only their orders are known (the customer's own webhook has not arrived). */
  known: boolean;
  orders: OrderListRow[];
  ordersCount: number;
  totals: MoneyTotal[];
}

/** One customer of the shop with their latest orders; null when the shop knows neither them nor an order of theirs. */
export async function getCustomer(db: Db, shop: string, customerGid: string): Promise<CustomerDetail | null> {
  const [customer, orders, stats] = await Promise.all([
    db.customer.findUnique({ where: { shop_customerGid: { shop, customerGid } } }),
    db.order.findMany({ where: { shop, customerGid }, orderBy: [{ processedAt: "desc" }, { id: "desc" }], take: CUSTOMER_ORDERS_LIMIT }),
    orderStats(db, shop, [customerGid]),
  ]);
  if (!customer && !orders.length) return null;
  return {
    customer: {
      id: numericId(customerGid),
      customerGid,
      email: customer?.email ?? orders[0]?.email ?? null,
      firstName: customer?.firstName ?? null,
      lastName: customer?.lastName ?? null,
      locale: customer?.locale ?? null,
      marketingState: customer?.marketingState ?? null,
      marketingUpdated: asDate(customer?.marketingUpdated),
      shopifyCreatedAt: asDate(customer?.shopifyCreatedAt),
    },
    known: customer != null,
    orders: orders.map((o) => ({
      id: numericId(o.orderGid),
      orderGid: o.orderGid,
      name: o.name,
      email: o.email,
      customerGid: o.customerGid,
      currency: o.currency,
      totalMinor: o.totalMinor,
      financialStatus: o.financialStatus,
      fulfillmentStatus: o.fulfillmentStatus,
      processedAt: o.processedAt,
      cancelledAt: o.cancelledAt,
      deliveredAt: o.deliveredAt,
      deliverySource: o.deliverySource,
    })),
    ordersCount: stats.get(customerGid)?.ordersCount ?? 0,
    totals: stats.get(customerGid)?.totals ?? [],
  };
}
