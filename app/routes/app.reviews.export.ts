// The reviews as a CSV download: all of the shop's, or those matching the queue's filters (the same
// URL parameters). Streamed in batches; the file is personal data (authors' emails), so no cache keeps it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { filterOf, parseReviewQuery } from "~/reviews/admin-queries.server";
import { exportCsvChunks } from "~/reviews/csv.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const params = new URL(request.url).searchParams;
  // No tab in the URL means every review here (the queue's own default is the pending tab).
  if (!params.has("tab")) params.set("tab", "all");
  const filter = filterOf(parseReviewQuery(params));
  const rt = await runtime();
  const chunks = exportCsvChunks(rt.db, session.shop, filter);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        rt.log.error({ err: error, shop: session.shop }, "the reviews export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const date = rt.clock.now().toISOString().slice(0, 10);
  const name = session.shop.replace(/\.myshopify\.com$/, "").replace(/[^a-z0-9-]/gi, "");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="reviews-${name}-${date}.csv"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
