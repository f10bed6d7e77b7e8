// The event → subscribers table: the one place that says which capability reacts to which
// after-sales event. Capabilities add their handlers here as they arrive (loyalty on order.paid,
// messaging on order.delivered, …); none of them calls another directly.
import { scheduleDeliveryFallback } from "~/orders/delivery-fallback.server";
import {
  cancelOnOrderCancelledSubscriber,
  cancelOnRefundSubscriber,
  followConsentSubscriber,
  planAfterDeliverySubscriber,
} from "~/messaging/planner.server";
import type { SubscriberTable } from "./subscriber";

export const subscribers: SubscriberTable = {
  "order.fulfilled": [scheduleDeliveryFallback],
  "order.delivered": [planAfterDeliverySubscriber],
  "order.refunded": [cancelOnRefundSubscriber],
  "order.cancelled": [cancelOnOrderCancelledSubscriber],
  "customer.consent_changed": [followConsentSubscriber],
};
