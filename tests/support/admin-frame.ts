// Browser-test helpers for the app inside the double's Shopify admin page.
import type { Frame, Page } from "playwright-core";

/** The Shopify library's pages load App Bridge from Shopify's CDN; here the double's stand-in answers. */
export async function serveAppBridgeLocally(page: Page, doubleUrl: string): Promise<void> {
  const shim = await (await fetch(`${doubleUrl}/app-bridge.js`)).text();
  await page.route("https://cdn.shopify.com/**", (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: shim }));
}

/** The app's iframe in the admin page. */
export async function appFrame(page: Page): Promise<Frame> {
  const element = await page.waitForSelector("iframe#app-frame");
  const frame = await element.contentFrame();
  if (!frame) throw new Error("the admin page has no app iframe");
  return frame;
}
