// Keeps the local customer record (contact, locale, marketing consent) current from
// customers/create|update webhooks, newer-wins in one statement, and appends customer.created and
// customer.consent_changed to the event log; the consent topic updates consent alone. Consent decides later whether marketing email may be sent.
import { z } from "zod";
import { writeIfNewer } from "~/platform/atomic-writes.server";
import { orderedId } from "~/platform/ids";
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
  // Since 2025-01 Shopify sends consent only in customers_email_marketing_consent/update: a payload
  // without it leaves the consent we hold alone (older versions and the history import carry it).
  const update = {
    email: p.email ?? null,
    firstName: p.first_name ?? null,
    lastName: p.last_name ?? null,
    locale: p.locale ?? null,
    ...(consent?.state ? { marketingState: consent.state.toUpperCase(), marketingUpdated: consent.consent_updated_at ?? null } : {}),
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
      detail: { marketingState: update.marketingState ?? null },
    });
  }
  // A change of consent we saw happen (not the state a customer was created with), once per change.
  const to = update.marketingState ?? null;
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

// customers_email_marketing_consent/update: only the consent, keyed by the numeric customer_id
// (the payload has no GID). Newer-wins on the consent's own time, so a late delivery of an older
// consent never undoes a newer one.
const consentPayload = z.object({
  customer_id: numericId.nullish(),
  email_address: text.nullish(),
  email_marketing_consent: z
    .object({ state: text.nullish(), opt_in_level: text.nullish(), consent_updated_at: isoDate.nullish() })
    .nullish(),
});

export async function onConsentWebhook({ db, events, shop, topic, payload, receivedAt, clock }: WebhookContext) {
  const p = consentPayload.parse(payload);
  const customerGid = requireGid("Customer", null, p.customer_id, topic);
  const state = p.email_marketing_consent?.state?.toUpperCase() ?? null;
  if (!state) return;
  const at = p.email_marketing_consent?.consent_updated_at ?? receivedAt;
  const sql = sqlOf(db);
  const [before] = await sql.all<{ marketingState: string | null }>(
    `SELECT "marketingState" FROM "Customer" WHERE "shop" = ? AND "customerGid" = ?`,
    [shop, customerGid],
  );
  const now = clock.now();
  // One statement whatever arrived first: a customer not yet known starts at the oldest version (so
  // customers/create still writes its details), a known one takes the consent if it is not older.
  const written = await sql.run(
    `INSERT INTO "Customer" ("id", "shop", "customerGid", "email", "marketingState", "marketingUpdated", "shopifyUpdatedAt", "createdAt", "updatedAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT ("shop", "customerGid") DO UPDATE SET "marketingState" = excluded."marketingState", "marketingUpdated" = excluded."marketingUpdated", "updatedAt" = excluded."updatedAt"
     WHERE "Customer"."marketingUpdated" IS NULL OR "Customer"."marketingUpdated" <= excluded."marketingUpdated"`,
    [orderedId(), shop, customerGid, p.email_address ?? null, state, at, new Date(0), now, now],
  );
  // A change we saw happen: not the first state we learn (a new customer's, or one whose consent came only from here).
  if (!written || !before?.marketingState || before.marketingState === state) return;
  await events.append(
    shop,
    [
      {
        type: "customer.consent_changed",
        key: `${customerGid}:consent:${state}:${at.toISOString()}`,
        customerGid,
        occurredAt: at,
        detail: { from: before.marketingState, to: state, consentUpdatedAt: at.toISOString() },
      },
    ],
    { source: "webhook" },
  );
}
