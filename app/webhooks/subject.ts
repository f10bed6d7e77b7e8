// What a delivery is about — its order and customer — read leniently from any topic's payload.
// Recorded on the inbox row so that a replay appears on the right order's timeline and a privacy
// request finds every delivery about a customer. Never throws: a payload too broken to say is about nobody.
type Json = Record<string, unknown>;

export interface DeliverySubject {
  orderGid: string | null;
  customerGid: string | null;
}

const asObject = (v: unknown): Json | null => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : null);
const idText = (v: unknown) =>
  typeof v === "string" && /^\d{1,20}$/.test(v) ? v : typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? String(v) : null;

function gid(type: string, o: Json | null): string | null {
  if (!o) return null;
  const g = o.admin_graphql_api_id;
  if (typeof g === "string" && g.startsWith(`gid://shopify/${type}/`) && g.length <= 200) return g;
  const id = idText(o.id);
  return id ? `gid://shopify/${type}/${id}` : null;
}

function fromId(type: string, v: unknown): string | null {
  const id = idText(v);
  return id ? `gid://shopify/${type}/${id}` : null;
}

export function deliverySubject(topic: string, payload: unknown): DeliverySubject {
  const p = asObject(payload);
  const none = { orderGid: null, customerGid: null };
  if (!p) return none;
  const resource = topic.split("/")[0];
  switch (resource) {
    case "orders":
      return { orderGid: gid("Order", p), customerGid: gid("Customer", asObject(p.customer)) };
    case "fulfillments":
    case "fulfillment_events":
    case "refunds":
      return { orderGid: fromId("Order", p.order_id), customerGid: null };
    case "returns":
      return { orderGid: gid("Order", asObject(p.order)) ?? fromId("Order", p.order_id), customerGid: null };
    case "customers":
      return topic === "customers/create" || topic === "customers/update"
        ? { orderGid: null, customerGid: gid("Customer", p) }
        : { orderGid: null, customerGid: fromId("Customer", asObject(p.customer)?.id) };
    default:
      return none;
  }
}
