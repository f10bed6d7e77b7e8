// The Storefront double's SDL against Shopify's real Storefront API 2026-04 schema (the oracle).
import { describe, expect, it } from "vitest";
import { oracle, reportOracleAbsence } from "../../support/oracle";
import { compareWithShopifyStorefront, validateAgainstShopifyStorefront } from "../../support/shopify/storefront-api/oracle-schema";

describe("Storefront double conforms to Shopify's published Storefront API", () => {
  reportOracleAbsence();
  if (!oracle) return;

  it("declares only types, fields, arguments and directives that Shopify's 2026-04 schema has, with the same types", () => {
    expect(compareWithShopifyStorefront()).toEqual([]);
  });

  it("notices what Shopify does not have or types differently", () => {
    const sdl = `directive @inContext(language: LanguageCode, currency: String) on QUERY
      type QueryRoot { product(id: ID!, handle: String): Product }
      type Product { title: String! inventoryCount: Int }
      enum LanguageCode { EN XX }`;
    expect(compareWithShopifyStorefront(sdl)).toEqual([
      "QueryRoot.product(id) is ID, not ID!",
      "Product.inventoryCount does not exist",
      "enum LanguageCode has no value XX",
      "@inContext(currency) does not exist",
    ]);
  });

  it("validates documents against the real schema", () => {
    expect(validateAgainstShopifyStorefront([`{ productRecommendations(productId: "gid://shopify/Product/1") { title } }`])).toEqual([]);
    expect(validateAgainstShopifyStorefront([`{ product(id: "gid://shopify/Product/1") { inventoryCount } }`])).toEqual([
      '{ product(id: "gid://shopify/Product/1") { inventoryCount } }: Cannot query field "inventoryCount" on type "Product".',
    ]);
  });
});
