// A published review's photo at the app's own address (the media URLs syndicated to Shopify's
// product_review metaobject, which must be absolute): the photo's id is its only key.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { photoResponse } from "~/reviews/photo-response.server";
import { runtime } from "~/runtime.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const rt = await runtime();
  const photo = await rt.db.reviewPhoto.findFirst({
    where: { id: params.id ?? "", review: { status: "published" } },
    select: { contentType: true, data: true, size: true },
  });
  return photoResponse(photo);
}
