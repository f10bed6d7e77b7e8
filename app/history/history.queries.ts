// The two bulk queries a history import runs: the shop's customers (with their email-marketing
// consent), then its orders since a date with their lines, fulfilments and refunds. Pure.
// Fulfilments and refunds are lists on an order (inline in its JSONL line); line items are a
// connection (lines of their own, pointing at the order with __parentId).

export type HistoryPhase = "customers" | "orders";

const searchDate = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");

export function historyQuery(phase: HistoryPhase, since: Date): string {
  if (phase === "customers") {
    return `{
  customers {
    edges { node {
      id email firstName lastName locale createdAt updatedAt
      emailMarketingConsent { marketingState consentUpdatedAt }
    } }
  }
}`;
  }
  return `{
  orders(query: "created_at:>='${searchDate(since)}'", sortKey: CREATED_AT) {
    edges { node {
      id name email createdAt processedAt updatedAt cancelledAt
      displayFinancialStatus displayFulfillmentStatus customerLocale currencyCode
      totalPriceSet { shopMoney { amount currencyCode } }
      subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
      totalShippingPriceSet { shopMoney { amount } } taxesIncluded discountCodes
      customer { id }
      fulfillments { id status displayStatus createdAt updatedAt deliveredAt trackingInfo { company number url } }
      refunds { id createdAt note totalRefundedSet { shopMoney { amount currencyCode } } }
      lineItems { edges { node {
        id title variantTitle sku quantity
        product { id } variant { id }
        originalUnitPriceSet { shopMoney { amount currencyCode } }
      } } }
    } }
  }
}`;
}
