// Keeps the local customer record (contact, locale, marketing consent) current from
// customers/create|update webhooks, newer-wins in one statement, and appends customer.created and
// customer.consent_changed to the event log. Consent decides later whether marketing email may be sent.
import { z } from "zod";
import { writeIfNewer } from "~/platform/atomic-writes.server";
import { sqlOf } from "~/platform/sql.server";
import type { NewEvent } from "~/events/types";
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

export async function onCustomerWebhook({ db, events, shop, topic, payload, receivedAt, clock }: WebhookContext) {
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
    shopifyCreatedAt: p.created_at ?? null,
  };
  const [before] = await sqlOf(db).all<{ marketingState: string | null }>(
    `SELECT "marketingState" FROM "Customer" WHERE "shop" = ? AND "customerGid" = ?`,
    [shop, customerGid],
  );
  const written = await writeIfNewer(
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
  const happened: NewEvent[] = [];
  if (topic === "customers/create" || !before) {
    happened.push({
      type: "customer.created",
      key: `${customerGid}:customer.created`,
      customerGid,
      occurredAt: p.created_at ?? updatedAt,
      detail: { marketingState: update.marketingState },
    });
  }
  // A change of consent we saw happen (not the state a customer was created with), once per change.
  const to = update.marketingState;
  if (written && before && to && before.marketingState !== to) {
    happened.push({
      type: "customer.consent_changed",
      key: `${customerGid}:consent:${to}:${(update.marketingUpdated ?? updatedAt).toISOString()}`,
      customerGid,
      occurredAt: update.marketingUpdated ?? updatedAt,
      detail: { from: before.marketingState, to, consentUpdatedAt: update.marketingUpdated?.toISOString() ?? null },
    });
  }
  await events.append(shop, happened, { source: "webhook" });
}
