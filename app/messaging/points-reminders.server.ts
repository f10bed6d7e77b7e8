// The points reminders: when the loyalty program says a customer's points will expire
// (`loyalty.points_expiring`, stage warning or last chance), the matching flow's email is planned,
// one per customer, stage and inactivity period (the event's `since`); when it is sent, its block is
// built from that event — the points, the date they expire and the link to the store. Messaging
// learns all this from the event alone: it never reads the loyalty program.
import type { Subscriber } from "~/events/subscriber";
import type { StoredEvent } from "~/events/types";
import { pickLocale } from "~/i18n/locale";
import type { Db } from "~/platform/db.server";
import { validTimeZone } from "~/orders/format-time";
import type { EmailModel } from "./email/model";
import { nextOpening } from "./schedule";
import { flowSettings, messagingSettings, windowOf } from "./settings.server";
import { insertPlanned } from "./planner.server";
import type { Flow } from "./types";

export type PointsFlow = Extract<Flow, "points_expiry_warning" | "points_last_chance">;

export const POINTS_FLOW: Record<"warning" | "last_chance", PointsFlow> = {
  warning: "points_expiry_warning",
  last_chance: "points_last_chance",
};

export function isPointsFlow(flow: Flow): flow is PointsFlow {
  return flow === "points_expiry_warning" || flow === "points_last_chance";
}

/** Unique per customer, stage (the flow) and inactivity period. */
export function pointsMessageKey(flow: PointsFlow, customerGid: string, since: string): string {
  return `${flow}:${customerGid}:${since}`;
}

interface Reminder {
  stage: "warning" | "last_chance";
  points: number;
  expiresAt: Date;
  since: string;
  storeUrl: string;
}

function reminderOf(detail: Record<string, unknown>): Reminder | null {
  const stage = detail.stage === "warning" || detail.stage === "last_chance" ? detail.stage : null;
  const expiresAt = new Date(String(detail.expiresAt));
  const points = Number(detail.points);
  if (!stage || Number.isNaN(expiresAt.getTime()) || !Number.isInteger(points) || typeof detail.since !== "string") return null;
  return { stage, points, expiresAt, since: detail.since, storeUrl: typeof detail.storeUrl === "string" ? detail.storeUrl : "" };
}

/** Plans the reminder's email (nothing when its flow is off or the shop has no app). Returns how many rows it added. */
export async function planPointsReminder(db: Db, event: StoredEvent, now: Date): Promise<number> {
  const { shop, customerGid } = event;
  const reminder = reminderOf(event.detail);
  if (!customerGid || !reminder) return 0;
  const flow = POINTS_FLOW[reminder.stage];
  const [flows, settings, shopRow, customer] = await Promise.all([
    flowSettings(db, shop),
    messagingSettings(db, shop),
    db.shop.findUnique({ where: { shop }, select: { timezone: true, state: true } }),
    db.customer.findUnique({ where: { shop_customerGid: { shop, customerGid } }, select: { email: true, locale: true } }),
  ]);
  if (shopRow?.state !== "installed" || !flows[flow].enabled) return 0;
  // The address Shopify has for the customer, else the one on their latest order.
  const order = customer?.email
    ? null
    : await db.order.findFirst({ where: { shop, customerGid }, orderBy: { processedAt: "desc" }, select: { email: true, locale: true } });
  const email = (customer?.email ?? order?.email)?.trim().toLowerCase() || null;
  const dueAt = new Date(event.occurredAt.getTime() + flows[flow].delayMinutes * 60_000);
  const sendAt = nextOpening(dueAt, windowOf(settings, shopRow.timezone)) ?? dueAt;
  return insertPlanned(
    db,
    {
      shop,
      key: pointsMessageKey(flow, customerGid, reminder.since),
      flow,
      orderGid: null,
      customerGid,
      email,
      locale: pickLocale([customer?.locale, order?.locale]),
      items: "[]",
      dueAt,
      sendAt,
    },
    now,
  );
}

export const planPointsReminderSubscriber: Subscriber = {
  name: "messaging.plan-points-reminder",
  async handle(event, { db, clock }) {
    await planPointsReminder(db, event, clock.now());
  },
};

/** The email's points block, from the reminder the message was planned for; null when that reminder is gone. */
export async function pointsBlock(
  db: Db,
  m: { shop: string; key: string; flow: PointsFlow; customerGid: string | null },
): Promise<NonNullable<EmailModel["points"]> | null> {
  if (!m.customerGid) return null;
  const prefix = `${m.flow}:${m.customerGid}:`;
  const since = m.key.startsWith(prefix) ? m.key.slice(prefix.length) : null;
  const stage = m.flow === "points_expiry_warning" ? "warning" : "last_chance";
  const [events, shopRow] = await Promise.all([
    db.afterSalesEvent.findMany({
      where: { shop: m.shop, customerGid: m.customerGid, type: "loyalty.points_expiring" },
      orderBy: { occurredAt: "desc" },
      select: { detail: true },
      take: 20,
    }),
    db.shop.findUnique({ where: { shop: m.shop }, select: { timezone: true } }),
  ]);
  for (const e of events) {
    let detail: Record<string, unknown>;
    try {
      detail = JSON.parse(e.detail) as Record<string, unknown>;
    } catch {
      continue;
    }
    const r = reminderOf(detail);
    if (!r || r.stage !== stage || r.since !== since) continue;
    return {
      stage,
      points: r.points,
      expiresAt: r.expiresAt,
      timeZone: validTimeZone(shopRow?.timezone) ?? "UTC",
      url: r.storeUrl || `https://${m.shop}/`,
    };
  }
  return null;
}
