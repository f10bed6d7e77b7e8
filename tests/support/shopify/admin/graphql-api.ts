// Executes Admin GraphQL requests against the store with real validation, Shopify-shaped errors, query cost
// reporting and a per-shop leaky bucket. Transport-agnostic: http.ts adapts it to Node requests.
import fs from "node:fs";
import { execute, getOperationAST, Kind, parse, validate } from "./graphql-runtime";
import type { GraphQLError, DocumentNode, FragmentDefinitionNode, GraphQLFormattedError, GraphQLSchema } from "graphql";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { z } from "zod";
import { resolvers, type AdminContext } from "./resolvers";
import { actualCost, LeakyBucket, requestedCost, SINGLE_QUERY_MAX_COST, type ThrottleStatus } from "./query-cost";
import type { AdminStore } from "./store";

export const adminSchemaSdl: string = fs.readFileSync(new URL("./schema.graphql", import.meta.url), "utf8");

let cachedSchema: GraphQLSchema | null = null;

/** The double's executable schema (built once per process). */
export function adminSchema(): GraphQLSchema {
  cachedSchema ??= makeExecutableSchema({ typeDefs: adminSchemaSdl, resolvers, inheritResolversFromInterfaces: true });
  return cachedSchema;
}

const requestBody = z.object({
  query: z.string(),
  variables: z.record(z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

export interface GraphqlResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

/** Rewrites graphql-js validation messages into the wording and codes Shopify's (graphql-ruby) API uses. */
function shopifyValidationError(error: GraphQLError): GraphQLFormattedError {
  const base = { message: error.message, locations: error.locations };
  let match = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(error.message);
  if (match) {
    return {
      ...base,
      message: `Field '${match[1]}' doesn't exist on type '${match[2]}'`,
      extensions: { code: "undefinedField", typeName: match[2], fieldName: match[1] },
    };
  }
  match = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"\./.exec(error.message);
  if (match) {
    return {
      ...base,
      message: `Field '${match[3]}' doesn't accept argument '${match[1]}'`,
      extensions: { code: "argumentNotAccepted", name: match[3], typeName: "Field", argumentName: match[1] },
    };
  }
  match = /^Field "(\w+)" argument "(\w+)" of type "([^"]+)" is required, but it was not provided\./.exec(error.message);
  if (match) {
    return {
      ...base,
      message: `Field '${match[1]}' is missing required arguments: ${match[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: match[1], arguments: match[2] },
    };
  }
  match = /^Unknown type "(\w+)"\./.exec(error.message);
  if (match) {
    return {
      ...base,
      message: `No such type ${match[1]}, so it can't be a fragment condition`,
      extensions: { code: "undefinedType", typeName: match[1] },
    };
  }
  match = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields\./.exec(error.message);
  if (match) {
    return {
      ...base,
      message: `Field must have selections (field '${match[1]}' returns ${match[2].replace(/[![\]]/g, "")} but has no selections. Did you mean '${match[1]} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName: match[2] },
    };
  }
  return { ...base, extensions: { code: "GRAPHQL_VALIDATION_FAILED" } };
}

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

export interface AdminGraphqlOptions {
  clock?: () => number;
}

/** One Admin GraphQL endpoint serving every shop in the store, each with its own cost bucket. */
export class AdminGraphqlApi {
  private readonly buckets = new Map<string, LeakyBucket>();
  private readonly clock: () => number;

  constructor(
    private readonly store: AdminStore,
    options: AdminGraphqlOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
  }

  bucket(shop: string): LeakyBucket {
    let bucket = this.buckets.get(shop);
    if (!bucket) {
      bucket = new LeakyBucket(this.clock);
      this.buckets.set(shop, bucket);
    }
    return bucket;
  }

  /** Shopify's answer when the bucket cannot pay for a request. */
  throttled(shop: string, requested: number): GraphqlResponse {
    return {
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: this.bucket(shop).status() } },
      },
    };
  }

  /** Runs one request body for an already-authenticated shop. */
  async handle(shop: string, rawBody: unknown): Promise<GraphqlResponse> {
    const parsedBody = requestBody.safeParse(rawBody);
    if (!parsedBody.success) {
      return { status: 400, body: { errors: { query: ["Required parameter missing or invalid"] } } };
    }
    const { query, operationName } = parsedBody.data;
    const variables = parsedBody.data.variables ?? {};
    const schema = adminSchema();

    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      const e = error as GraphQLError;
      return { status: 200, body: { errors: [{ message: e.message, locations: e.locations, extensions: { code: "PARSE_ERROR" } }] } };
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) return { status: 200, body: { errors: validationErrors.map(shopifyValidationError) } };

    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) {
      return {
        status: 200,
        body: { errors: [{ message: "An operation name is required", extensions: { code: "OPERATION_NAME_REQUIRED" } }] },
      };
    }
    const requested = requestedCost(schema, operation, fragmentsOf(document), variables);
    if (requested > SINGLE_QUERY_MAX_COST) {
      return {
        status: 200,
        body: {
          errors: [
            {
              message: `Query cost is ${requested}, which exceeds the single query max cost limit (${SINGLE_QUERY_MAX_COST}).`,
              extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: SINGLE_QUERY_MAX_COST },
            },
          ],
        },
      };
    }
    const bucket = this.bucket(shop);
    if (!bucket.tryTake(requested)) return this.throttled(shop, requested);

    const contextValue: AdminContext = { store: this.store, shop };
    const result = await execute({ schema, document, variableValues: variables, operationName: operationName ?? undefined, contextValue });
    const actual = result.errors && !result.data ? 0 : Math.min(requested, actualCost(result.data, operation));
    bucket.refund(requested - actual);
    const cost: CostExtension = { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() };
    const body: Record<string, unknown> = {};
    if (result.errors) {
      body.errors = result.errors.map((error) => {
        const formatted = error.toJSON();
        const coercion = !error.path && /^Variable "\$/.test(error.message);
        return { ...formatted, extensions: { code: coercion ? "INVALID_VARIABLE" : "INTERNAL_SERVER_ERROR", ...formatted.extensions } };
      });
    }
    if (result.data !== undefined) body.data = result.data;
    body.extensions = { cost };
    return { status: 200, body };
  }
}
