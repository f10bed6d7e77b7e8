// Factories for webhook payloads in Shopify's REST shape (exact ids as strings → JSON numbers).
let seq = 5_000_000_000_000n;
export const nextId = () => (seq += 1n).toString();

export function orderPayload(over: Partial<Record<string, unknown>> & { id?: string } = {}) {
  const id = over.id ?? nextId();
  const now = new Date().toISOString();
  return {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${1000 + Number(id.slice(-3))}`,
    email: "anna@example.com",
    currency: "PLN",
    total_price: "249.90",
    financial_status: "paid",
    fulfillment_status: null,
    customer_locale: "pl",
    created_at: now,
    processed_at: now,
    cancelled_at: null,
    updated_at: now,
    customer: { id: 7001, admin_graphql_api_id: "gid://shopify/Customer/7001" },
    line_items: [
      {
        id: 9001,
        admin_graphql_api_id: `gid://shopify/LineItem/${id}1`,
        product_id: 632910392,
        variant_id: 808950810,
        title: "Linen apron",
        variant_title: "Olive",
        sku: "APRON-OL",
        quantity: 2,
        price: "124.95",
      },
    ],
    ...over,
  };
}

export function fulfillmentPayload(orderId: string, over: Partial<Record<string, unknown>> = {}) {
  const id = nextId();
  const now = new Date().toISOString();
  return {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Fulfillment/${id}`,
    order_id: orderId,
    status: "success",
    shipment_status: null,
    tracking_company: "InPost",
    tracking_numbers: ["620000000000000000000001"],
    tracking_urls: ["https://inpost.pl/sledzenie-przesylek?number=620000000000000000000001"],
    created_at: now,
    updated_at: now,
    ...over,
  };
}
