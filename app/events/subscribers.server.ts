// The event → subscribers table: the one place that says which capability reacts to which
// after-sales event. Capabilities add their handlers here as they arrive (loyalty on order.paid,
// messaging on order.delivered, …); none of them calls another directly.
import { scheduleDeliveryFallback } from "~/orders/delivery-fallback.server";
import type { SubscriberTable } from "./subscriber";

export const subscribers: SubscriberTable = {
  "order.fulfilled": [scheduleDeliveryFallback],
};
