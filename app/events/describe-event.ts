// An after-sales event in words, for the order's and the customer's timelines: a label per event
// type, its details as short lines (amounts, tracking links, refunded items, return, …), its time in
// the shop's time zone and the merchant's language, where it came from. Pure: no database, no clock.
import type { Locale } from "~/i18n/locale";
import { en, type MessageKey } from "~/i18n/messages/en";
import type { Translate } from "~/i18n/translate";
import { formatMoney } from "~/orders/format-money";
import { shopTime } from "~/orders/format-time";
import { consentStatus, paymentStatus, returnStatusLabel, safeHttpUrl, shipmentStatusLabel } from "~/orders/format-status";
import type { TimelineEvent } from "./timeline.server";
import type { EventSource, EventType } from "./types";

export interface DescribeContext {
  t: Translate;
  locale: Locale;
  /** The shop's IANA time zone (Shop.timezone); UTC when unknown. */
  timeZone: string | null;
  /** Line titles by line item GID, to name refunded items ("2 × Mug – Blue"). */
  lineTitles?: Record<string, string>;
  /** The shop's delivery fallback, for an assumed delivery whose event does not say after how long. */
  fallbackDays?: number;
}

export interface DetailLine {
  text: string;
  /** A web address the line links to (a tracking page). */
  href?: string;
}

/** An event ready to show: every string in the merchant's language. */
export interface EventView {
  id: string;
  type: EventType;
  label: string;
  details: DetailLine[];
  /** When it happened, in the shop's time zone. */
  at: string;
  /** The same instant, ISO 8601 (for <time dateTime>). */
  isoAt: string;
  /** Imported from before the app was installed. */
  history: boolean;
  source: string;
  /** The order it belongs to, for a customer's timeline: numeric id for the link, and its name (or the id). */
  order: { id: string; name: string } | null;
}

export const EVENT_LABEL: Record<EventType, MessageKey> = {
  "order.placed": "event.order.placed",
  "order.paid": "event.order.paid",
  "order.fulfilled": "event.order.fulfilled",
  "order.tracking_updated": "event.order.tracking_updated",
  "order.delivered": "event.order.delivered",
  "order.refunded": "event.order.refunded",
  "order.cancelled": "event.order.cancelled",
  "customer.created": "event.customer.created",
  "customer.consent_changed": "event.customer.consent_changed",
  "return.requested": "event.return.requested",
  "return.approved": "event.return.approved",
  "return.declined": "event.return.declined",
  "return.closed": "event.return.closed",
  "return.cancelled": "event.return.cancelled",
  "return.reopened": "event.return.reopened",
  "return.label_added": "event.return.label_added",
  "return.received": "event.return.received",
  "return.processed": "event.return.processed",
  "webhook.replayed": "event.webhook.replayed",
  "message.sent": "event.message.sent",
  "message.not_sent": "event.message.not_sent",
  "csat.answered": "event.csat.answered",
  "loyalty.points_changed": "event.loyalty.points_changed",
  "loyalty.tier_changed": "event.loyalty.tier_changed",
  "loyalty.points_expiring": "event.loyalty.points_expiring",
  "review.submitted": "event.review.submitted",
  "review.published": "event.review.published",
  "review.unpublished": "event.review.unpublished",
  "review.rejected": "event.review.rejected",
  "review.replied": "event.review.replied",
  "review.request_postponed": "event.review.request_postponed",
};

const SOURCE_LABEL: Record<EventSource, MessageKey> = {
  webhook: "timeline.source.webhook",
  backfill: "timeline.source.backfill",
  fallback: "timeline.source.fallback",
  app: "timeline.source.app",
};

const isKnown = (key: string): key is MessageKey => key in en;

function flowLabel(t: Translate, flow: unknown): string {
  const key = `messaging.flow.${String(flow)}`;
  return isKnown(key) ? t(key) : String(flow);
}

const text = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v.trim() : null);
const int = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function money(minor: unknown, currency: unknown, locale: Locale): string | null {
  const amount = int(minor);
  const code = text(currency);
  return amount != null && code ? formatMoney(amount, code, locale) : null;
}

/** Lines of an order-level event (placed, paid, cancelled): total and payment status. */
function orderSummary(d: { totalMinor?: unknown; currency?: unknown; financialStatus?: unknown }, c: DescribeContext): DetailLine[] {
  const out: DetailLine[] = [];
  const total = money(d.totalMinor, d.currency, c.locale);
  if (total) out.push({ text: c.t("event.detail.total", { amount: total }) });
  const status = text(d.financialStatus);
  if (status) out.push({ text: c.t("event.detail.payment", { status: paymentStatus(c.t, status).label }) });
  return out;
}

/** A return step: its name and Shopify status, the items, the resolution's amount and the tracking. */
function describeReturn(e: TimelineEvent, c: DescribeContext): DetailLine[] {
  const { t } = c;
  const d = e.detail as Record<string, unknown>;
  const out: DetailLine[] = [];
  const name = text(d.name);
  if (name) out.push({ text: t("event.detail.return", { name }) });
  const status = text(d.status);
  if (status && !d.caseId) out.push({ text: t("event.detail.returnStatus", { status: returnStatusLabel(t, status) }) });
  const items = list(d.items).flatMap((i) => {
    const item = i as { title?: unknown; quantity?: unknown } | null;
    const title = text(item?.title);
    return title ? [`${int(item?.quantity) ?? 1} × ${title}`] : [];
  });
  if (items.length) out.push({ text: t("event.detail.returnItems", { items: items.join(", ") }) });
  const amounts = (d.amounts ?? null) as { totalMinor?: unknown; currency?: unknown } | null;
  const resolution = text(d.resolution);
  const amount = amounts ? money(amounts.totalMinor, amounts.currency, c.locale) : null;
  if (e.type === "return.processed" && amount && (resolution === "refund" || resolution === "store_credit" || resolution === "exchange"))
    out.push({ text: t(`event.detail.returnResolution.${resolution}`, { amount }) });
  const label = (d.label ?? null) as { trackingNumber?: unknown } | null;
  const tracking = text(label?.trackingNumber);
  if (e.type === "return.label_added" && tracking) out.push({ text: t("event.detail.returnTracking", { tracking }) });
  return out;
}

/** A refunded line's item: the stored lineItemGid, or the numeric lineItemId of events written before it. */
function refundedItem(line: unknown): { gid: string; quantity: number } | null {
  if (!line || typeof line !== "object") return null;
  const l = line as { lineItemGid?: unknown; lineItemId?: unknown; quantity?: unknown };
  const gid = text(l.lineItemGid) ?? (l.lineItemId != null ? `gid://shopify/LineItem/${String(l.lineItemId)}` : null);
  return gid ? { gid, quantity: int(l.quantity) ?? 0 } : null;
}

/** The line items refunded on these events (to look their titles up). */
export function refundedLineGids(events: TimelineEvent[]): string[] {
  return events
    .flatMap((e) => (e.type === "order.refunded" ? list(e.detail.lineItems).map(refundedItem) : []))
    .flatMap((i) => (i ? [i.gid] : []));
}

export function describeDetails(e: TimelineEvent, c: DescribeContext): DetailLine[] {
  const { t } = c;
  switch (e.type) {
    case "order.placed":
    case "order.paid":
    case "order.cancelled":
      return orderSummary(e.detail, c);
    case "order.fulfilled": {
      const out: DetailLine[] = [];
      const carrier = text(e.detail.trackingCompany);
      if (carrier) out.push({ text: t("event.detail.carrier", { carrier }) });
      const urls = list(e.detail.trackingUrls);
      const numbers = list(e.detail.trackingNumbers)
        .map(text)
        .filter((n): n is string => n != null);
      numbers.forEach((number, i) => out.push({ text: t("event.detail.tracking", { number }), href: safeHttpUrl(urls[i]) }));
      // A tracking page without a number of its own still deserves its link.
      for (const url of urls.slice(numbers.length)) {
        const href = safeHttpUrl(url);
        if (href) out.push({ text: href, href });
      }
      if (!numbers.length && urls.length === 0) out.push({ text: t("event.detail.noTracking") });
      return out;
    }
    case "order.tracking_updated": {
      const out: DetailLine[] = [];
      const status = text(e.detail.status);
      if (status && status !== "update") out.push({ text: t("event.detail.shipmentStatus", { status: shipmentStatusLabel(t, status) }) });
      const message = text(e.detail.message);
      if (message) out.push({ text: t("event.detail.message", { message }) });
      return out;
    }
    case "order.delivered": {
      const source = e.detail.source ?? (e.source === "fallback" ? "fallback" : null);
      if (source === "carrier") return [{ text: t("event.detail.delivered.carrier") }];
      if (source === "shopify") return [{ text: t("event.detail.delivered.shopify") }];
      if (source === "fallback") {
        const count = int(e.detail.fallbackDays) ?? c.fallbackDays;
        return count != null ? [{ text: t("event.detail.delivered.fallback", { count }) }] : [];
      }
      return [];
    }
    case "order.refunded": {
      const out: DetailLine[] = [];
      const amount = money(e.detail.amountMinor, e.detail.currency, c.locale);
      if (amount) out.push({ text: t("event.detail.refundAmount", { amount }) });
      for (const item of list(e.detail.lineItems).map(refundedItem)) {
        if (!item || item.quantity <= 0) continue;
        const title = c.lineTitles?.[item.gid] ?? t("orders.refunds.unknownLine");
        out.push({ text: t("event.detail.refundLine", { quantity: item.quantity, title }) });
      }
      const note = text(e.detail.note);
      if (note) out.push({ text: t("event.detail.note", { note }) });
      return out;
    }
    case "customer.created": {
      const state = text(e.detail.marketingState);
      return state ? [{ text: t("event.detail.consent", { state: consentStatus(t, state).label }) }] : [];
    }
    case "customer.consent_changed": {
      const to = text(e.detail.to);
      if (!to) return [];
      const from = text(e.detail.from);
      return [
        {
          text: from
            ? t("event.detail.consentChange", { from: consentStatus(t, from).label, to: consentStatus(t, to).label })
            : t("event.detail.consent", { state: consentStatus(t, to).label }),
        },
      ];
    }
    case "return.requested":
    case "return.approved":
    case "return.declined":
    case "return.closed":
    case "return.cancelled":
    case "return.reopened":
    case "return.label_added":
    case "return.received":
    case "return.processed":
      return describeReturn(e, c);
    case "webhook.replayed": {
      const out: DetailLine[] = [];
      const topic = text(e.detail.topic);
      if (topic) out.push({ text: t("event.detail.replay", { topic, replay: int(e.detail.replay) ?? 1 }) });
      const error = text(e.detail.lastError);
      if (error) out.push({ text: t("event.detail.lastError", { error }) });
      return out;
    }
    case "message.sent": {
      const out: DetailLine[] = [{ text: t("event.detail.flow", { flow: flowLabel(t, e.detail.flow) }) }];
      const subject = text(e.detail.subject);
      if (subject) out.push({ text: t("event.detail.subject", { subject }) });
      const code = text(e.detail.discountCode);
      if (code) out.push({ text: t("event.detail.discountCode", { code }) });
      return out;
    }
    case "message.not_sent": {
      const out: DetailLine[] = [{ text: t("event.detail.flow", { flow: flowLabel(t, e.detail.flow) }) }];
      const status = text(e.detail.status);
      const reason = text(e.detail.reason);
      if (status && reason && isKnown(`messaging.status.${status}`) && isKnown(`messaging.reason.${reason}`)) {
        out.push({
          text: t("event.detail.outcome", {
            status: t(`messaging.status.${status}` as MessageKey),
            reason: t(`messaging.reason.${reason}` as MessageKey),
          }),
        });
      }
      return out;
    }
    case "csat.answered": {
      const score = int(e.detail.score);
      if (score == null) return [];
      const previous = int(e.detail.previous);
      return [{ text: previous != null ? t("event.detail.csatChanged", { previous, score }) : t("event.detail.csatScore", { score }) }];
    }
    case "loyalty.points_changed":
      return describePoints(e.detail, c);
    case "loyalty.tier_changed": {
      const from = text(e.detail.from) ?? t("event.detail.noTier");
      const to = text(e.detail.to) ?? t("event.detail.noTier");
      return [{ text: t(e.detail.direction === "down" ? "event.detail.tierDown" : "event.detail.tierUp", { from, to }) }];
    }
    case "loyalty.points_expiring": {
      const points = int(e.detail.points) ?? 0;
      const at = text(e.detail.expiresAt);
      const date = at ? shopTime(c.locale, new Date(at), c.timeZone) : "";
      return [
        { text: t(e.detail.stage === "last_chance" ? "event.detail.expiringLastChance" : "event.detail.expiring", { points, date }) },
      ];
    }
    case "review.submitted":
    case "review.published":
    case "review.unpublished":
    case "review.rejected":
    case "review.replied":
      return describeReview(e.type, e.detail, c);
    case "review.request_postponed": {
      const until = text(e.detail.until);
      return until ? [{ text: t("event.detail.reviewPostponed", { date: shopTime(c.locale, new Date(until), c.timeZone) }) }] : [];
    }
  }
}

function describeReview(type: EventType, d: Record<string, unknown>, c: DescribeContext): DetailLine[] {
  const { t } = c;
  const out: DetailLine[] = [];
  const product = text(d.productTitle);
  const rating = int(d.rating);
  if (product && rating != null) out.push({ text: t("event.detail.reviewOf", { rating, product }) });
  else if (rating != null) out.push({ text: t("event.detail.reviewRating", { rating }) });
  else if (product) out.push({ text: product });
  if (type === "review.submitted") {
    if (d.verified === true) out.push({ text: t("event.detail.reviewVerified") });
    if (d.edited === true) out.push({ text: t("event.detail.reviewEdited") });
    const held = text(d.held);
    if (held) out.push({ text: t(`reviews.held.${held}` as MessageKey) });
  }
  const reason = text(d.reason);
  if (type === "review.rejected" && reason) out.push({ text: t(`reviews.reject.${reason}` as MessageKey) });
  if (type === "review.replied") out.push({ text: t(d.removed === true ? "event.detail.replyRemoved" : "event.detail.replySaved") });
  const actor = text(d.actor);
  if (actor) out.push({ text: t("event.detail.by", { actor }) });
  return out;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function describePoints(d: Record<string, unknown>, c: DescribeContext): DetailLine[] {
  const { t } = c;
  const reason = t(`loyalty.reason.${text(d.reason) ?? "admin_adjustment"}` as MessageKey);
  const out: DetailLine[] = [];
  const points = int(d.points) ?? 0;
  const pending = int(d.pendingPoints) ?? 0;
  if (points) out.push({ text: t("event.detail.points", { points: signed(points), reason }) });
  if (pending && !(d.kind === "release")) out.push({ text: t("event.detail.pendingPoints", { points: signed(pending), reason }) });
  if (!points && !pending) out.push({ text: t("event.detail.points", { points: "0", reason }) });
  const reward = text(d.reward);
  if (reward) out.push({ text: t("event.detail.reward", { reward }) });
  const note = text(d.note);
  if (note) out.push({ text: t("event.detail.note", { note }) });
  const actor = text(d.actor);
  if (actor) out.push({ text: t("event.detail.by", { actor }) });
  out.push({ text: t("event.detail.balanceAfter", { balance: int(d.balance) ?? 0, pending: int(d.pending) ?? 0 }) });
  return out;
}

export function describeEvent(e: TimelineEvent, c: DescribeContext): EventView {
  const orderId = e.orderGid ? (/\/(\d+)$/.exec(e.orderGid)?.[1] ?? null) : null;
  return {
    id: e.id,
    type: e.type,
    label: c.t(EVENT_LABEL[e.type]),
    details: describeDetails(e, c),
    at: shopTime(c.locale, e.occurredAt, c.timeZone),
    isoAt: e.occurredAt.toISOString(),
    history: e.history,
    source: SOURCE_LABEL[e.source] ? c.t(SOURCE_LABEL[e.source]) : e.source,
    order: orderId ? { id: orderId, name: e.orderName ?? orderId } : null,
  };
}
