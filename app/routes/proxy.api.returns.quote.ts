// App Proxy endpoint (POST /apps/aftercare/api/returns/quote): what a draft return comes to before it is
// sent — items, restocking and shipping fees, bonus, total — and the policy's objections, if any.
// Body (JSON): { token, draft, locale }. 401 when the token is forged or expired.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { returnDeps } from "~/returns/deps.server";
import { openPortalToken } from "~/returns/lookup.server";
import { quoteReturn } from "~/returns/portal.server";
import { runtime } from "~/runtime.server";
import { EXPIRED, localeField, tokenField } from "./proxy.api.returns.order";

const quotes = new RateLimit(120, 60_000);
const gid = (type: string) => z.string().regex(new RegExp(`^gid://shopify/${type}/\\d{1,20}$`), `must be a ${type} id`);

/** A draft return as the portal sends it (the same for a quote and a submission). */
export const draftSchema = z.object({
  resolution: z.enum(["refund", "store_credit", "exchange"]),
  note: z.string().max(1000, "a note has at most 1,000 characters").optional(),
  items: z
    .array(
      z.object({
        lineItemGid: gid("LineItem"),
        quantity: z.number().int().min(1).max(1000),
        reasonCode: z.string().min(1).max(60),
        note: z.string().max(1000, "a note has at most 1,000 characters").optional(),
        exchangeVariantGid: gid("ProductVariant").nullish(),
      }),
    )
    .min(1, "choose at least one item")
    .max(100),
});

const body = z.object({ token: tokenField, locale: localeField, draft: draftSchema });

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the token and the draft in the body.");
  const { shop } = await authenticateAppProxy(request);
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success)
    return proxyError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  const rt = await runtime();
  const deps = returnDeps(rt);
  const { token, draft, locale } = parsed.data;
  const opened = openPortalToken(deps.secret, token, rt.clock.now());
  if (!opened || opened.shop !== shop) return proxyError(401, "EXPIRED", EXPIRED);
  const wait = quotes.take(`${shop}:${opened.orderGid}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many requests; try again in ${wait} s.`);
  const quote = await quoteReturn(deps, shop, token, draft, locale);
  return Response.json(quote, { headers: { "cache-control": "private, no-store" } });
}

export function loader() {
  return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with the token and the draft in the body.");
}
