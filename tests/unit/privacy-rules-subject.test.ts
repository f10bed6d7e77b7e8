// The pure parts of fulfilling a privacy request: recognising a stored webhook payload as being about
// the customer (and only them), what a timeline entry keeps after redaction, what remains of a
// request's payload as its record, and how the export embeds stored JSON.
import { describe, expect, it } from "vitest";
import {
  customerRequestPayload,
  mentionsSubject,
  namesGid,
  requestRecord,
  requestedSubject,
  scrubEventDetail,
  withLinks,
  type DataSubject,
} from "~/privacy/data-subject";
import { rowJson } from "~/privacy/export.server";
import { parseShopifyJson } from "~/webhooks/shopify-json";

const LONG_ID = "7205759403792793901"; // beyond 2^53: must never pass through a double
const subject: DataSubject = withLinks(
  requestedSubject(
    "anna.myshopify.com",
    customerRequestPayload.parse(
      parseShopifyJson(
        `{"customer":{"id":${LONG_ID},"email":"Jan.Nowak@Example.com","phone":"+48 601 234 567"},"orders_to_redact":[4501]}`,
      ),
    ),
  ),
  { orderGids: ["gid://shopify/Order/4502"] },
);

describe("a data subject", () => {
  it("is named by the request's exact ids, its email in any case and its orders", () => {
    expect(subject.customerId).toBe(LONG_ID);
    expect(subject.customerGid).toBe(`gid://shopify/Customer/${LONG_ID}`);
    expect(subject.emails).toEqual(["Jan.Nowak@Example.com", "jan.nowak@example.com"]);
    expect(subject.orderGids).toEqual(["gid://shopify/Order/4501", "gid://shopify/Order/4502"]);
  });
});

describe("mentionsSubject", () => {
  it.each<[string, Record<string, unknown>, boolean, string]>([
    ["orders/create", { id: 4501, email: null }, true, "the order's own id"],
    ["orders/create", { id: 9999, email: "JAN.NOWAK@example.com" }, true, "their email in another case"],
    ["orders/create", { id: 9999, customer: { id: LONG_ID } }, true, "their customer id (exact, as a string)"],
    ["orders/create", { id: 9999, customer: { admin_graphql_api_id: `gid://shopify/Customer/${LONG_ID}` } }, true, "their customer GID"],
    ["orders/create", { id: 9999, shipping_address: { phone: "+48601234567" } }, true, "their phone written differently"],
    ["fulfillments/create", { id: 1, order_id: 4502 }, true, "an order linked to them"],
    ["refunds/create", { id: 1, order_id: "4502" }, true, "an order id sent as a string"],
    ["customers/update", { id: LONG_ID, email: null }, true, "their customer record"],
    ["customers/redact", { customer: { id: LONG_ID }, orders_to_redact: [] }, true, "their own privacy request"],
    ["orders/create", { id: 9999, email: "maria@example.com", customer: { id: 12 } }, false, "another customer's order"],
    ["orders/create", { id: 9999, line_items: [{ id: 4501 }] }, false, "a line item whose id equals their order's"],
    ["customers/update", { id: 4501 }, false, "a customer whose id equals their order's"],
    ["orders/create", { id: 9999, note: `ref ${LONG_ID}0` }, false, "a longer number containing their id"],
    ["orders/create", { id: 9999, total_price: "601234567" }, false, "digits that are only part of their phone number"],
  ])("%s %j → %s (%s)", (topic, payload, expected) => {
    expect(mentionsSubject(topic, payload, subject)).toBe(expected);
  });

  it("reads a payload nested far deeper than a recursive walk could", () => {
    const depth = 50_000;
    const deep = parseShopifyJson(`{"note_attributes":${"[".repeat(depth)}"jan.nowak@example.com"${"]".repeat(depth)}}`);
    expect(mentionsSubject("orders/create", deep, subject)).toBe(true);
    const other = parseShopifyJson(`{"x":${"[".repeat(depth)}1${"]".repeat(depth)}}`);
    expect(mentionsSubject("orders/create", other, subject)).toBe(false);
  });
});

describe("namesGid", () => {
  it.each([
    ["gid://shopify/Customer/12:welcome", true],
    ["review:gid://shopify/Customer/12", true],
    ["gid://shopify/Customer/123:welcome", false],
    ["gid://shopify/Customer/1", false],
  ])("%s names gid://shopify/Customer/12: %s", (text, expected) => {
    expect(namesGid(text, "gid://shopify/Customer/12")).toBe(expected);
  });
});

describe("scrubEventDetail", () => {
  it.each([
    [
      '{"amountMinor":4990,"currency":"PLN","note":"Refund for Jan Nowak","lineItems":[{"lineItemId":"1"}]}',
      '{"amountMinor":4990,"currency":"PLN"}',
    ],
    [
      '{"trackingCompany":"InPost","trackingNumbers":["6200001"],"trackingUrls":["https://inpost.pl/?n=6200001"]}',
      '{"trackingCompany":"InPost"}',
    ],
    [
      '{"message":"Delivered to Jan at ul. Długa 1","fulfillmentGid":"gid://shopify/Fulfillment/1"}',
      '{"fulfillmentGid":"gid://shopify/Fulfillment/1"}',
    ],
    ['{"status":{"nested":"Jan"}}', "{}"],
    ["not json", "{}"],
    ["[1,2]", "{}"],
  ])("%s → %s", (detail, expected) => {
    expect(scrubEventDetail(detail)).toBe(expected);
  });
});

describe("requestRecord", () => {
  it("keeps the request's ids exactly and drops the email and phone", () => {
    const raw = `{"shop_id":954889,"shop_domain":"anna.myshopify.com","customer":{"id":${LONG_ID},"email":"jan@example.com","phone":"555-625-1199"},"orders_to_redact":[9007199254740993,4501],"data_request":{"id":9999}}`;
    const record = requestRecord(parseShopifyJson(raw))!;
    expect(record).toBe(
      `{"shop_id":954889,"shop_domain":"anna.myshopify.com","customer":{"id":${LONG_ID}},"orders_to_redact":[9007199254740993,4501],"data_request":{"id":9999}}`,
    );
    expect(record).not.toMatch(/jan@|555/);
    expect(requestRecord(parseShopifyJson('{"shop_id":1,"shop_domain":"x.myshopify.com"}'))).toBeNull();
  });
});

describe("rowJson", () => {
  it("embeds JSON columns exactly as stored and writes dates, big integers and plain text safely", () => {
    const row = {
      payload: `{"id":${LONG_ID},"email":"jan@example.com"}`,
      detail: "not json at all",
      receivedAt: new Date("2026-11-26T10:00:00Z"),
      userId: 12345678901234567890n,
      note: 'quote " and newline\n',
    };
    const text = rowJson(row, ["payload", "detail"]);
    expect(text).toContain(`"payload":{"id":${LONG_ID},`);
    const parsed = parseShopifyJson(text) as Record<string, unknown>;
    expect(parsed).toEqual({
      payload: { id: LONG_ID, email: "jan@example.com" },
      detail: "not json at all",
      receivedAt: "2026-11-26T10:00:00.000Z",
      userId: "12345678901234567890",
      note: 'quote " and newline\n',
    });
  });
});
