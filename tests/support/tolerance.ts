// Shared by the tolerant-payload suites: sample payloads per topic (from the Shopify double's own
// life of an order, or Shopify's documented examples) and the variants with one field null or gone.
import fs from "node:fs";
import { expect } from "vitest";
import { parseShopifyJson } from "~/webhooks/shopify-json";
import { complianceTopics, subscribedTopics } from "~/webhooks/topics";
import type { Harness } from "./app-harness";
import { oracle, oracleFile } from "./oracle";
import { AdminStore, serializePayload } from "./shopify/admin";

export const SHOP = "anna-ceramics.myshopify.com";

/** Privacy requests act on the whole shop (shop/redact deletes everything), so each topic gets a shop of its own. */
export function shopFor(topic: string): string {
  return (complianceTopics as readonly string[]).includes(topic) ? `${topic.replace(/[/_]/g, "-")}-tolerance.myshopify.com` : SHOP;
}
type Json = Record<string, unknown>;
type Path = (string | number)[];

export interface Samples {
  /** Every webhook of the scenario, in order: sent first so that the resources exist. */
  life: { topic: string; payload: Json }[];
  /** One payload per topic, the one whose variants are sent. */
  byTopic: Map<string, Json>;
}

const handWritten: Record<string, Json> = {
  "app/scopes_update": {
    id: 1,
    previous: ["read_orders"],
    current: ["read_orders", "write_orders"],
    updated_at: "2026-11-01T10:00:00.000Z",
  },
  "customers/data_request": {
    shop_id: 1,
    shop_domain: SHOP,
    customer: { id: 7001, email: "ola@example.pl", phone: "+48500100200" },
    orders_requested: [1, 2],
    data_request: { id: 9 },
  },
  "customers/redact": {
    shop_id: 1,
    shop_domain: SHOP,
    customer: { id: 7001, email: "ola@example.pl", phone: "+48500100200" },
    orders_to_redact: [1, 2],
  },
  "shop/redact": { shop_id: 1, shop_domain: SHOP },
};

/** The double's webhooks from a short life of a few orders: bought, paid, shipped, delivered, returned, refunded, cancelled, declined. */
export function doubleSamples(): Samples {
  const store = new AdminStore();
  const life: Samples["life"] = [];
  store.on("change", (change: { topic: string; payload: Json }) => void life.push({ topic: change.topic, payload: change.payload }));
  store.upsertShop(SHOP, { name: "Anna Ceramics", ianaTimezone: "Europe/Warsaw", currencyCode: "PLN", country: "PL", locale: "pl" });
  const product = store.createProduct(SHOP, { title: "Kubek", variants: [{ title: "Default Title", price: "49.00", sku: "MUG-1" }] });
  const customer = store.createCustomer(SHOP, {
    email: "ola@example.pl",
    firstName: "Ola",
    lastName: "Nowak",
    locale: "pl",
    marketingState: "SUBSCRIBED",
  });
  store.updateCustomer(SHOP, customer.id, { lastName: "Kowalska" });
  const variant = product.variantIds[0];
  const order = store.createOrder(SHOP, {
    customerId: customer.id,
    lineItems: [{ variantId: variant, quantity: 2 }],
    financialStatus: "paid",
  });
  const fulfillment = store.fulfill(SHOP, order.id, { tracking: { company: "InPost", number: "6200", url: "https://inpost.pl/6200" } });
  store.markDelivered(SHOP, fulfillment.id);
  const ret = store.requestReturn(SHOP, order.id, [
    { fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1, returnReason: "SIZE_TOO_SMALL" },
  ]);
  store.approveReturn(SHOP, ret.id);
  store.refund(SHOP, order.id, { lineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1 }], returnId: ret.id });
  store.cancel(SHOP, store.createOrder(SHOP, { customerId: customer.id, lineItems: [{ variantId: variant, quantity: 1 }] }).id);
  const kept = store.createOrder(SHOP, {
    customerId: customer.id,
    lineItems: [{ variantId: variant, quantity: 1 }],
    financialStatus: "paid",
  });
  const shipped = store.fulfill(SHOP, kept.id);
  const declined = store.requestReturn(SHOP, kept.id, [
    { fulfillmentLineItemId: shipped.lineItems[0].id, quantity: 1, returnReason: "OTHER" },
  ]);
  store.declineReturn(SHOP, declined.id, { reason: "FINAL_SALE" });

  const byTopic = new Map<string, Json>();
  for (const { topic, payload } of life) if (!byTopic.has(topic)) byTopic.set(topic, payload);
  // The double sends these shapes for the other return topics too.
  const request = byTopic.get("returns/request")!;
  for (const topic of ["returns/close", "returns/cancel", "returns/reopen"]) byTopic.set(topic, request);
  for (const [topic, payload] of Object.entries(handWritten)) byTopic.set(topic, payload);
  return { life, byTopic };
}

/** Shopify's documented samples (file names use _ for /); empty when the oracle is absent. */
export function oracleSamples(): Samples {
  const byTopic = new Map<string, Json>();
  if (oracle) {
    // app/uninstalled would end the test shop's life: every later delivery skipped, as it should be.
    for (const topic of [...subscribedTopics, ...complianceTopics].filter((t) => t !== "app/uninstalled")) {
      const file = oracleFile("webhooks", `${topic.replace("/", "_")}.json`);
      if (fs.existsSync(file)) byTopic.set(topic, parseShopifyJson(fs.readFileSync(file, "utf8")) as Json);
    }
  }
  // A decline names only its return: the request comes first, as in life.
  const life = ["returns/request", ...byTopic.keys()].flatMap((topic) =>
    byTopic.has(topic) ? [{ topic, payload: byTopic.get(topic)! }] : [],
  );
  return { life, byTopic };
}

/** Every path in the payload (objects recursed, arrays through their first element). */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.length ? paths(value[0], [...prefix, 0]) : [];
  if (value && typeof value === "object")
    return Object.entries(value as Json).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

function mutate(payload: Json, path: Path, how: "null" | "remove"): Json {
  const copy = structuredClone(payload);
  let parent: unknown = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[step];
  const last = path[path.length - 1];
  if (how === "remove" && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (how === "remove") delete (parent as Json)[last as string];
  else (parent as Record<string | number, unknown>)[last] = null;
  return copy;
}

/** Without these a delivery cannot be placed on any order: it is skipped with a reason. */
const PLACES_IT: Record<string, string[]> = {
  fulfillments: ["order_id"],
  fulfillment_events: ["order_id"],
  refunds: ["order_id"],
  // The consent topic names its customer only by customer_id.
  customers_email_marketing_consent: ["customer_id"],
};

/**
 * Topics handled by the same handler share it: the first of each family gets every nested field
 * too; the others every top-level field. (Null and absent are the same to the schemas below the top.)
 */
function variants(byTopic: Map<string, Json>) {
  const out: { topic: string; label: string; body: string; skipExpected: boolean }[] = [];
  const seenFamily = new Set<string>();
  const topics = [...subscribedTopics, ...complianceTopics].filter((t) => t !== "app/uninstalled");
  for (const topic of topics) {
    const sample = byTopic.get(topic);
    if (!sample) continue;
    const family =
      topic.startsWith("customers/") && !["customers/create", "customers/update"].includes(topic) ? topic : topic.split("/")[0];
    const deep = !seenFamily.has(family);
    seenFamily.add(family);
    const placing = PLACES_IT[topic.split("/")[0]] ?? [];
    for (const path of paths(sample)) {
      if (path.length > 1 && !deep) continue;
      for (const how of path.length === 1 ? (["null", "remove"] as const) : (["null"] as const)) {
        out.push({
          topic,
          label: `${topic} ${path.join(".")}=${how}`,
          body: serializePayload(mutate(sample, path, how)),
          skipExpected: path.length === 1 && placing.includes(String(path[0])),
        });
      }
    }
  }
  return out;
}

/** Sends the samples' life, then every variant; returns the deliveries that did not end as expected. */
export async function exercise(h: Harness, samples: Samples): Promise<{ sent: number; wrong: string[] }> {
  for (const { topic, payload } of samples.life)
    expect((await h.sendWebhook(topic, shopFor(topic), serializePayload(payload))).status).toBe(200);
  await h.drain(60_000);
  const all = variants(samples.byTopic);
  const sent: { label: string; webhookId: string; skipExpected: boolean }[] = [];
  for (let i = 0; i < all.length; i += 50) {
    const batch = all.slice(i, i + 50);
    const answers = await Promise.all(batch.map((v) => h.sendWebhook(v.topic, shopFor(v.topic), v.body)));
    answers.forEach((r, k) => {
      expect(r.status, batch[k].label).toBe(200);
      sent.push({ label: batch[k].label, webhookId: r.webhookId, skipExpected: batch[k].skipExpected });
    });
  }
  await h.drain(120_000);
  const ids = sent.map((s) => s.webhookId);
  const rows = new Map((await h.runtime.db.webhookDelivery.findMany({ where: { webhookId: { in: ids } } })).map((d) => [d.webhookId, d]));
  // A shop/redact removes the shop's deliveries, its own included; the request it recorded stays.
  const recorded = new Set(
    (await h.runtime.db.complianceRequest.findMany({ where: { webhookId: { in: ids } }, select: { webhookId: true } })).map(
      (r) => r.webhookId,
    ),
  );
  const wrong = sent.flatMap((s) => {
    const d = rows.get(s.webhookId);
    if (!d) return recorded.has(s.webhookId) ? [] : [`${s.label}: gone, and no privacy request recorded`];
    const ok = s.skipExpected
      ? d.status === "skipped" && /has no (order_id|Customer id)/.test(d.lastError ?? "")
      : d.status === "processed";
    return ok ? [] : [`${s.label}: ${d.status} (${d.lastError})`];
  });
  return { sent: sent.length, wrong };
}
