// App Proxy endpoint (storefront → /apps/aftercare/api/orders): the logged-in shopper's recent
// orders and deliveries. Shopify signs the request; the customer id comes only from that signature.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { recentOrdersForCustomer } from "~/orders/customer-orders.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const query = z.object({ limit: z.coerce.number().int().min(1).max(20).default(5) });

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop")!;
  const customerId = url.searchParams.get("logged_in_customer_id");
  const headers = { "cache-control": "private, no-store" };
  if (!customerId) {
    return Response.json({ error: "LOGIN_REQUIRED", message: "Sign in to see your orders." }, { status: 401, headers });
  }
  const parsed = query.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) {
    return Response.json({ error: "BAD_REQUEST", message: "limit must be a whole number from 1 to 20" }, { status: 400, headers });
  }
  const rt = await runtime();
  const orders = await recentOrdersForCustomer(rt.db, shop, `gid://shopify/Customer/${customerId}`, parsed.data.limit);
  return Response.json({ orders }, { headers });
}
