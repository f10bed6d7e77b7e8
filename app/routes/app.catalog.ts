// GET /app/catalog?q=… — the flow editor's pickers search a catalogue too large to load whole: the
// shop's products and collections whose titles have the merchant's words (JSON).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { searchCatalog } from "~/messaging/guides.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { admin, session } = await authenticate.admin(request);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 100);
  try {
    return Response.json({ ok: true, ...(await searchCatalog(admin.graphql, q)) });
  } catch (error) {
    if (error instanceof Response) throw error;
    (await runtime()).log.warn({ err: error, shop: session.shop }, "searching the catalogue failed");
    return Response.json({ ok: false, products: [], collections: [] }, { status: 502 });
  }
}
