// Keeps the local customer record (contact, locale, marketing consent) current from
// customers/create|update webhooks, newer-wins in one statement. Consent decides later whether
// marketing email may be sent.
import { z } from "zod";
import { writeIfNewer } from "~/platform/atomic-writes.server";
import type { WebhookContext } from "~/webhooks/handler";
import { gidField, isoDate, numericId, requireGid, text } from "~/webhooks/payload-fields";

const customerPayload = z.object({
  id: numericId.nullish(),
  admin_graphql_api_id: gidField.nullish(),
  email: text.nullish(),
  first_name: text.nullish(),
  last_name: text.nullish(),
  locale: text.nullish(),
  created_at: isoDate.nullish(),
  updated_at: isoDate.nullish(),
  email_marketing_consent: z.object({ state: text.nullish(), consent_updated_at: isoDate.nullish() }).nullish(),
});

export async function onCustomerWebhook({ db, shop, topic, payload, receivedAt, clock }: WebhookContext) {
  const p = customerPayload.parse(payload);
  const customerGid = requireGid("Customer", p.admin_graphql_api_id, p.id, topic);
  const consent = p.email_marketing_consent;
  const updatedAt = p.updated_at ?? p.created_at ?? receivedAt;
  const update = {
    email: p.email ?? null,
    firstName: p.first_name ?? null,
    lastName: p.last_name ?? null,
    locale: p.locale ?? null,
    marketingState: consent?.state ? consent.state.toUpperCase() : null,
    marketingUpdated: consent?.consent_updated_at ?? null,
  };
  await writeIfNewer(
    db,
    {
      table: "Customer",
      conflict: ["shop", "customerGid"],
      version: "shopifyUpdatedAt",
      insert: { shop, customerGid, ...update, shopifyUpdatedAt: updatedAt },
      update,
    },
    clock.now(),
  );
}
