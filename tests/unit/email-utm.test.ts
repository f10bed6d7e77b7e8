// withUtm: the shop's links in emails carry Aftercare's UTM parameters, and nothing else about them changes.
import { describe, expect, it } from "vitest";
import { withUtm } from "~/messaging/email/utm";

const UTM = "utm_source=aftercare&utm_medium=email&utm_campaign=cross_sell";

describe("withUtm", () => {
  it.each([
    ["a bare product URL", "https://shop.example/products/towel", `https://shop.example/products/towel?${UTM}`],
    [
      "existing query parameters",
      "https://shop.example/products/towel?variant=42",
      `https://shop.example/products/towel?variant=42&${UTM}`,
    ],
    ["a fragment", "https://shop.example/pages/care#washing", `https://shop.example/pages/care?${UTM}#washing`],
    ["query and fragment", "https://shop.example/pages/care?lang=pl#washing", `https://shop.example/pages/care?lang=pl&${UTM}#washing`],
    ["an empty query", "https://shop.example/pages/care?", `https://shop.example/pages/care?${UTM}`],
    [
      "encoded values, byte for byte",
      "https://shop.example/search?q=linen%20towel&tag=a%2Fb",
      `https://shop.example/search?q=linen%20towel&tag=a%2Fb&${UTM}`,
    ],
    ["plain http", "http://shop.example/", `http://shop.example/?${UTM}`],
  ])("tags %s", (_, url, expected) => {
    expect(withUtm(url, "cross_sell")).toBe(expected);
  });

  it("replaces UTM values already there instead of repeating them, keeping the rest", () => {
    expect(withUtm("https://shop.example/p?utm_source=newsletter&ref=1&utm_campaign=old", "cross_sell")).toBe(
      `https://shop.example/p?ref=1&${UTM}`,
    );
  });

  it("encodes the campaign name", () => {
    expect(withUtm("https://shop.example/", "autumn sale & more")).toBe(
      "https://shop.example/?utm_source=aftercare&utm_medium=email&utm_campaign=autumn%20sale%20%26%20more",
    );
  });

  it.each([
    ["mailto:", "mailto:hello@shop.example?subject=Order"],
    ["tel:", "tel:+48123456789"],
    ["a relative path", "/pages/care"],
    ["a malformed URL", "https://"],
  ])("leaves %s links alone", (_, url) => {
    expect(withUtm(url, "cross_sell")).toBe(url);
  });
});
