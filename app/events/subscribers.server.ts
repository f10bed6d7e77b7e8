// The event → subscribers table: the one place that says which capability reacts to which
// after-sales event. Capabilities add their handlers here as they arrive (loyalty on order.paid,
// messaging on order.delivered, …); none of them calls another directly.
import { scheduleDeliveryFallback } from "~/orders/delivery-fallback.server";
import {
  cancelOnOrderCancelledSubscriber,
  cancelOnRefundSubscriber,
  dropReturnedItemsSubscriber,
  followConsentSubscriber,
  planAfterDeliverySubscriber,
} from "~/messaging/planner.server";
import { planPointsReminderSubscriber } from "~/messaging/points-reminders.server";
import { cancelReviewsOnReturnSubscriber, dropReviewedSubscriber, planReviewReminderSubscriber } from "~/messaging/review-requests.server";
import { planReturnUpdateSubscriber } from "~/messaging/return-updates.server";
import {
  earnOnPaidSubscriber,
  markRewardUsedSubscriber,
  reverseOnCancelSubscriber,
  reverseOnRefundSubscriber,
  reviewSubscriber,
  signupSubscriber,
} from "~/loyalty/subscribers.server";
import type { SubscriberTable } from "./subscriber";

export const subscribers: SubscriberTable = {
  "order.placed": [markRewardUsedSubscriber],
  "order.paid": [earnOnPaidSubscriber],
  "order.fulfilled": [scheduleDeliveryFallback],
  "order.delivered": [planAfterDeliverySubscriber],
  "order.refunded": [cancelOnRefundSubscriber, reverseOnRefundSubscriber],
  "order.cancelled": [cancelOnOrderCancelledSubscriber, reverseOnCancelSubscriber],
  "customer.created": [signupSubscriber],
  "customer.consent_changed": [followConsentSubscriber],
  "return.requested": [cancelReviewsOnReturnSubscriber, planReturnUpdateSubscriber],
  "return.approved": [dropReturnedItemsSubscriber, planReturnUpdateSubscriber],
  "return.declined": [planReturnUpdateSubscriber],
  "return.label_added": [planReturnUpdateSubscriber],
  "return.received": [planReturnUpdateSubscriber],
  "return.processed": [dropReturnedItemsSubscriber, planReturnUpdateSubscriber],
  "return.closed": [planReturnUpdateSubscriber],
  "message.sent": [planReviewReminderSubscriber],
  "review.submitted": [dropReviewedSubscriber],
  "review.published": [reviewSubscriber],
  "loyalty.points_expiring": [planPointsReminderSubscriber],
};
