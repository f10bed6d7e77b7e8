import { describe, expect, it } from "vitest";
import { allowFrameAncestors } from "~/platform/frame-ancestors";

describe("allowFrameAncestors", () => {
  const shopify = "frame-ancestors https://a.myshopify.com https://admin.shopify.com; default-src 'self'";
  it("adds configured admin origins to Shopify's frame-ancestors", () => {
    const h = new Headers({ "Content-Security-Policy": shopify });
    allowFrameAncestors(h, ["http://127.0.0.1:4000"]);
    expect(h.get("Content-Security-Policy")).toBe(
      "frame-ancestors https://a.myshopify.com https://admin.shopify.com http://127.0.0.1:4000; default-src 'self';",
    );
  });
  it("leaves the policy alone when nothing is configured or there is no frame-ancestors", () => {
    const h = new Headers({ "Content-Security-Policy": shopify });
    allowFrameAncestors(h, []);
    expect(h.get("Content-Security-Policy")).toBe(shopify);
    const other = new Headers({ "Content-Security-Policy": "default-src 'self'" });
    allowFrameAncestors(other, ["http://x"]);
    expect(other.get("Content-Security-Policy")).toBe("default-src 'self'");
  });
});
