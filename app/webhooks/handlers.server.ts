// The topic → handler table: the one place that says what Aftercare does with each webhook.
import { onComplianceWebhook } from "~/privacy/compliance.server";
import { onCustomerWebhook, onConsentWebhook } from "~/customers/customer-sync.server";
import {
  onFulfillmentEventWebhook,
  onFulfillmentWebhook,
  onOrderWebhook,
  onRefundWebhook,
  onReturnWebhook,
} from "~/orders/projection.server";
import { onReverseDeliveryWebhook } from "~/returns/webhooks.server";
import { onAppUninstalled, onScopesUpdate } from "~/shops/shops.server";
import { onBulkOperationFinish } from "~/history/backfill.server";
import type { WebhookHandlers } from "./handler";
import type { WebhookTopic } from "./topics";

export const webhookHandlers: Record<WebhookTopic, WebhookHandlers[string]> = {
  "orders/create": onOrderWebhook,
  "orders/paid": onOrderWebhook,
  "orders/updated": onOrderWebhook,
  "orders/cancelled": onOrderWebhook,
  "fulfillments/create": onFulfillmentWebhook,
  "fulfillments/update": onFulfillmentWebhook,
  "fulfillment_events/create": onFulfillmentEventWebhook,
  "refunds/create": onRefundWebhook,
  "returns/request": onReturnWebhook,
  "returns/approve": onReturnWebhook,
  "returns/decline": onReturnWebhook,
  "returns/close": onReturnWebhook,
  "returns/cancel": onReturnWebhook,
  "returns/reopen": onReturnWebhook,
  "reverse_deliveries/attach_deliverable": onReverseDeliveryWebhook,
  "customers/create": onCustomerWebhook,
  "customers/update": onCustomerWebhook,
  "customers_email_marketing_consent/update": onConsentWebhook,
  "app/uninstalled": onAppUninstalled,
  "app/scopes_update": onScopesUpdate,
  "bulk_operations/finish": onBulkOperationFinish,
  "customers/data_request": onComplianceWebhook,
  "customers/redact": onComplianceWebhook,
  "shop/redact": onComplianceWebhook,
};
