// The Storefront double's executable schema, built from schema.graphql and the resolvers; every Storefront
// API request runs on it.
import fs from "node:fs";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { resolvers } from "./resolvers";

export const storefrontSchemaSdl: string = fs.readFileSync(new URL("./schema.graphql", import.meta.url), "utf8");

let cachedSchema: GraphQLSchema | null = null;

/** The Storefront double's executable schema (built once per process). */
export function storefrontSchema(): GraphQLSchema {
  cachedSchema ??= makeExecutableSchema({ typeDefs: storefrontSchemaSdl, resolvers, inheritResolversFromInterfaces: true });
  return cachedSchema;
}
