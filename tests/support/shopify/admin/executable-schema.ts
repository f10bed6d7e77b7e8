// The double's executable schema, built from schema.graphql and the resolvers, which every Admin GraphQL
// request and every bulk operation runs on.
import fs from "node:fs";
import { makeExecutableSchema } from "@graphql-tools/schema";
import type { GraphQLSchema } from "graphql";
import { resolvers } from "./resolvers";

export const adminSchemaSdl: string = fs.readFileSync(new URL("./schema.graphql", import.meta.url), "utf8");

let cachedSchema: GraphQLSchema | null = null;

/** The double's executable schema (built once per process). */
export function adminSchema(): GraphQLSchema {
  cachedSchema ??= makeExecutableSchema({ typeDefs: adminSchemaSdl, resolvers, inheritResolversFromInterfaces: true });
  return cachedSchema;
}

/** Shopify names every connection type `…Connection`. */
export const isConnectionTypeName = (name: string): boolean => name.endsWith("Connection");
