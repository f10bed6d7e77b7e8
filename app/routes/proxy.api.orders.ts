// App Proxy endpoint (storefront → /apps/aftercare/api/orders): the logged-in shopper's recent
// orders and deliveries. Shopify signs the request; the customer id comes only from that signature.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recentOrdersForCustomer } from "~/orders/customer-orders.server";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { runtime } from "~/runtime.server";

const query = z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, customerId } = await authenticateAppProxy(request);
  if (!customerId) return proxyError(401, "LOGIN_REQUIRED", "Sign in to see your orders.");
  const url = new URL(request.url);
  const parsed = query.safeParse({ limit: url.searchParams.get("limit") ?? undefined });
  if (!parsed.success) return proxyError(400, "BAD_REQUEST", "limit must be a whole number from 1 to 20");
  const rt = await runtime();
  const orders = await recentOrdersForCustomer(rt.db, shop, `gid://shopify/Customer/${customerId}`, parsed.data.limit);
  return Response.json({ orders }, { headers: { "cache-control": "private, no-store" } });
}
