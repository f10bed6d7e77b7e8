// App Proxy endpoint (storefront → /apps/aftercare/api/reviews?product=<id>&page=<n>): a product's
// published reviews, a page at a time (newest first), with its rating summary. Public (reviews are
// public), cached briefly by browsers and Shopify's proxy; a bad query is a 400 with a message.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { publicReviews, ratingSummary } from "~/reviews/public.server";
import { STOREFRONT_PAGE_SIZE } from "~/reviews/types";
import { runtime } from "~/runtime.server";

const reads = new RateLimit(300, 60_000);

const query = z.object({
  product: z
    .string()
    .trim()
    .regex(/^(gid:\/\/shopify\/Product\/)?\d{1,20}$/, "product must be a product id"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await authenticateAppProxy(request);
  const wait = reads.take(`${shop}:${request.headers.get("x-forwarded-for") ?? ""}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many requests; try again in ${wait} s.`);
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success)
    return proxyError(400, "BAD_REQUEST", parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const { product, page } = parsed.data;
  const productGid = product.startsWith("gid://") ? product : `gid://shopify/Product/${product}`;
  const rt = await runtime();
  const summary = await ratingSummary(rt.db, shop, productGid);
  const pages = Math.max(1, Math.ceil(summary.count / STOREFRONT_PAGE_SIZE));
  const reviews = page <= pages ? await publicReviews(rt.db, shop, productGid, page, STOREFRONT_PAGE_SIZE) : [];
  return Response.json(
    { summary, page, pages, pageSize: STOREFRONT_PAGE_SIZE, reviews },
    { headers: { "cache-control": "public, max-age=60" } },
  );
}
