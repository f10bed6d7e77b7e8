// Every GraphQL document the app sends (declared with defineOperation in app/**/*.operations.ts)
// must be valid against Shopify's real Admin schema (the oracle) and against the project's own
// SDL that the local double executes.
import { parse, validate } from "../support/shopify/admin/graphql-runtime";
import { describe, expect, it } from "vitest";
import type { Operation } from "~/platform/shopify-operation";
import { adminSchema } from "../support/shopify/admin";
import { validateAgainstShopifyAdmin } from "../support/shopify/admin/oracle-schema";
import { oracle, reportOracleAbsence } from "../support/oracle";

const modules = import.meta.glob<Record<string, unknown>>("../../app/**/*.operations.ts", { eager: true });
const operations = Object.values(modules).flatMap((m) =>
  Object.values(m).filter((v): v is Operation<unknown, unknown> => typeof v === "object" && v !== null && "document" in v && "name" in v),
);

describe("the app's Admin API operations", () => {
  it("are found", () => {
    expect(operations.map((o) => o.name)).toContain("ShopDetails");
  });

  it("validate against the local double's schema", () => {
    const problems = operations.flatMap((o) => validate(adminSchema(), parse(o.document)).map((e) => `${o.name}: ${e.message}`));
    expect(problems).toEqual([]);
  });

  reportOracleAbsence();
  if (oracle)
    it("validate against Shopify's real Admin schema", () => {
      expect(validateAgainstShopifyAdmin(operations.map((o) => o.document))).toEqual([]);
    });
});
