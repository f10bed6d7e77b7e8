// Every Storefront API document the app sends (declared with defineOperation in app/**/*.storefront.ts) must
// be valid against Shopify's real Storefront schema (the oracle) and against the SDL the local double executes.
import { describe, expect, it } from "vitest";
import type { Operation } from "~/platform/shopify-operation";
import { parse, validate } from "../support/shopify/admin/graphql-runtime";
import { storefrontSchema } from "../support/shopify/storefront-api";
import { validateAgainstShopifyStorefront } from "../support/shopify/storefront-api/oracle-schema";
import { oracle, reportOracleAbsence } from "../support/oracle";

const modules = import.meta.glob<Record<string, unknown>>("../../app/**/*.storefront.ts", { eager: true });
const operations = Object.values(modules).flatMap((m) =>
  Object.values(m).filter((v): v is Operation<unknown, unknown> => typeof v === "object" && v !== null && "document" in v && "name" in v),
);

describe("the app's Storefront API operations", () => {
  it("are found", () => {
    expect(operations.map((o) => o.name)).toEqual(expect.arrayContaining(["ProductRecommendations", "StorefrontProducts"]));
  });

  it("validate against the local double's schema", () => {
    const problems = operations.flatMap((o) => validate(storefrontSchema(), parse(o.document)).map((e) => `${o.name}: ${e.message}`));
    expect(problems).toEqual([]);
  });

  reportOracleAbsence();
  if (oracle)
    it("validate against Shopify's real Storefront schema", () => {
      expect(validateAgainstShopifyStorefront(operations.map((o) => o.document))).toEqual([]);
    });
});
