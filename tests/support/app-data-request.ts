// A request to one of the embedded app's admin routes as App Bridge sends it from the merchant's
// browser: a fresh session token in the Authorization header, the route's data (`_data`) instead of
// the page, and a browser's user agent (the Shopify library turns away requests that look like bots).
// The demo installs the app and acts as the merchant this way (loyalty's award, reviews' moderation).
import { appIframeUrl, mintIdToken } from "./shopify";

export const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

export interface AppIdentity {
  apiKey: string;
  apiSecret: string;
  shop: string;
  appUrl: string;
}

export async function appDataRequest(
  app: AppIdentity,
  appPath: string,
  routeId: string,
  init: { method?: "GET" | "POST"; body?: URLSearchParams | FormData; redirect?: RequestRedirect } = {},
): Promise<Response> {
  const idToken = await mintIdToken({ apiKey: app.apiKey, apiSecret: app.apiSecret, shop: app.shop });
  const url = new URL(appIframeUrl({ appUrl: app.appUrl, appPath, shop: app.shop, idToken }));
  url.searchParams.delete("id_token");
  url.searchParams.set("_data", routeId);
  return fetch(url, {
    method: init.method ?? (init.body ? "POST" : "GET"),
    redirect: init.redirect,
    headers: { authorization: `Bearer ${idToken}`, "user-agent": BROWSER_USER_AGENT },
    body: init.body,
  });
}
