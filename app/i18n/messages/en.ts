// English admin copy. Keys are shared with pl.ts (the type makes a missing translation a compile error).
import { ordersEn } from "./orders.en";
import { historyEn } from "./history.en";
import { settingsEn } from "./settings.en";
import { messagingEn } from "./messaging.en";
import { emailEn } from "./email.en";
import { loyaltyEn } from "./loyalty.en";
import { loyaltyAdminEn } from "./loyalty-admin.en";
import { loyaltyHistoryEn } from "./loyalty-history.en";
import { reviewsEn } from "./reviews.en";
import { reviewsAdminEn } from "./reviews-admin.en";
import { returnsAdminEn } from "./returns-admin.en";
import { returnsEn } from "./returns.en";

export const en = {
  "app.title": "Aftercare",
  "nav.home": "Overview",
  "home.title": "Overview",
  "home.install.heading": "Connection",
  "home.install.state.installed": "Installed",
  "home.install.state.uninstalled": "Uninstalled",
  "home.install.installed": "Installed on {date}",
  "home.install.uninstalled": "Uninstalled on {date}",
  "home.install.unknown": "Installation is being recorded",
  "home.install.shop": "Store: {shop}",
  "home.install.timezone": "Time zone: {timezone}",
  "home.webhooks.heading": "Shopify events received",
  "home.webhooks.empty": "No events yet. Order, fulfillment and customer updates from Shopify appear here as soon as they arrive.",
  "home.webhooks.topic": "Topic",
  "home.webhooks.waiting": "Waiting",
  "home.webhooks.processed": "Processed",
  "home.webhooks.retrying": "Retrying",
  "home.webhooks.dead": "Gave up",
  "home.webhooks.skipped": "Skipped",
  "home.webhooks.total": "Total",
  "home.queue.heading": "Background work",
  "home.queue.driver.embedded": "Runs inside the app (database queue)",
  "home.queue.driver.bullmq": "Runs on workers (Redis queue)",
  "home.queue.queued": "Ready to run",
  "home.queue.delayed": "Scheduled",
  "home.queue.retrying": "Retrying",
  "home.queue.running": "Running",
  "home.queue.dead": "Gave up",
  "home.retrying.heading": "Being retried",
  "home.retrying.explain": "These failed and will be tried again automatically; nothing to do unless they give up.",
  "home.retrying.next": "next attempt {date}",
  "home.errors.heading": "Gave up",
  "home.errors.empty": "Nothing has given up. Aftercare retries automatically when Shopify or email is briefly unavailable.",
  "home.errors.retry": "Retry",
  "home.errors.attempts": { one: "{count} attempt", other: "{count} attempts" },
  "home.errors.retried": "Sent for another try.",
  "home.errors.notRetried": "Already sent for another try.",
  "home.errors.notFound": "This item no longer exists.",
  "home.errors.webhook": "Event {topic}",
  "home.errors.job": "Task {name}",
  "privacy.nav": "Privacy requests",
  "privacy.title": "Privacy requests",
  "privacy.subtitle":
    "Customers' requests for a copy of their data or for its erasure, forwarded by Shopify. Aftercare fulfils each one automatically.",
  "privacy.resource.one": "privacy request",
  "privacy.resource.other": "privacy requests",
  "privacy.empty.heading": "No privacy requests yet",
  "privacy.empty.body":
    "When a customer asks for a copy of their data, or for it to be erased, Shopify forwards the request and it appears here with its status.",
  "privacy.column.request": "Request",
  "privacy.column.customer": "Customer",
  "privacy.column.received": "Received",
  "privacy.column.status": "Status",
  "privacy.column.completed": "Completed",
  "privacy.column.export": "Data export",
  "privacy.topic.dataRequest": "Data request",
  "privacy.topic.customerRedact": "Customer data erasure",
  "privacy.topic.shopRedact": "Store data erasure",
  "privacy.customer": "Customer {id}",
  "privacy.customer.wholeShop": "All customers",
  "privacy.status.received": "In progress",
  "privacy.status.completed": "Completed",
  "privacy.status.failed": "Failed",
  "privacy.export.download": "Download",
  "privacy.export.pending": "Being prepared",
  "privacy.export.erased": "Deleted with the customer's data",
  "privacy.export.failed": "The export could not be downloaded. Reload the page and try again.",
  "privacy.retry": "Retry",
  "privacy.retry.failed": "This request is no longer waiting for a retry.",
  ...ordersEn,
  ...historyEn,
  ...settingsEn,
  ...messagingEn,
  ...emailEn,
  ...loyaltyEn,
  ...loyaltyAdminEn,
  ...loyaltyHistoryEn,
  ...reviewsEn,
  ...reviewsAdminEn,
  ...returnsAdminEn,
  ...returnsEn,
} as const;

export type MessageKey = keyof typeof en;
export type Message = string | { one?: string; few?: string; many?: string; other: string };
