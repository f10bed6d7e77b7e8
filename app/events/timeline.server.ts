// The read side of the after-sales event log: an order's timeline and a customer's (their own events
// and their orders'), in time order, as typed events. Every query names the shop.
import type { Db } from "~/platform/db.server";
import { asDate, sqlOf } from "~/platform/sql.server";
import { EVENT_TYPES, isEventType, type EventDetails, type EventSource, type EventType } from "./types";

/**
 * An event as a timeline shows it. `detail` is what the event carried, typed by its `type`; fields
 * may be missing from events written before the log had its current shapes, so each is optional.
 */
export type TimelineEvent = {
  [T in EventType]: {
    id: string;
    type: T;
    orderGid: string | null;
    /** The order's name (#1001) when the shop has the order. */
    orderName: string | null;
    customerGid: string | null;
    occurredAt: Date;
    createdAt: Date;
    history: boolean;
    source: EventSource;
    detail: Partial<EventDetails[T]>;
  };
}[EventType];

/** A customer's timeline is cut to their latest events beyond this many. */
export const CUSTOMER_TIMELINE_LIMIT = 200;

const COLUMNS = `e."id", e."type", e."orderGid", o."name" AS "orderName", e."customerGid", e."occurredAt", e."createdAt", e."history", e."source", e."detail"`;
const WITH_ORDER = `"AfterSalesEvent" e LEFT JOIN "Order" o ON o."shop" = e."shop" AND o."orderGid" = e."orderGid"`;
/** Only the types this version can describe (a newer release's events stay in the log, unshown). */
const KNOWN_TYPES = `e."type" IN (${EVENT_TYPES.map((t) => `'${t}'`).join(", ")})`;
/**
 * Events of one instant recorded together (one webhook's batch: placed and paid) keep the order of
 * an order's life, as EVENT_TYPES lists it, rather than a random id's.
 */
const lifecycle = (column: string) => `CASE ${column} ${EVENT_TYPES.map((t, i) => `WHEN '${t}' THEN ${i}`).join(" ")} END`;

interface RawEvent {
  id: string;
  type: string;
  orderGid: string | null;
  orderName: string | null;
  customerGid: string | null;
  occurredAt: unknown;
  createdAt: unknown;
  history: unknown;
  source: string;
  detail: string;
}

function parseDetail(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Stored rows → typed events. */
function toEvents(rows: RawEvent[]): TimelineEvent[] {
  return rows.flatMap((r) =>
    isEventType(r.type)
      ? [
          {
            id: r.id,
            type: r.type,
            orderGid: r.orderGid,
            orderName: r.orderName,
            customerGid: r.customerGid,
            occurredAt: asDate(r.occurredAt)!,
            createdAt: asDate(r.createdAt)!,
            history: r.history === true || r.history === 1 || r.history === "1" || r.history === "true",
            source: r.source as EventSource,
            detail: parseDetail(r.detail),
          } as TimelineEvent,
        ]
      : [],
  );
}

/** Every event of one order of the shop, oldest first: by when it happened, then when it was recorded. */
export async function orderTimeline(db: Db, shop: string, orderGid: string): Promise<TimelineEvent[]> {
  const rows = await sqlOf(db).all<RawEvent>(
    `SELECT ${COLUMNS} FROM ${WITH_ORDER} WHERE e."shop" = ? AND e."orderGid" = ? AND ${KNOWN_TYPES} ORDER BY e."occurredAt", e."createdAt", ${lifecycle('e."type"')}, e."id"`,
    [shop, orderGid],
  );
  return toEvents(rows);
}

/**
 * A customer's events and those of their orders, oldest first; a customer with a long history gets
 * their latest `limit` events. Each branch stays on its index: (shop, customerGid, occurredAt) for
 * theirs, (shop, customerGid) on orders then (shop, orderGid, occurredAt) for their orders'.
 */
export async function customerTimeline(
  db: Db,
  shop: string,
  customerGid: string,
  limit = CUSTOMER_TIMELINE_LIMIT,
): Promise<TimelineEvent[]> {
  const rows = await sqlOf(db).all<RawEvent>(
    `SELECT * FROM (
       SELECT ${COLUMNS} FROM ${WITH_ORDER} WHERE e."shop" = ? AND e."customerGid" = ? AND ${KNOWN_TYPES}
       UNION
       SELECT ${COLUMNS} FROM ${WITH_ORDER} WHERE e."shop" = ? AND e."orderGid" IN (SELECT "orderGid" FROM "Order" WHERE "shop" = ? AND "customerGid" = ?) AND ${KNOWN_TYPES}
     ) t ORDER BY "occurredAt" DESC, "createdAt" DESC, ${lifecycle('"type"')} DESC, "id" DESC LIMIT ?`,
    [shop, customerGid, shop, shop, customerGid, limit],
  );
  return toEvents(rows).reverse();
}
