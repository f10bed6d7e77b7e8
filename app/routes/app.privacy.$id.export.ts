// Downloads a completed data request's export (the JSON file the merchant sends the customer).
// Authenticated by the admin session token; scoped by the session's shop, so another shop's request
// id — or a request whose export was erased with the customer — answers 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { exportForDownload } from "~/privacy/requests.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const params = z.object({ id: z.string().min(1).max(64) });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const parsed = params.safeParse(raw);
  const rt = await runtime();
  const found = parsed.success ? await exportForDownload(rt.db, session.shop, parsed.data.id) : null;
  if (!found) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(found.body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${found.filename}"`,
      // Personal data: never kept by a browser or proxy cache.
      "Cache-Control": "no-store",
    },
  });
}
