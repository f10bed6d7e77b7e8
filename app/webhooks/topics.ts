// The webhook topics Aftercare subscribes to (shopify.app.toml must declare exactly these).
export const subscribedTopics = [
  "orders/create",
  "orders/paid",
  "orders/updated",
  "orders/cancelled",
  "fulfillments/create",
  "fulfillments/update",
  "fulfillment_events/create",
  "refunds/create",
  "returns/request",
  "returns/approve",
  "returns/decline",
  "returns/close",
  "returns/cancel",
  "returns/reopen",
  "reverse_deliveries/attach_deliverable",
  "customers/create",
  "customers/update",
  "customers_email_marketing_consent/update",
  "app/uninstalled",
  "app/scopes_update",
  "bulk_operations/finish",
] as const;

export const complianceTopics = ["customers/data_request", "customers/redact", "shop/redact"] as const;

export type WebhookTopic = (typeof subscribedTopics)[number] | (typeof complianceTopics)[number];

/** Topics processed even after the shop uninstalled (they are about the uninstall or its data). */
export const topicsAfterUninstall: ReadonlySet<string> = new Set(["app/uninstalled", ...complianceTopics]);

/** A shop's permanent domain; Shopify's own limit keeps it well under 255 characters. */
export const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,99}\.myshopify\.com$/;
