// Conformance helpers against Shopify's real Storefront API schema (the 2026-04 introspection in the oracle
// folder): compares the double's SDL with it, and validates GraphQL documents against it.
import fs from "node:fs";
import zlib from "node:zlib";
import { buildClientSchema, buildSchema, parse, validate, type GraphQLSchema, type IntrospectionQuery } from "graphql";
import { oracleFile } from "../../oracle";
import { compareDirectives, compareTypes } from "../schema-conformance";
import { storefrontSchemaSdl } from "./executable-schema";

export const STOREFRONT_ORACLE_VERSION = "2026-04";

let realSchema: GraphQLSchema | null = null;

/** Shopify's published Storefront API 2026-04 schema, read from the oracle folder. */
export function loadShopifyStorefrontSchema(): GraphQLSchema {
  realSchema ??= (() => {
    const file = oracleFile("schema", `storefront_schema_${STOREFRONT_ORACLE_VERSION}.json.gz`);
    const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    return buildClientSchema(json.data ?? json);
  })();
  return realSchema;
}

/** Every way the double's Storefront SDL differs from Shopify's real schema (types, fields, arguments, directives). */
export function compareWithShopifyStorefront(sdl: string = storefrontSchemaSdl): string[] {
  const real = loadShopifyStorefrontSchema();
  const ours = buildSchema(sdl);
  return [...compareTypes(ours, real), ...compareDirectives(ours, real)];
}

/** Validates documents against the real Storefront schema; one message per problem, prefixed with the document's first line. */
export function validateAgainstShopifyStorefront(documents: string[]): string[] {
  const schema = loadShopifyStorefrontSchema();
  return documents.flatMap((document) => {
    const label = document.trim().split("\n")[0].slice(0, 80);
    try {
      return validate(schema, parse(document)).map((error) => `${label}: ${error.message}`);
    } catch (error) {
      return [`${label}: ${(error as Error).message}`];
    }
  });
}
