// App Proxy endpoint (POST /apps/aftercare/api/returns/lookup): a guest finds their order for a return
// by its number and the order's email. Body (JSON): { orderName, email }. 200 { token } opens the next
// steps; any failure to match is one neutral 404, the same for an unknown order and a wrong email
// (app/returns/lookup.server.ts evens out the timing too); 429 when the IP or the order is rate-limited.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { returnDeps } from "~/returns/deps.server";
import { lookupGuestOrder } from "~/returns/lookup.server";
import { runtime } from "~/runtime.server";

const NOT_FOUND = "No order matches that order number and email address.";
const body = z.object({
  orderName: z.string().trim().min(1, "enter the order number").max(40, "an order number has at most 40 characters"),
  email: z.string().trim().max(254, "an email address has at most 254 characters").email("enter a valid email address"),
});

/** The shopper's address as the proxy passed it on; requests without one share a bucket. */
function clientIp(request: Request): string {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the order number and email in the body.");
  const { shop } = await authenticateAppProxy(request);
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success)
    return proxyError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  const rt = await runtime();
  const result = await lookupGuestOrder(returnDeps(rt), shop, { ...parsed.data, ip: clientIp(request) });
  const headers = { "cache-control": "private, no-store" };
  if (result.ok) return Response.json({ token: result.token }, { headers });
  if (result.error === "rate_limited") {
    const wait = result.retryAfterSeconds ?? 60;
    return Response.json(
      { error: "RATE_LIMITED", message: `Too many attempts; try again in ${wait} s.` },
      { status: 429, headers: { ...headers, "retry-after": String(wait) } },
    );
  }
  return proxyError(404, "NOT_FOUND", NOT_FOUND);
}

export function loader() {
  return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the order number and email in the body.");
}
