// Messages in the merchant's words for the admin pages (Outbox, order page, overview, Flows): a
// status as a badge look, its reason, the time that matters (planned or sent) in the shop's time
// zone, which actions apply, and a flow's delay as people say it. Pure: no database, no clock.
import type { Locale } from "~/i18n/locale";
import { en, type MessageKey } from "~/i18n/messages/en";
import type { Translate } from "~/i18n/translate";
import { shopTime } from "~/orders/format-time";
import type { BadgeTone, StatusLook } from "~/orders/format-status";
import { isReturnFlow } from "./return-update";
import { FLOW_TRIGGER, type Flow, type MessageStatus } from "./types";

const STATUS_LOOK: Record<MessageStatus, { tone?: BadgeTone; progress?: StatusLook["progress"] }> = {
  planned: { tone: "info", progress: "incomplete" },
  queued: { tone: "info", progress: "partiallyComplete" },
  sending: { tone: "info", progress: "partiallyComplete" },
  sent: { tone: "success", progress: "complete" },
  cancelled: {},
  suppressed: {},
  failed: { tone: "critical" },
  stuck: { tone: "warning", progress: "partiallyComplete" },
};

/** The numeric part of a GID: an order's admin page is /app/orders/<id>. */
function numericId(gid: string): string {
  return /\/(\d+)$/.exec(gid)?.[1] ?? gid;
}

export function messageStatusLook(t: Translate, status: MessageStatus): StatusLook {
  return { label: t(`messaging.status.${status}`), ...STATUS_LOOK[status] };
}

function known(key: string): key is MessageKey {
  return key in en;
}

/** Why it did not go (or not yet), in words; a reason this version does not know is shown as written. */
export function reasonText(t: Translate, reason: string | null): string | null {
  if (!reason) return null;
  const key = `messaging.reason.${reason}`;
  return known(key) ? t(key) : reason;
}

export function flowLabel(t: Translate, flow: Flow): string {
  return t(`messaging.flow.${flow}`);
}

export function categoryLabel(t: Translate, category: string): string {
  const key = `messaging.category.${category}`;
  return known(key) ? t(key) : category;
}

/** "2 days after delivery", "3 hours after delivery", "Right after delivery". */
export function delayText(t: Translate, minutes: number): string {
  if (minutes <= 0) return t("messaging.delay.immediately");
  if (minutes % 1440 === 0) return t("messaging.delay.days", { count: minutes / 1440 });
  if (minutes % 60 === 0) return t("messaging.delay.hours", { count: minutes / 60 });
  return t("messaging.delay.minutes", { count: minutes });
}

/**
 * When a flow's email goes: its delay after delivery, or, for the points reminders, when the loyalty
 * program says, or, for a return's updates, as soon as its status changes.
 */
export function timingText(t: Translate, flow: Flow, minutes: number): string {
  if (FLOW_TRIGGER[flow] === "points_expiring") return t(`messaging.timing.${flow as "points_expiry_warning" | "points_last_chance"}`);
  if (isReturnFlow(flow)) return t(`messaging.timing.${flow}`);
  if (FLOW_TRIGGER[flow] === "review_request")
    return t("messaging.timing.review_reminder", { count: Math.max(1, Math.round(minutes / 1440)) });
  return delayText(t, minutes);
}

/** The unit the editor shows a delay in: whole days when it is whole days, else hours (rounded up). */
export function delayParts(minutes: number): { value: number; unit: "days" | "hours" } {
  if (minutes % 1440 === 0) return { value: minutes / 1440, unit: "days" };
  return { value: Math.ceil(minutes / 60), unit: "hours" };
}

export function delayMinutes(value: number, unit: "days" | "hours"): number {
  return Math.round(value * (unit === "days" ? 1440 : 60));
}

export interface MessageRowInput {
  id: string;
  flow: Flow;
  category: string;
  status: MessageStatus;
  reason: string | null;
  email: string | null;
  orderGid: string | null;
  orderName: string | null;
  sendAt: Date | string;
  sentAt: Date | string | null;
  attempts: number;
  lastError: string | null;
  subject: string | null;
}

export interface MessageRowView {
  id: string;
  /** The order's admin page id (/app/orders/<id>), when the message is about an order. */
  orderId: string | null;
  orderName: string | null;
  email: string | null;
  flow: string;
  category: string;
  status: StatusLook;
  statusKey: MessageStatus;
  reason: string | null;
  /** "Planned for 3 Dec 2026, 09:00" or "Sent 3 Dec 2026, 09:02", in the shop's time zone. */
  when: string;
  isoWhen: string;
  attempts: number;
  lastError: string | null;
  subject: string | null;
  can: { cancel: boolean; sendNow: boolean; decide: boolean };
}

export function messageRowView(m: MessageRowInput, c: { t: Translate; locale: Locale; timeZone: string | null }): MessageRowView {
  const { t } = c;
  const sent = m.status === "sent" && m.sentAt;
  const at = new Date(sent ? m.sentAt! : m.sendAt);
  const date = shopTime(c.locale, at, c.timeZone);
  return {
    id: m.id,
    orderId: m.orderGid ? numericId(m.orderGid) : null,
    orderName: m.orderName,
    email: m.email,
    flow: flowLabel(t, m.flow),
    category: categoryLabel(t, m.category),
    status: messageStatusLook(t, m.status),
    statusKey: m.status,
    reason: reasonText(t, m.reason),
    when: sent
      ? t("messaging.when.sent", { date })
      : m.status === "planned" || m.status === "queued" || m.status === "sending"
        ? t("messaging.when.planned", { date })
        : t("messaging.when.wasPlanned", { date }),
    isoWhen: at.toISOString(),
    attempts: m.attempts,
    lastError: m.lastError,
    subject: m.subject,
    can: {
      cancel: m.status === "planned" || m.status === "queued",
      sendNow: m.status === "planned",
      decide: m.status === "stuck",
    },
  };
}

export interface CsatInput {
  score: number;
  comment: string | null;
  answeredAt: Date | string;
  changes: number;
  acknowledgedAt: Date | string | null;
}

export interface CsatView {
  score: number;
  /** "4 of 5 — Happy". */
  text: string;
  comment: string | null;
  when: string;
  isoWhen: string;
  low: boolean;
  changed: boolean;
}

export function csatView(c: CsatInput, ctx: { t: Translate; locale: Locale; timeZone: string | null }): CsatView {
  const score = Math.min(5, Math.max(1, Math.round(c.score))) as 1 | 2 | 3 | 4 | 5;
  const at = new Date(c.answeredAt);
  return {
    score,
    text: ctx.t("messaging.csat.score", { score, label: ctx.t(`email.csat.score.${score}`) }),
    comment: c.comment,
    when: shopTime(ctx.locale, at, ctx.timeZone),
    isoWhen: at.toISOString(),
    low: score <= 2,
    changed: c.changes > 0,
  };
}

/** The order page's Messages card: the order's emails and its satisfaction answer. */
export function orderMessagingView(
  messages: MessageRowInput[],
  csat: CsatInput | null,
  ctx: { t: Translate; locale: Locale; timeZone: string | null },
): { messages: MessageRowView[]; csat: CsatView | null } {
  return { messages: messages.map((m) => messageRowView(m, ctx)), csat: csat ? csatView(csat, ctx) : null };
}
