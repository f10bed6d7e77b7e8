// Conformance helpers against Shopify's real Admin schema (the oracle outside the repo): compares the
// double's SDL with it, and validates GraphQL documents against it plus the project's version extensions.
import fs from "node:fs";
import zlib from "node:zlib";
import {
  buildClientSchema,
  buildSchema,
  extendSchema,
  isInterfaceType,
  isObjectType,
  parse,
  print,
  validate,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type IntrospectionObjectType,
  type IntrospectionQuery,
} from "graphql";
import { oracleFile } from "../../oracle";
import { compareTypes } from "../schema-conformance";
import { adminSchemaSdl } from "./graphql-api";

const EXTENSIONS_MARKER = "# ═══ VERSION EXTENSIONS";

/** The double's SDL split into the 2025-01 mirror and the newer-version extensions. */
export function splitAdminSdl(sdl: string = adminSchemaSdl): { base: string; extensions: string } {
  const at = sdl.indexOf(EXTENSIONS_MARKER);
  if (at === -1) return { base: sdl, extensions: "" };
  return { base: sdl.slice(0, at), extensions: sdl.slice(at) };
}

let introspection: IntrospectionQuery | null = null;
let realSchema: GraphQLSchema | null = null;

function shopifyIntrospection(): IntrospectionQuery {
  introspection ??= (
    JSON.parse(zlib.gunzipSync(fs.readFileSync(oracleFile("schema", "admin_schema_2025-01.json.gz"))).toString("utf8")) as {
      data: IntrospectionQuery;
    }
  ).data;
  return introspection;
}

/** Shopify's published Admin API 2025-01 schema, read from the oracle folder. */
export function loadShopifyAdminSchema(): GraphQLSchema {
  realSchema ??= buildClientSchema(shopifyIntrospection());
  return realSchema;
}

interface Redeclaration {
  type: string;
  definition: FieldDefinitionNode;
}

/** Fields the extensions declare on 2025-01 types that 2025-01 already has (re-declared to add arguments). */
function redeclarations(real: GraphQLSchema, extensions: string): Redeclaration[] {
  if (!extensions.trim()) return [];
  return parse(extensions).definitions.flatMap((definition) => {
    if (!definition.kind.endsWith("Extension") || !("name" in definition) || !definition.name) return [];
    const type = definition.name.value;
    const existing = real.getType(type);
    if (!existing || !("getFields" in existing)) return [];
    const fields = existing.getFields() as Record<string, unknown>;
    const declared = ("fields" in definition ? definition.fields : undefined) ?? [];
    return declared
      .filter((field): field is FieldDefinitionNode => field.name.value in fields && "arguments" in field)
      .map((field) => ({ type, definition: field }));
  });
}

/** A re-declared field must keep its 2025-01 type and arguments and may only add optional arguments. */
function redeclarationProblems(real: GraphQLSchema, { type, definition }: Redeclaration): string[] {
  const existing = real.getType(type);
  if (!existing || !(isObjectType(existing) || isInterfaceType(existing))) return [`${type} cannot re-declare fields`];
  const theirs = existing.getFields()[definition.name.value];
  const at = `${type}.${definition.name.value}`;
  const problems: string[] = [];
  if (print(definition.type) !== String(theirs.type))
    problems.push(`re-declared ${at} is ${print(definition.type)}, not ${String(theirs.type)}`);
  const ours = definition.arguments ?? [];
  for (const theirArg of theirs.args) {
    const arg = ours.find((a) => a.name.value === theirArg.name);
    if (!arg) problems.push(`re-declared ${at} drops argument ${theirArg.name}`);
    else if (print(arg.type) !== String(theirArg.type))
      problems.push(`re-declared ${at}(${theirArg.name}) is ${print(arg.type)}, not ${String(theirArg.type)}`);
  }
  for (const arg of ours) {
    if (theirs.args.some((a) => a.name === arg.name.value)) continue;
    if (arg.type.kind === "NonNullType" && !arg.defaultValue) problems.push(`re-declared ${at} adds required argument ${arg.name.value}`);
  }
  return problems;
}

/** Every way the double's SDL (above the extensions marker) differs from Shopify's real schema. */
export function compareWithShopifyAdmin(sdl: string = adminSchemaSdl): string[] {
  const real = loadShopifyAdminSchema();
  const { base, extensions } = splitAdminSdl(sdl);
  return [...compareTypes(buildSchema(base), real), ...extensionProblems(real, extensions)];
}

/**
 * Extensions must really be newer than 2025-01: none of their types or fields may exist there already, except
 * re-declarations that only add optional arguments.
 */
function extensionProblems(real: GraphQLSchema, extensions: string): string[] {
  const problems: string[] = [];
  if (!extensions.trim()) return problems;
  const redeclared = redeclarations(real, extensions);
  for (const redeclaration of redeclared) problems.push(...redeclarationProblems(real, redeclaration));
  for (const definition of parse(extensions).definitions) {
    if (!("name" in definition) || !definition.name) continue;
    const name = definition.name.value;
    const existing = real.getType(name);
    const isExtension = definition.kind.endsWith("Extension");
    if (!isExtension) {
      if (existing) problems.push(`extension type ${name} already exists in 2025-01; move it above the marker`);
      continue;
    }
    if (!existing || !("getFields" in existing)) {
      problems.push(`extended type ${name} does not exist in 2025-01`);
      continue;
    }
    const fields = existing.getFields() as Record<string, unknown>;
    for (const field of ("fields" in definition ? definition.fields : undefined) ?? []) {
      const isRedeclaration = redeclared.some((r) => r.type === name && r.definition.name.value === field.name.value);
      if (field.name.value in fields && !isRedeclaration)
        problems.push(`extension field ${name}.${field.name.value} already exists in 2025-01`);
    }
  }
  return problems;
}

let extendedSchema: GraphQLSchema | null = null;

/**
 * Shopify's 2025-01 schema plus the project's commented version extensions (the API the app targets). A
 * re-declared field replaces its 2025-01 version.
 */
export function shopifyAdminSchemaWithExtensions(): GraphQLSchema {
  extendedSchema ??= (() => {
    const { extensions } = splitAdminSdl();
    if (!extensions.trim()) return loadShopifyAdminSchema();
    const redeclared = redeclarations(loadShopifyAdminSchema(), extensions);
    const base = redeclared.length === 0 ? loadShopifyAdminSchema() : buildClientSchema(withoutFields(shopifyIntrospection(), redeclared));
    return extendSchema(base, parse(extensions));
  })();
  return extendedSchema;
}

function withoutFields(schema: IntrospectionQuery, removed: Redeclaration[]): IntrospectionQuery {
  const types = schema.__schema.types.map((type) => {
    const names = new Set(removed.filter((r) => r.type === type.name).map((r) => r.definition.name.value));
    if (names.size === 0 || !("fields" in type)) return type;
    const fields = (type as IntrospectionObjectType).fields.filter((f) => !names.has(f.name));
    return { ...type, fields };
  });
  return { ...schema, __schema: { ...schema.__schema, types } };
}

/**
 * Validates GraphQL documents (queries/mutations the app sends) against the real Admin schema extended with the
 * project's version extensions. Returns one message per problem, prefixed with the document's first line.
 */
export function validateAgainstShopifyAdmin(documents: string[]): string[] {
  const schema = shopifyAdminSchemaWithExtensions();
  return documents.flatMap((document) => {
    const label = document.trim().split("\n")[0].slice(0, 80);
    try {
      return validate(schema, parse(document)).map((error) => `${label}: ${error.message}`);
    } catch (error) {
      return [`${label}: ${(error as Error).message}`];
    }
  });
}
