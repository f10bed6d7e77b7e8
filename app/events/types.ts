// The after-sales events: what can happen to an order or a customer, and what each event carries.
// Pure types and constants. Capabilities append events (events/log.server.ts) and react to them
// through the subscriber table (events/subscribers.server.ts), never by calling each other.

export const EVENT_TYPES = [
  "order.placed",
  "order.paid",
  "order.fulfilled",
  "order.tracking_updated",
  "order.delivered",
  "order.refunded",
  "order.cancelled",
  "customer.created",
  "customer.consent_changed",
  "return.requested",
  "return.approved",
  "return.declined",
  "return.closed",
  "return.cancelled",
  "return.reopened",
  "return.label_added",
  "return.received",
  "return.processed",
  "webhook.replayed",
  "message.sent",
  "message.not_sent",
  "csat.answered",
  "loyalty.points_changed",
  "loyalty.tier_changed",
  "loyalty.points_expiring",
  "review.submitted",
  "review.published",
  "review.unpublished",
  "review.rejected",
  "review.replied",
  "review.request_postponed",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** Where an event came from: a live webhook, the history import, a timer, or the app itself. */
export type EventSource = "webhook" | "backfill" | "fallback" | "app";

/** How an order's delivery was decided (see orders/delivery.ts). */
export type DeliverySource = "carrier" | "shopify" | "fallback";

/**
 * What every return.* event carries. The first three come from Shopify's webhook as well; the rest
 * when the returns capability knows the case (caseId): its items, amounts and resolution, the
 * merchant's message to the shopper (approve/decline), the label and the shopper's language.
 * returnGid is null for a request the merchant has not approved yet that Shopify does not know of.
 */
export interface ReturnEventDetail {
  returnGid: string | null;
  status: string | null;
  name: string | null;
  caseId?: string;
  /** `exchangeFor`: the title of the variant sent in exchange. */
  items?: { lineItemGid: string; title: string; quantity: number; exchangeFor?: string | null }[];
  resolution?: "refund" | "store_credit" | "exchange";
  amounts?: { itemsMinor: number; bonusMinor: number; totalMinor: number; currency: string };
  message?: string | null;
  label?: { url: string | null; trackingNumber: string | null; trackingUrl: string | null; carrier: string | null } | null;
  locale?: string;
  /** Who did it in the admin (the app's own steps), when a merchant did. */
  actor?: string | null;
}

export interface EventDetails {
  "order.placed": { name: string; totalMinor: number; currency: string; financialStatus: string | null };
  "order.paid": { name: string; totalMinor: number; currency: string; financialStatus: string | null };
  "order.fulfilled": {
    fulfillmentGid: string;
    trackingCompany: string | null;
    trackingNumbers: string[];
    trackingUrls: string[];
  };
  "order.tracking_updated": { status: string; message?: string | null; fulfillmentGid?: string | null };
  "order.delivered": { source: DeliverySource; fallbackDays?: number };
  "order.refunded": {
    refundGid: string;
    amountMinor: number;
    currency: string;
    note: string | null;
    lineItems: { lineItemGid: string; quantity: number }[];
  };
  "order.cancelled": { name: string; totalMinor: number; currency: string; financialStatus: string | null };
  "customer.created": { marketingState: string | null };
  "customer.consent_changed": { from: string | null; to: string; consentUpdatedAt: string | null };
  "return.requested": ReturnEventDetail;
  "return.approved": ReturnEventDetail;
  "return.declined": ReturnEventDetail;
  "return.closed": ReturnEventDetail;
  "return.cancelled": ReturnEventDetail;
  "return.reopened": ReturnEventDetail;
  /** The merchant added the label and/or tracking the items go back with. */
  "return.label_added": ReturnEventDetail;
  /** The merchant marked the items received. */
  "return.received": ReturnEventDetail;
  /** Refunded, credited or exchanged; refundGid when Shopify made a refund, storeCreditMinor when credit was issued. */
  "return.processed": ReturnEventDetail & { refundGid?: string | null; storeCreditMinor?: number | null };
  "webhook.replayed": { topic: string; webhookId: string; replay: number; lastError: string | null };
  "message.sent": { messageId: string; flow: string; category: string; subject: string; discountCode: string | null };
  "message.not_sent": { messageId: string; flow: string; status: "cancelled" | "suppressed" | "failed"; reason: string | null };
  "csat.answered": { score: number; previous: number | null };
  /** One ledger entry (app/loyalty/): what changed, why, and the balances after it. */
  "loyalty.points_changed": {
    kind: string;
    points: number;
    pendingPoints: number;
    reason: string;
    balance: number;
    pending: number;
    note?: string | null;
    actor?: string | null;
    reward?: string | null;
  };
  "loyalty.tier_changed": { from: string | null; to: string | null; direction: "up" | "down" };
  /** The customer's points expire at `expiresAt` unless they earn or spend before (the emails' trigger). */
  "loyalty.points_expiring": {
    stage: "warning" | "last_chance";
    /** The spendable balance that would expire. */
    points: number;
    expiresAt: string;
    /** When the inactivity period began (the last earning or spending): one reminder of each stage per period. */
    since: string;
    /** Where the customer sees and spends their points (the email's button). */
    storeUrl: string;
  };
  /** A shopper sent (or edited) a review through their order's link; `held`: why it waits for the merchant. */
  "review.submitted": {
    reviewId: string;
    lineItemGid: string | null;
    productGid: string | null;
    productTitle: string;
    rating: number;
    verified: boolean;
    edited: boolean;
    held: string | null;
  };
  /** A review went live (the reviews capability emits it; loyalty awards points for it). */
  "review.published": { reviewId: string; productGid: string | null; rating: number; productTitle?: string; actor?: string | null };
  "review.unpublished": { reviewId: string; productGid: string | null; productTitle: string; actor: string | null };
  /** Rejected for a policy reason (never the rating). */
  "review.rejected": { reviewId: string; productGid: string | null; productTitle: string; reason: string; actor: string | null };
  /** The merchant's public reply was saved (`removed`: taken down). */
  "review.replied": { reviewId: string; productTitle: string; removed: boolean; actor: string | null };
  /** "Not arrived yet": the order's review request waits until `until`. */
  "review.request_postponed": { until: string };
}

/** An event to append. `key` is unique per shop: build it from the Shopify resource GID and the action. */
export type NewEvent = {
  [T in EventType]: {
    type: T;
    key: string;
    orderGid?: string | null;
    customerGid?: string | null;
    occurredAt: Date;
    detail: EventDetails[T];
  };
}[EventType];

/** An event as stored in the log. */
export interface StoredEvent {
  id: string;
  shop: string;
  key: string;
  type: EventType;
  orderGid: string | null;
  customerGid: string | null;
  occurredAt: Date;
  history: boolean;
  source: EventSource;
  detail: Record<string, unknown>;
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
