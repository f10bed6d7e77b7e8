// The messaging engine's vocabulary: flows, categories, statuses, and the links an email carries.
// Pure types and constants, shared by the engine, the templates and the admin pages.
import type { Locale } from "~/i18n/locale";

export const FLOWS = [
  "delivery_follow_up",
  "cross_sell",
  "review_request",
  "review_reminder",
  "points_expiry_warning",
  "points_last_chance",
  "return_requested",
  "return_approved",
  "return_declined",
  "return_label_added",
  "return_received",
  "return_processed",
  "return_closed",
] as const;
export type Flow = (typeof FLOWS)[number];

/**
 * What starts a flow: an order's delivery, the order's review request having gone without a review
 * (its reminders), the loyalty program's reminder that points will expire, or a return's status change.
 */
export type FlowTrigger = "delivery" | "review_request" | "points_expiring" | "return";

export const FLOW_TRIGGER: Record<Flow, FlowTrigger> = {
  delivery_follow_up: "delivery",
  cross_sell: "delivery",
  review_request: "delivery",
  review_reminder: "review_request",
  points_expiry_warning: "points_expiring",
  points_last_chance: "points_expiring",
  return_requested: "return",
  return_approved: "return",
  return_declined: "return",
  return_label_added: "return",
  return_received: "return",
  return_processed: "return",
  return_closed: "return",
};

/** Transactional mail needs no consent; marketing needs SUBSCRIBED and carries one-click unsubscribe. */
export type Category = "transactional" | "marketing";

export const FLOW_CATEGORY: Record<Flow, Category> = {
  delivery_follow_up: "transactional",
  cross_sell: "marketing",
  // Asking for a review is marketing (Shopify and the ePrivacy rules treat it so): consent needed.
  review_request: "marketing",
  review_reminder: "marketing",
  // About the customer's own account (what they hold and when it lapses), like an order update.
  points_expiry_warning: "transactional",
  points_last_chance: "transactional",
  // A return's status updates: about the customer's own return, as an order update is.
  return_requested: "transactional",
  return_approved: "transactional",
  return_declined: "transactional",
  return_label_added: "transactional",
  return_received: "transactional",
  return_processed: "transactional",
  return_closed: "transactional",
};

/**
 * Default delay after the triggering event (order.delivered), in minutes; the points reminders go
 * when the program says, a return's updates at once.
 */
export const FLOW_DEFAULT_DELAY_MINUTES: Record<Flow, number> = {
  delivery_follow_up: 24 * 60,
  cross_sell: 14 * 24 * 60,
  // Shop app: 7 days after delivery; asking before the parcel has been used invites poor ratings.
  review_request: 7 * 24 * 60,
  // After the request (or the previous reminder) went without a review.
  review_reminder: 5 * 24 * 60,
  points_expiry_warning: 0,
  points_last_chance: 0,
  return_requested: 0,
  return_approved: 0,
  return_declined: 0,
  return_label_added: 0,
  return_received: 0,
  return_processed: 0,
  return_closed: 0,
};

/**
 * Flows whose email answers something the shopper or the merchant just did (a return's status
 * change): sent as soon as planned, outside the send window too, and with no delay to edit.
 */
export function sendsAtOnce(flow: Flow): boolean {
  return FLOW_TRIGGER[flow] === "return";
}

/**
 * planned → queued (claimed; its send job is enqueued) → sending (SMTP transaction open) → sent;
 * or cancelled / suppressed / failed with a reason; stuck: a crash left it in sending (a decision is needed).
 */
export const MESSAGE_STATUSES = ["planned", "queued", "sending", "sent", "cancelled", "suppressed", "failed", "stuck"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Why a message did not go (or not yet): shown to the merchant, translated by `messaging.reason.*`. */
export const MESSAGE_REASONS = [
  "order_refunded",
  "order_cancelled",
  "unsubscribed",
  "no_consent",
  "no_email",
  "frequency_cap",
  "postponed_cap",
  "dry_run",
  "flow_disabled",
  "merchant_cancelled",
  "interrupted",
  "rejected",
  "no_products",
  "shop_uninstalled",
  "gave_up",
  "redacted",
  "no_points",
  "reviewed",
  "review_cap",
  "order_returned",
  "postponed",
  "no_return",
] as const;
export type MessageReason = (typeof MESSAGE_REASONS)[number];

export type { Locale };

/** The merchant-editable words of one flow's email in one locale; may contain {{variables}}. */
export interface TemplateCopy {
  subject: string;
  heading: string;
  body: string;
}

/** Variables a template may use, with an example value for previews. */
export const TEMPLATE_VARIABLES = ["first_name", "order_name", "shop_name"] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
