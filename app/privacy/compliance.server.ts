// The three compliance webhooks (customers/data_request, customers/redact, shop/redact): each
// delivery is recorded once as a ComplianceRequest, with its payload exactly as Shopify sent it, so
// the merchant can see it; the work itself runs afterwards as a privacy job (privacy-job.server.ts).
import { z } from "zod";
import type { WebhookContext } from "~/webhooks/handler";
import { customerGidOf } from "./data-subject";
import { PRIVACY_JOB, privacyJobKey } from "./privacy-job.server";

const customerOf = z.object({
  customer: z.object({ id: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]) }),
});

export async function onComplianceWebhook({ db, shop, topic, webhookId, payload, rawPayload, receivedAt, jobs }: WebhookContext) {
  const customer = customerOf.safeParse(payload);
  await db.complianceRequest.upsert({
    where: { webhookId },
    create: {
      shop,
      topic,
      webhookId,
      customerGid: customer.success ? customerGidOf(String(customer.data.customer.id)) : null,
      // As received: re-serialising the parsed payload would lose nothing we need but could
      // overflow on a deeply nested body, and the record should be what Shopify sent.
      payload: rawPayload,
      receivedAt,
    },
    update: {},
  });
  // No `shop` in the options on purpose: jobs of a shop are cancelled when it uninstalls, and
  // compliance requests must still be fulfilled afterwards (shop/redact always comes after the
  // uninstall). The key makes a duplicate delivery or a re-run of this handler enqueue nothing.
  await jobs.enqueue(PRIVACY_JOB, { webhookId }, { key: privacyJobKey(webhookId) });
}
