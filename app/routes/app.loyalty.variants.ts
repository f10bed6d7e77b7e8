// GET /app/loyalty/variants?q=… — the settings page's free-product picker: the shop's product
// variants whose product titles have the merchant's words (JSON).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchVariants } from "~/loyalty/variants.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { admin, session } = await authenticate.admin(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  try {
    return Response.json({ ok: true, variants: await searchVariants(admin.graphql, q) });
  } catch (error) {
    if (error instanceof Response) throw error;
    (await runtime()).log.warn({ err: error, shop: session.shop }, "searching the product variants failed");
    return Response.json({ ok: false, variants: [] }, { status: 502 });
  }
}
