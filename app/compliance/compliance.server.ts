// GDPR/CCPA compliance webhooks (customers/data_request, customers/redact, shop/redact). Each
// request is recorded once, so the merchant can see it; export and redaction run from these rows.
import type { WebhookContext } from "~/webhooks/handler";

export async function onComplianceWebhook({ db, shop, topic, webhookId, payload }: WebhookContext) {
  const customer = (payload as { customer?: { id?: unknown } }).customer;
  await db.complianceRequest.upsert({
    where: { webhookId },
    create: {
      shop,
      topic,
      webhookId,
      customerGid: customer?.id != null ? `gid://shopify/Customer/${String(customer.id)}` : null,
      payload: JSON.stringify(payload),
    },
    update: {},
  });
}
