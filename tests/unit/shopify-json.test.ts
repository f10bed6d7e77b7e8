import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseShopifyJson } from "~/webhooks/shopify-json";

describe("parseShopifyJson", () => {
  it("keeps 64-bit ids exact, as strings", () => {
    const parsed = parseShopifyJson('{"id":820982911946154508,"order_id":-820982911946154508,"n":12,"p":"388.00"}') as Record<
      string,
      unknown
    >;
    expect(parsed).toEqual({ id: "820982911946154508", order_id: "-820982911946154508", n: 12, p: "388.00" });
  });

  it("leaves digits inside strings, decimals and exponents alone", () => {
    const text = '{"note":"call 12345678901234567890 now","x":1234567890123456.5,"e":12345678901234567e2,"q":"a\\"12345678901234567"}';
    expect(parseShopifyJson(text)).toEqual(JSON.parse(text));
  });

  it("keeps a fraction's long run of digits part of its number", () => {
    const text = '{"f":0.30000000000000004,"g":1.4210854715202004e-14,"h":-2.5E+21,"id":12345678901234567890}';
    expect(parseShopifyJson(text)).toEqual({ f: 0.30000000000000004, g: 1.4210854715202004e-14, h: -2.5e21, id: "12345678901234567890" });
  });

  it("agrees with JSON.parse on any JSON without long integers", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        const text = JSON.stringify(value);
        const safe = !/\d{16,}/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
        fc.pre(safe);
        expect(parseShopifyJson(text)).toEqual(JSON.parse(text));
      }),
    );
  });
});
