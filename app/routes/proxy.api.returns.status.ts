// App Proxy endpoint (POST /apps/aftercare/api/returns/status): where a return stands, for its status
// page. Body (JSON): { statusToken, locale }. The status token is the only thing the status page's link
// carries: signed with the app's secret, it names the shop, order and return (ids only, no personal
// data) and lasts long enough to come back to; each read opens the order with a fresh portal token.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { returnDeps } from "~/returns/deps.server";
import { returnStatus } from "~/returns/portal.server";
import { portalToken } from "~/returns/portal-token";
import { openStatusLink } from "~/returns/status-link";
import { runtime } from "~/runtime.server";

const reads = new RateLimit(60, 60_000);
const body = z.object({
  statusToken: z.string().min(20, "statusToken is missing").max(2000),
  locale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "locale must be a language tag")
    .default("en"),
});

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the status token in the body.");
  const { shop } = await authenticateAppProxy(request);
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success)
    return proxyError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  const rt = await runtime();
  const deps = returnDeps(rt);
  const now = rt.clock.now();
  const link = openStatusLink(deps.secret, parsed.data.statusToken, now);
  if (!link || link.shop !== shop) return proxyError(404, "NOT_FOUND", "No return matches this link, or the link has expired.");
  const wait = reads.take(`${shop}:${link.returnId}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many requests; try again in ${wait} s.`);
  const view = await returnStatus(deps, shop, portalToken(deps.secret, shop, link.orderGid, now), link.returnId, parsed.data.locale);
  if (!view) return proxyError(404, "NOT_FOUND", "No return matches this link, or the link has expired.");
  return Response.json({ status: view }, { headers: { "cache-control": "private, no-store" } });
}

export function loader() {
  return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the status token in the body.");
}
