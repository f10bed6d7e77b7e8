// Keeps the local customer record (contact, locale, marketing consent) current from
// customers/create|update webhooks. Consent decides later whether marketing email may be sent.
import { z } from "zod";
import type { WebhookContext } from "~/webhooks/handler";

const customerPayload = z.object({
  admin_graphql_api_id: z.string().startsWith("gid://shopify/Customer/"),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  locale: z.string().nullish(),
  updated_at: z.string(),
  email_marketing_consent: z
    .object({ state: z.string().nullish(), consent_updated_at: z.string().nullish() })
    .nullish(),
});

export async function onCustomerWebhook({ db, shop, payload }: WebhookContext) {
  const p = customerPayload.parse(payload);
  const updatedAt = new Date(p.updated_at);
  const consent = p.email_marketing_consent;
  const data = {
    email: p.email ?? null,
    firstName: p.first_name ?? null,
    lastName: p.last_name ?? null,
    locale: p.locale ?? null,
    marketingState: consent?.state ? consent.state.toUpperCase() : null,
    marketingUpdated: consent?.consent_updated_at ? new Date(consent.consent_updated_at) : null,
    shopifyUpdatedAt: updatedAt,
  };
  const key = { shop_customerGid: { shop, customerGid: p.admin_graphql_api_id } };
  const existing = await db.customer.findUnique({ where: key, select: { shopifyUpdatedAt: true } });
  if (existing && existing.shopifyUpdatedAt > updatedAt) return;
  await db.customer.upsert({ where: key, create: { shop, customerGid: p.admin_graphql_api_id, ...data }, update: data });
}
