// A published review's photo at the app's own address (the media URLs syndicated to Shopify's
// product_review metaobject, which must be absolute): the photo's id is its only key.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { photoResponse } from "~/reviews/photo-response.server";
import { publicPhoto } from "~/reviews/public.server";
import { runtime } from "~/runtime.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const rt = await runtime();
  return photoResponse(await publicPhoto(rt.db, params.id ?? ""));
}
