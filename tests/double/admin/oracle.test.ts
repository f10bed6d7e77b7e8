import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { oracle, oracleFile, reportOracleAbsence } from "../../support/oracle";
import { compareWithShopifyAdmin, validateAgainstShopifyAdmin } from "../../support/shopify/admin/oracle-schema";
import type { WebhookTopic } from "../../support/shopify/admin";
import { ALL_CUSTOMERS_QUERY, CUSTOMERS_QUERY, ORDERS_QUERY } from "./app-bulk-queries";
import { runScenario } from "./scenario";

/** Keys Shopify really sends that its 2025-01 documentation samples happen to omit (none at present). */
const DOCUMENTED_EXTRAS = new Set<string>();

/**
 * The oracle has no bulk_operations/finish or customers_email_marketing_consent/update sample; bulk-operations.test.ts
 * and messaging.test.ts check those payloads against Shopify's documented ones.
 */
const SAMPLE_FOR_TOPIC: Record<Exclude<WebhookTopic, "bulk_operations/finish" | "customers_email_marketing_consent/update">, string> = {
  "orders/create": "orders_create.json",
  "orders/paid": "orders_paid.json",
  "orders/updated": "orders_updated.json",
  "orders/cancelled": "orders_create.json",
  "fulfillments/create": "fulfillments_create.json",
  "fulfillments/update": "fulfillments_update.json",
  "fulfillment_events/create": "fulfillment_events_create.json",
  "refunds/create": "refunds_create.json",
  "returns/request": "returns_request.json",
  "returns/approve": "returns_approve.json",
  "returns/decline": "returns_decline.json",
  "customers/create": "customers_create.json",
  "customers/update": "customers_update.json",
  "app/uninstalled": "app_uninstalled.json",
};

const kind = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);

/** Differences in keys and JSON value types; null on either side is compatible with any type. */
function shapeDifferences(ours: unknown, theirs: unknown, at: string): string[] {
  if (ours === null || theirs === null) return [];
  if (kind(ours) !== kind(theirs)) return [`${at}: ${kind(ours)} instead of ${kind(theirs)}`];
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    return ours.length > 0 && theirs.length > 0 ? shapeDifferences(ours[0], theirs[0], `${at}[0]`) : [];
  }
  if (kind(ours) !== "object") return [];
  const mine = ours as Record<string, unknown>;
  const sample = theirs as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(sample)) if (!(key in mine)) problems.push(`${at}.${key}: missing`);
  for (const key of Object.keys(mine))
    if (!(key in sample) && !DOCUMENTED_EXTRAS.has(key)) problems.push(`${at}.${key}: not in Shopify's sample`);
  for (const key of Object.keys(sample)) if (key in mine) problems.push(...shapeDifferences(mine[key], sample[key], `${at}.${key}`));
  return problems;
}

describe("Admin double conforms to Shopify's published API", () => {
  reportOracleAbsence();
  if (!oracle) return;

  it("declares only types, fields and arguments that Shopify's 2025-01 schema has, with the same types", () => {
    expect(compareWithShopifyAdmin()).toEqual([]);
  });

  it("notices a field that Shopify does not have", () => {
    const sdl = `type QueryRoot { shop: Shop! }\ntype Shop { name: String! loyaltyTier: String }`;
    expect(compareWithShopifyAdmin(sdl)).toEqual(["Shop.loyaltyTier does not exist"]);
  });

  it("lets the extensions re-declare a 2025-01 field only to add optional arguments", () => {
    const base = `type QueryRoot { shop: Shop! }\ntype Shop { name: String! }\n# ═══ VERSION EXTENSIONS\n`;
    const redeclared = (field: string) => `${base}extend type Mutation { ${field} }`;
    expect(
      compareWithShopifyAdmin(
        redeclared("bulkOperationRunQuery(query: String!, groupObjects: Boolean! = false): BulkOperationRunQueryPayload"),
      ),
    ).toEqual([]);
    expect(
      compareWithShopifyAdmin(redeclared("bulkOperationRunQuery(query: String!, groupObjects: Boolean!): BulkOperationRunQueryPayload")),
    ).toEqual(["re-declared Mutation.bulkOperationRunQuery adds required argument groupObjects"]);
    expect(compareWithShopifyAdmin(redeclared("bulkOperationRunQuery(groupObjects: Boolean): BulkOperation"))).toEqual([
      "re-declared Mutation.bulkOperationRunQuery is BulkOperation, not BulkOperationRunQueryPayload",
      "re-declared Mutation.bulkOperationRunQuery drops argument query",
    ]);
  });

  it.each(Object.entries(SAMPLE_FOR_TOPIC))("builds %s payloads shaped like Shopify's sample", (topic, file) => {
    const { last } = runScenario();
    const event = last(topic as WebhookTopic);
    expect(event, `no ${topic} event in the scenario`).toBeDefined();
    const sample = JSON.parse(fs.readFileSync(oracleFile("webhooks", file), "utf8"));
    expect(shapeDifferences(JSON.parse(event!.body), sample, topic)).toEqual([]);
  });

  it("validates app documents against the real schema plus the version extensions", () => {
    const ok = validateAgainstShopifyAdmin([
      `query { shop { name ianaTimezone currencyCode primaryDomain { url } } }`,
      `query($id: ID!) { customer(id: $id) { defaultEmailAddress { emailAddress marketingState } numberOfOrders } }`,
      `mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { field message } } }`,
    ]);
    expect(ok).toEqual([]);
    expect(
      validateAgainstShopifyAdmin([
        CUSTOMERS_QUERY,
        ALL_CUSTOMERS_QUERY,
        ORDERS_QUERY,
        `mutation($q: String!) { bulkOperationRunQuery(query: $q, groupObjects: false) { bulkOperation { id status url } userErrors { code field message } } }`,
        `query($id: ID!) { node(id: $id) { ... on BulkOperation { status objectCount rootObjectCount fileSize url partialDataUrl errorCode } } }`,
        `{ currentBulkOperation(type: QUERY) { id status } }`,
        `mutation($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { status } userErrors { field message } } }`,
      ]),
    ).toEqual([]);
    const bad = validateAgainstShopifyAdmin([`query { shop { loyaltyTier } }`]);
    expect(bad).toEqual(['query { shop { loyaltyTier } }: Cannot query field "loyaltyTier" on type "Shop".']);
  });
});
