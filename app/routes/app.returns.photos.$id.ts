// One return photo's bytes for the admin (the return page's thumbnails), behind the admin session and
// scoped by its shop: another shop's photo, or an unknown id, is a 404. Served as the image type the
// upload was checked to be, never sniffed by the browser, never a document that could run anything,
// and kept only in the merchant's own browser cache. Data from app/returns/admin.server.ts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { returnPhoto } from "~/returns/admin.server";
import { runtime } from "~/runtime.server";
import { authenticate } from "~/shopify.server";

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { session } = await authenticate.admin(request);
  const id = params.id ?? "";
  const rt = await runtime();
  const photo = ID.test(id) ? await returnPhoto(rt.db, session.shop, id) : null;
  if (!photo) return new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const bytes = new Uint8Array(photo.bytes);
  return new Response(bytes, {
    headers: {
      // Only the types the upload was checked to be; anything else is plain bytes to download.
      "Content-Type": IMAGE_TYPES.has(photo.contentType) ? photo.contentType : "application/octet-stream",
      "Content-Length": String(bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
