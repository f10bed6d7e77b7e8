// App Proxy endpoint (POST /apps/aftercare/api/loyalty/redeem): spends the signed-in customer's
// points on a reward. Body: { rewardId, requestKey } (JSON or form); the request key makes a retried
// click return the first click's outcome. 201 with the code; 409 when the balance does not cover
// the reward; 502 when Shopify refused (points returned); 202 while the outcome is being settled.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { redeemReward } from "~/loyalty/redeem.server";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { SHOPIFY_API_VERSION } from "~/platform/shopify-api-version";
import { runtime } from "~/runtime.server";

const redemptions = new RateLimit(10, 60_000);
const body = z.object({
  rewardId: z.string().min(1).max(40),
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/, "requestKey must be 8–80 letters, digits, - or _"),
});

async function readInput(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return request.json().catch(() => null);
  const form = await request.formData().catch(() => null);
  return form ? Object.fromEntries(form) : null;
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST to redeem a reward.");
  const { shop, customerId } = await authenticateAppProxy(request);
  if (!customerId) return proxyError(401, "LOGIN_REQUIRED", "Sign in to redeem your points.");
  const wait = redemptions.take(`${shop}:${customerId}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many redemptions; try again in ${wait} s.`);
  const parsed = body.safeParse(await readInput(request));
  if (!parsed.success)
    return proxyError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  const rt = await runtime();
  const outcome = await redeemReward(
    {
      db: rt.db,
      shopify: { apiVersion: SHOPIFY_API_VERSION, originTemplate: rt.env.SHOPIFY_ADMIN_API_ORIGIN },
      events: rt.events,
      jobs: rt.jobs,
      clock: rt.clock,
    },
    { shop, customerGid: `gid://shopify/Customer/${customerId}`, rewardId: parsed.data.rewardId, requestKey: parsed.data.requestKey },
  );
  const headers = { "cache-control": "private, no-store" };
  if (outcome.ok) return Response.json({ redemption: outcome.redemption, balance: outcome.balance }, { status: outcome.status, headers });
  return Response.json(
    { error: outcome.error, message: outcome.message, balance: outcome.balance ?? null },
    { status: outcome.status, headers },
  );
}

export function loader() {
  return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST to redeem a reward.");
}
