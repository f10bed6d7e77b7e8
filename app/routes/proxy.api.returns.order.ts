// App Proxy endpoint (POST /apps/aftercare/api/returns/order): the order a portal token opens, as the
// return form shows it: items with what can go back (and why not), reasons, the resolutions the policy
// allows and earlier returns. Body (JSON): { token, locale } — the token travels in the body, never in a
// URL. 401 when the token is forged or expired (the shopper finds the order again).
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { returnDeps } from "~/returns/deps.server";
import { openPortalToken } from "~/returns/lookup.server";
import { portalOrder } from "~/returns/portal.server";
import { runtime } from "~/runtime.server";

const reads = new RateLimit(60, 60_000);
export const tokenField = z.string().min(20, "token is missing").max(2000);
export const localeField = z
  .string()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "locale must be a language tag")
  .default("en");
const body = z.object({ token: tokenField, locale: localeField });

export const EXPIRED = "This return session has expired; find your order again.";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the token in the body.");
  const { shop } = await authenticateAppProxy(request);
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success)
    return proxyError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  const rt = await runtime();
  const deps = returnDeps(rt);
  const opened = openPortalToken(deps.secret, parsed.data.token, rt.clock.now());
  if (!opened || opened.shop !== shop) return proxyError(401, "EXPIRED", EXPIRED);
  const wait = reads.take(`${shop}:${opened.orderGid}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many requests; try again in ${wait} s.`);
  const order = await portalOrder(deps, shop, parsed.data.token, parsed.data.locale);
  if (!order) return proxyError(404, "NOT_FOUND", "This order can't be found any more.");
  return Response.json({ order }, { headers: { "cache-control": "private, no-store" } });
}

export function loader() {
  return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the token in the body.");
}
