// The merchant's view of the messaging queue and the decisions they can make on it: the Outbox list
// (filters, search, pages, counts), one order's messages, the overview's summary and the flows'
// counts; and the actions — cancel, send now, and resend or drop a stuck message. Every change is
// a conditional update on the status the message must still be in, scoped by shop, so a second
// click (or a click racing the sender) changes nothing.
import { TZDate } from "@date-fns/tz";
import type { EventLog } from "~/events/log.server";
import type { Clock } from "~/platform/clock";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { orderSearchTargets } from "~/orders/order-queries.server";
import { validTimeZone } from "~/orders/format-time";
import { SEND_MESSAGE_JOB, sendJobKey } from "./dispatch.server";
import { lowCsatAlerts } from "./csat.server";
import { cancelMessages } from "./planner.server";
import { noteNotSent } from "./timeline.server";
import type { MessageRowInput } from "./format-message";
import { FLOWS, MESSAGE_STATUSES, type Flow, type MessageStatus } from "./types";

/** The Outbox's status tabs; "queued" also shows messages whose SMTP transaction is open. */
export const OUTBOX_FILTERS = ["planned", "queued", "sent", "suppressed", "cancelled", "failed", "stuck"] as const;
export type OutboxFilter = (typeof OUTBOX_FILTERS)[number];
const FILTER_STATUSES: Record<OutboxFilter, MessageStatus[]> = {
  planned: ["planned"],
  queued: ["queued", "sending"],
  sent: ["sent"],
  suppressed: ["suppressed"],
  cancelled: ["cancelled"],
  failed: ["failed"],
  stuck: ["stuck"],
};

export const OUTBOX_SORTS = ["latest", "soonest"] as const;
export type OutboxSort = (typeof OUTBOX_SORTS)[number];
export const OUTBOX_PAGE_SIZE = 50;

export interface OutboxQuery {
  status?: OutboxFilter | null;
  flow?: Flow | null;
  /** An order name ("#1001", "1001") or the start of an email address. */
  search?: string | null;
  sort?: OutboxSort;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

/** A row of the Outbox as read: the view's input (format-message.ts), with its times as dates. */
export interface OutboxRow extends MessageRowInput {
  dueAt: Date;
  sendAt: Date;
  sentAt: Date | null;
  postponed: number;
}

export interface OutboxPage {
  rows: OutboxRow[];
  total: number;
  page: number;
  pages: number;
}

const ROW_SELECT = {
  id: true,
  flow: true,
  category: true,
  status: true,
  reason: true,
  email: true,
  orderGid: true,
  dueAt: true,
  sendAt: true,
  sentAt: true,
  attempts: true,
  lastError: true,
  postponed: true,
  subject: true,
} as const;

function isFlow(v: string): v is Flow {
  return (FLOWS as readonly string[]).includes(v);
}

function isStatus(v: string): v is MessageStatus {
  return (MESSAGE_STATUSES as readonly string[]).includes(v);
}

async function orderNames(db: Db, shop: string, orderGids: (string | null)[]): Promise<Map<string, string>> {
  const gids = [...new Set(orderGids.filter((g): g is string => Boolean(g)))];
  if (!gids.length) return new Map();
  const orders = await db.order.findMany({ where: { shop, orderGid: { in: gids } }, select: { orderGid: true, name: true } });
  return new Map(orders.map((o) => [o.orderGid, o.name]));
}

type MessageWhere = NonNullable<Parameters<Db["message"]["findMany"]>[0]>["where"];

/** The shop's messages matching the query, a page at a time (newest send time first unless asked otherwise). */
export async function listOutbox(db: Db, shop: string, q: OutboxQuery = {}): Promise<OutboxPage> {
  const pageSize = q.pageSize ?? OUTBOX_PAGE_SIZE;
  const where: MessageWhere = { shop };
  if (q.status) where.status = { in: FILTER_STATUSES[q.status] };
  if (q.flow) where.flow = q.flow;
  const term = q.search?.trim();
  if (term) {
    const targets = orderSearchTargets(term);
    const or: NonNullable<MessageWhere>["OR"] = [];
    if (targets.names.length) {
      const orders = await db.order.findMany({ where: { shop, name: { in: targets.names } }, select: { orderGid: true } });
      if (orders.length) or.push({ orderGid: { in: orders.map((o) => o.orderGid) } });
    }
    for (const email of targets.emails) or.push({ email: { startsWith: email } });
    if (!or.length) return { rows: [], total: 0, page: 1, pages: 1 };
    where.OR = or;
  }
  const total = await db.message.count({ where });
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(q.page ?? 1)), pages);
  const direction = q.sort === "soonest" ? "asc" : "desc";
  const found = await db.message.findMany({
    where,
    select: ROW_SELECT,
    orderBy: [{ sendAt: direction }, { id: direction }],
    skip: (page - 1) * pageSize,
    take: pageSize,
  });
  const names = await orderNames(
    db,
    shop,
    found.map((m) => m.orderGid),
  );
  const rows = found.flatMap((m): OutboxRow[] =>
    isFlow(m.flow) && isStatus(m.status)
      ? [{ ...m, flow: m.flow, status: m.status, orderName: m.orderGid ? (names.get(m.orderGid) ?? null) : null }]
      : [],
  );
  return { rows, total, page, pages };
}

/** How many of the shop's messages are in each status (the Outbox's tab counts and its stuck banner). */
export async function outboxCounts(db: Db, shop: string): Promise<Record<MessageStatus, number>> {
  const groups = await db.message.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  const counts = Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, 0])) as Record<MessageStatus, number>;
  for (const g of groups) if (isStatus(g.status)) counts[g.status] = g._count._all;
  return counts;
}

/** One order's messages, oldest plan first (the order page's Messages card). */
export async function orderMessages(db: Db, shop: string, orderGid: string): Promise<OutboxRow[]> {
  const found = await db.message.findMany({
    where: { shop, orderGid },
    select: ROW_SELECT,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const name = (await orderNames(db, shop, [orderGid])).get(orderGid) ?? null;
  return found.flatMap((m): OutboxRow[] =>
    isFlow(m.flow) && isStatus(m.status) ? [{ ...m, flow: m.flow, status: m.status, orderName: name }] : [],
  );
}

/** Local midnight of `at`'s day in `timeZone`, and the next one (DST-safe: each built from the calendar date). */
export function localDay(at: Date, timeZone: string | null | undefined): { start: Date; end: Date } {
  const zone = validTimeZone(timeZone) ?? "UTC";
  const local = new TZDate(at.getTime(), zone);
  const start = new TZDate(local.getFullYear(), local.getMonth(), local.getDate(), 0, 0, 0, zone);
  const end = new TZDate(local.getFullYear(), local.getMonth(), local.getDate() + 1, 0, 0, 0, zone);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

export interface MessagingSummary {
  /** Planned to go out today (the shop's calendar day), from now on. */
  plannedToday: number;
  sentLast7Days: number;
  /** Waiting for the merchant's decision (sending was interrupted). */
  stuck: number;
}

const DAY = 86_400_000;

export async function messagingSummary(db: Db, shop: string, now: Date, timeZone: string | null | undefined): Promise<MessagingSummary> {
  const { end } = localDay(now, timeZone);
  const [plannedToday, sentLast7Days, stuck] = await Promise.all([
    db.message.count({ where: { shop, status: { in: ["planned", "queued"] }, sendAt: { lt: end } } }),
    db.message.count({ where: { shop, status: "sent", sentAt: { gte: new Date(now.getTime() - 7 * DAY) } } }),
    db.message.count({ where: { shop, status: "stuck" } }),
  ]);
  return { plannedToday, sentLast7Days, stuck };
}

/** Per flow: messages waiting to go, and sent in the last 30 days (the Flows page). */
export async function flowCounts(db: Db, shop: string, now: Date): Promise<Record<Flow, { planned: number; sent30: number }>> {
  const [planned, sent] = await Promise.all([
    db.message.groupBy({ by: ["flow"], where: { shop, status: { in: ["planned", "queued"] } }, _count: { _all: true } }),
    db.message.groupBy({
      by: ["flow"],
      where: { shop, status: "sent", sentAt: { gte: new Date(now.getTime() - 30 * DAY) } },
      _count: { _all: true },
    }),
  ]);
  const out = Object.fromEntries(FLOWS.map((f) => [f, { planned: 0, sent30: 0 }])) as Record<Flow, { planned: number; sent30: number }>;
  for (const g of planned) if (isFlow(g.flow)) out[g.flow].planned = g._count._all;
  for (const g of sent) if (isFlow(g.flow)) out[g.flow].sent30 = g._count._all;
  return out;
}

// ─── Actions ───

export interface OutboxDeps {
  db: Db;
  events: EventLog;
  jobs: JobQueue;
  clock: Clock;
}

/** done: the message changed; unchanged: it is no longer in a status the action applies to (or another click got there first). */
export type OutboxResult = "done" | "unchanged" | "not_found";

async function exists(db: Db, shop: string, id: string): Promise<boolean> {
  return (await db.message.count({ where: { shop, id } })) > 0;
}

async function outcome(db: Db, shop: string, id: string, changed: boolean): Promise<OutboxResult> {
  if (changed) return "done";
  return (await exists(db, shop, id)) ? "unchanged" : "not_found";
}

/** Cancels messages that have not started sending (planned, queued or stuck); each cancellation is on its order's timeline. */
export async function cancelOutboxMessages(deps: OutboxDeps, shop: string, ids: string[]): Promise<{ cancelled: string[] }> {
  const unique = [...new Set(ids)].slice(0, 500);
  const cancelled = await cancelMessages(deps.db, deps.events, shop, unique, "merchant_cancelled", deps.clock.now());
  return { cancelled };
}

async function enqueueSend(jobs: JobQueue, shop: string, id: string, claimedAt: Date): Promise<void> {
  // The job carries its claim's time: a job of an older claim that still runs finds the row claimed again and does nothing.
  await jobs.enqueue(SEND_MESSAGE_JOB, { shop, messageId: id, claimedAt: claimedAt.getTime() }, { key: sendJobKey(id, claimedAt), shop });
}

/**
 * Sends a planned message now, without waiting for its time or the send window: it is claimed here
 * (planned → queued, as the dispatcher would) and its send job enqueued. Consent, unsubscribes, the
 * frequency cap and dry-run still apply when the job runs. A job lost between the two is released
 * back to planned by the dispatcher's orphan check and claimed afresh.
 */
export async function sendNow(deps: OutboxDeps, shop: string, id: string): Promise<OutboxResult> {
  const now = deps.clock.now();
  const { count } = await deps.db.message.updateMany({
    where: { shop, id, status: "planned" },
    data: { status: "queued", immediate: true, sendAt: now, claimedAt: now, updatedAt: now },
  });
  if (count === 1) await enqueueSend(deps.jobs, shop, id, now);
  return outcome(deps.db, shop, id, count === 1);
}

/** A stuck message the merchant wants sent again (the customer may get it twice): queued now, with a job of its own. */
export async function resendStuck(deps: OutboxDeps, shop: string, id: string): Promise<OutboxResult> {
  const now = deps.clock.now();
  const { count } = await deps.db.message.updateMany({
    where: { shop, id, status: "stuck" },
    data: { status: "queued", reason: null, immediate: true, claimedAt: now, updatedAt: now },
  });
  if (count === 1) await enqueueSend(deps.jobs, shop, id, now);
  return outcome(deps.db, shop, id, count === 1);
}

/** A stuck message the merchant gives up on: cancelled (interrupted), and said so on the order's timeline. */
export async function dropStuck(deps: OutboxDeps, shop: string, id: string): Promise<OutboxResult> {
  const now = deps.clock.now();
  const m = await deps.db.message.findFirst({ where: { shop, id }, select: { id: true, flow: true, orderGid: true, customerGid: true } });
  if (!m) return "not_found";
  const { count } = await deps.db.message.updateMany({
    where: { shop, id, status: "stuck" },
    data: { status: "cancelled", reason: "interrupted", updatedAt: now },
  });
  if (count === 1) await noteNotSent(deps.events, shop, m, "cancelled", "interrupted", now);
  return count === 1 ? "done" : "unchanged";
}

// ─── The overview ───

export interface OverviewAlert {
  orderGid: string;
  /** The order's admin page id. */
  orderId: string;
  orderName: string | null;
  score: number;
  comment: string | null;
  answeredAt: string;
}

/** The overview's messaging cards: today's and the week's numbers, and low CSAT answers not yet handled. */
export async function messagingOverview(db: Db, shop: string, now: Date, timeZone: string | null | undefined, alertLimit = 10) {
  const [summary, csat] = await Promise.all([messagingSummary(db, shop, now, timeZone), lowCsatAlerts(db, shop, alertLimit)]);
  const alerts: OverviewAlert[] = csat.alerts.map((a) => ({
    orderGid: a.orderGid,
    orderId: /\/(\d+)$/.exec(a.orderGid)?.[1] ?? a.orderGid,
    orderName: a.orderName,
    score: a.score,
    comment: a.comment,
    answeredAt: a.answeredAt.toISOString(),
  }));
  return { summary, alerts, alertsTotal: csat.total };
}
