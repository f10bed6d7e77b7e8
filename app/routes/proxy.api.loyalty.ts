// App Proxy endpoint (storefront → /apps/aftercare/api/loyalty): the program for everyone (ways to
// earn, tiers, rewards) and, for the signed-in customer Shopify vouches for, their balance, tier,
// history and reward codes. Rate-limited per customer (per shop for guests). Its time in the app is
// in the Server-Timing header (`app`), for the benchmark (npm run bench:loyalty) and browsers' tools.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { shopperLoyalty } from "~/loyalty/shopper.server";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { runtime } from "~/runtime.server";

const reads = new RateLimit(120, 60_000);

export async function loader({ request }: LoaderFunctionArgs) {
  const started = performance.now();
  const { shop, customerId } = await authenticateAppProxy(request);
  const wait = reads.take(`${shop}:${customerId ?? `guest:${request.headers.get("x-forwarded-for") ?? ""}`}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many requests; try again in ${wait} s.`);
  const rt = await runtime();
  const data = await shopperLoyalty(rt.db, shop, customerId ? `gid://shopify/Customer/${customerId}` : null, rt.clock.now());
  const timing = `app;dur=${(performance.now() - started).toFixed(2)}`;
  return Response.json(data, { headers: { "cache-control": "private, no-store", "server-timing": timing } });
}
