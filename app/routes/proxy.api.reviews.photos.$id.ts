// App Proxy: a published review's photo on the shop's own domain (/apps/aftercare/api/reviews/photos/<id>).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticateAppProxy } from "~/platform/app-proxy.server";
import { photoResponse } from "~/reviews/photo-response.server";
import { publicPhoto } from "~/reviews/public.server";
import { runtime } from "~/runtime.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await authenticateAppProxy(request);
  const rt = await runtime();
  return photoResponse(await publicPhoto(rt.db, params.id ?? "", shop));
}
