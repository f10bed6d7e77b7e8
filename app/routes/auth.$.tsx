// Shopify's auth endpoints (token exchange bounce, exit-iframe) handled by the library.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { ShopifyError } from "@shopify/shopify-api";
import { authenticate } from "~/shopify.server";

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    await authenticate.admin(request);
  } catch (error) {
    // The library refuses to send the top frame to a destination that is neither this app nor the
    // shop's admin by throwing an error, not a response: that is the client's bad request, not a 500.
    if (error instanceof ShopifyError && new URL(request.url).pathname === "/auth/exit-iframe") {
      return new Response("Refused: this exit-iframe destination is not this app or the shop's admin.\n", {
        status: 400,
        headers: { "content-type": "text/plain; charset=utf-8" },
      });
    }
    throw error;
  }
  return null;
}
