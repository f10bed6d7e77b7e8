// App Proxy endpoint (GET /apps/aftercare/api/returns/orders): the signed-in shopper's orders to start a
// return from, each with the token that opens it (the customer comes only from Shopify's signature).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { returnDeps } from "~/returns/deps.server";
import { customerReturnOrders } from "~/returns/lookup.server";
import { runtime } from "~/runtime.server";

const reads = new RateLimit(60, 60_000);

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop, customerId } = await authenticateAppProxy(request);
  if (!customerId) return proxyError(401, "LOGIN_REQUIRED", "Sign in to see your orders, or find an order by its number and email.");
  const wait = reads.take(`${shop}:${customerId}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many requests; try again in ${wait} s.`);
  const rt = await runtime();
  const orders = await customerReturnOrders(returnDeps(rt), shop, `gid://shopify/Customer/${customerId}`);
  return Response.json(
    { orders: orders.map((o) => ({ name: o.name, processedAt: o.processedAt, token: o.token })) },
    { headers: { "cache-control": "private, no-store" } },
  );
}
