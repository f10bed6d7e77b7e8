import fs from "node:fs";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { oracle, oracleFile, reportOracleAbsence } from "../../support/oracle";
import { compareWithShopifyAdmin, splitAdminSdl, validateAgainstShopifyAdmin } from "../../support/shopify/admin/oracle-schema";
import type { ChangeEvent, WebhookTopic } from "../../support/shopify/admin";
import { ALL_CUSTOMERS_QUERY, CUSTOMERS_QUERY, ORDERS_QUERY } from "./app-bulk-queries";
import { SHOP, storeWithOrder } from "./factories";
import { runScenario } from "./scenario";

/** Keys Shopify really sends that its 2025-01 documentation samples happen to omit (none at present). */
const DOCUMENTED_EXTRAS = new Set<string>();

/**
 * The oracle has no bulk_operations/finish or customers_email_marketing_consent/update sample; bulk-operations.test.ts
 * and messaging.test.ts check those payloads against Shopify's documented ones.
 */
type ReturnsTopic = "returns/close" | "returns/reopen" | "returns/cancel" | "reverse_deliveries/attach_deliverable";
const SAMPLE_FOR_TOPIC: Record<
  Exclude<WebhookTopic, "bulk_operations/finish" | "customers_email_marketing_consent/update" | ReturnsTopic>,
  string
> = {
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

/**
 * Topics of the returns scenario below (Shopify publishes no returns/reopen sample; its payload is the
 * returns/close one with another status). returns/approve and refunds/create are checked again here with
 * exchange lines, a return shipping fee and a refund partly to store credit.
 */
const RETURNS_SAMPLE_FOR_TOPIC: Record<ReturnsTopic | "returns/approve" | "refunds/create", string> = {
  "returns/approve": "returns_approve.json",
  "refunds/create": "refunds_create.json",
  "returns/close": "returns_close.json",
  "returns/reopen": "returns_close.json",
  "returns/cancel": "returns_cancel.json",
  "reverse_deliveries/attach_deliverable": "reverse_deliveries_attach_deliverable.json",
};

/** A return the app creates, labels, processes (refund to the payment and to store credit), closes and reopens; and one cancelled. */
function runReturnsScenario() {
  const events: ChangeEvent[] = [];
  const { store, product, order } = storeWithOrder();
  const fulfillment = store.fulfill(SHOP, order.id);
  store.on("change", (event: ChangeEvent) => events.push(event));
  const ret = store.createReturn(SHOP, {
    orderId: order.id,
    returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[0].id, quantity: 1, returnReason: "SIZE_TOO_SMALL" }],
    exchangeLineItems: [{ variantId: product.variantIds[1], quantity: 1 }],
    returnShippingFee: { amount: { amount: "12.00", currencyCode: "PLN" } },
  });
  const rfo = ret.details!.reverseFulfillmentOrders[0];
  store.createReverseDelivery(SHOP, {
    reverseFulfillmentOrderId: rfo.id,
    reverseDeliveryLineItems: [{ reverseFulfillmentOrderLineItemId: rfo.lineItems[0].id, quantity: 1 }],
    trackingInput: { number: "RET-1", url: "https://inpost.pl/t/RET-1" },
    labelInput: { fileUrl: "https://labels.example.com/RET-1.pdf" },
  });
  store.processReturn(SHOP, {
    returnId: ret.id,
    returnLineItems: [
      {
        id: ret.lineItems[0].id,
        quantity: 1,
        dispositions: [
          {
            reverseFulfillmentOrderLineItemId: rfo.lineItems[0].id,
            quantity: 1,
            dispositionType: "RESTOCKED",
            locationId: store.locationsOf(SHOP)[0].id,
          },
        ],
      },
    ],
    exchangeLineItems: [{ id: ret.details!.exchangeLineItems[0].id, quantity: 1 }],
    financialTransfer: {
      issueRefund: {
        orderTransactions: [
          { parentId: store.transactionsOf(SHOP, order.id)[0].id, transactionAmount: { amount: "100.00", currencyCode: "PLN" } },
        ],
        refundMethods: [{ storeCreditRefund: { amount: { amount: "99.00", currencyCode: "PLN" } } }],
      },
    },
  });
  store.closeReturn(SHOP, ret.id);
  store.reopenReturn(SHOP, ret.id);
  const other = store.createReturn(SHOP, {
    orderId: order.id,
    returnLineItems: [{ fulfillmentLineItemId: fulfillment.lineItems[1].id, quantity: 1, returnReason: "UNWANTED" }],
  });
  store.cancelReturn(SHOP, other.id);
  return (topic: string) => events.find((e) => e.topic === topic);
}

/** Each definition below the VERSION EXTENSIONS marker, named ("Mutation.returnProcess", "@idempotent"), with the comment above it. */
function extensionDeclarations(): { name: string; comment: string }[] {
  const { extensions } = splitAdminSdl();
  return parse(extensions).definitions.flatMap((definition) => {
    if (!("name" in definition) || !definition.name || !definition.loc) return [];
    const above = extensions.slice(0, definition.loc.start).split("\n");
    above.pop();
    const comment: string[] = [];
    while (above.length > 0 && above[above.length - 1].startsWith("#")) comment.unshift(above.pop()!);
    const base = definition.kind === "DirectiveDefinition" ? `@${definition.name.value}` : definition.name.value;
    const fields = definition.kind === "ObjectTypeExtension" && definition.name.value === "Mutation" ? (definition.fields ?? []) : [];
    const names = fields.length > 0 ? fields.map((f) => `${base}.${f.name.value}`) : [base];
    return names.map((name) => ({ name, comment: comment.join("\n") }));
  });
}

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

  it.each(Object.entries(RETURNS_SAMPLE_FOR_TOPIC))(
    "builds %s payloads of the returns flow shaped like Shopify's sample",
    (topic, file) => {
      const event = runReturnsScenario()(topic);
      expect(event, `no ${topic} event in the returns scenario`).toBeDefined();
      const sample = JSON.parse(fs.readFileSync(oracleFile("webhooks", file), "utf8"));
      expect(shapeDifferences(JSON.parse(event!.body), sample, topic)).toEqual([]);
    },
  );

  it("lists what the double serves beyond 2025-01, each with the version that added it and the shopify.dev page it follows", () => {
    const declarations = extensionDeclarations();
    expect(declarations.map((d) => d.name)).toEqual([
      "Customer",
      "DiscountContextInput",
      "DiscountBuyerSelection",
      "DiscountCodeBasicInput",
      "DiscountCodeFreeShippingInput",
      "Mutation.bulkOperationRunQuery",
      "@idempotent",
      "Mutation.returnProcess",
      "ReturnProcessInput",
      "ReturnProcessReturnLineItemInput",
      "ReturnProcessExchangeLineItemInput",
      "ReturnProcessFinancialTransferInput",
      "ReturnProcessRefundInput",
      "RefundMethodInput",
      "StoreCreditRefundInput",
      "ReturnProcessPayload",
    ]);
    const undocumented = declarations
      .filter((d) => !/\b20\d\d-(01|04|07|10)\b/.test(d.comment) || !/https:\/\/shopify\.dev\/\S+/.test(d.comment))
      .map((d) => d.name);
    expect(undocumented).toEqual([]);
  });

  it("validates the app's Returns API documents, with @idempotent keys, against the real schema plus the version extensions", () => {
    expect(
      validateAgainstShopifyAdmin([
        `mutation($input: ReturnProcessInput!, $key: String!) { returnProcess(input: $input) @idempotent(key: $key) { return { id status } userErrors { field message code } } }`,
        `mutation($id: ID!, $input: StoreCreditAccountCreditInput!, $key: String!) { storeCreditAccountCredit(id: $id, creditInput: $input) @idempotent(key: $key) { storeCreditAccountTransaction { id } userErrors { code } } }`,
        `mutation($input: ReturnInput!) { returnCreate(returnInput: $input) { return { id exchangeLineItems(first: 5) { nodes { id lineItem { id } } } } userErrors { code } } }`,
        `mutation($id: ID!) { returnClose(id: $id) { return { status } userErrors { code } } }`,
      ]),
    ).toEqual([]);
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
