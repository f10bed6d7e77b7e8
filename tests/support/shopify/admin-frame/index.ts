// The double's stand-in for Shopify admin: opens the embedded app in an iframe with a fresh id token,
// mints tokens for the App Bridge shim, and serves that shim at /app-bridge.js.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { DoubleListener } from "../listener.js";
import { mintIdToken } from "../session-token.js";
import { appIframeUrl, hostParam, renderAdminPage } from "./admin-page.js";
import { appBridgeShimSource } from "./app-bridge-shim.js";

export { appIframeUrl, hostParam } from "./admin-page.js";

export interface AdminFrameOptions {
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  /** The double's own base URL; a function when it is only known once the server listens. */
  doubleUrl: string | (() => string);
  /** Staff member the minted tokens speak for. */
  userId?: string;
}

export function createAdminFrame(options: AdminFrameOptions): DoubleListener {
  const { apiKey, apiSecret, userId } = options;
  const appUrl = options.appUrl.replace(/\/+$/, "");
  const doubleUrl = () => (typeof options.doubleUrl === "function" ? options.doubleUrl() : options.doubleUrl).replace(/\/+$/, "");
  const adminRoute = /^\/shops\/([^/]+)\/admin\/apps\/([^/]+)(\/.*)?$/;
  const tokenRoute = /^\/shops\/([^/]+)\/admin\/_session-token$/;
  const mint = (shop: string) => mintIdToken({ apiKey, apiSecret, shop, userId });

  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://double.local");

    if (url.pathname === "/app-bridge.js" && (req.method === "GET" || req.method === "HEAD")) {
      send(res, 200, "text/javascript; charset=utf-8", appBridgeShimSource({ doubleUrl: doubleUrl(), apiKey }), {
        "access-control-allow-origin": "*",
      });
      return true;
    }

    const tokenMatch = tokenRoute.exec(url.pathname);
    if (tokenMatch) {
      // Cross-origin callers are App Bridge pages opened outside the admin frame.
      const cors = { "access-control-allow-origin": "*", "access-control-allow-methods": "POST, OPTIONS" };
      if (req.method === "OPTIONS") {
        res.writeHead(204, cors).end();
        return true;
      }
      if (req.method !== "POST") return false;
      const token = await mint(decodeURIComponent(tokenMatch[1]));
      send(res, 200, "application/json", JSON.stringify({ token }), cors);
      return true;
    }

    const adminMatch = adminRoute.exec(url.pathname);
    if (adminMatch && req.method === "GET" && decodeURIComponent(adminMatch[2]) === apiKey) {
      const shop = decodeURIComponent(adminMatch[1]);
      // Parameters on the admin URL reach the app, as Shopify passes them through.
      const appPath = `${adminMatch[3] ?? "/app"}${url.search}`;
      // The merchant's admin language (Shopify passes the staff member's locale to the app).
      const locale = url.searchParams.get("locale") ?? "en";
      const iframeSrc = appIframeUrl({ appUrl, appPath, shop, idToken: await mint(shop), locale });
      send(
        res,
        200,
        "text/html; charset=utf-8",
        renderAdminPage({ shop, apiKey, appUrl, appPath, iframeSrc, host: hostParam(shop), locale }),
      );
      return true;
    }
    return false;
  };
}

function send(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": contentType, "cache-control": "no-store", ...headers });
  res.end(res.req?.method === "HEAD" ? undefined : body);
}
