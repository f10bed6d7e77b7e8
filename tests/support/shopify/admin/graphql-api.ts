// Executes Admin GraphQL requests against the store with real validation, Shopify-shaped errors, query cost
// reporting and a per-shop leaky bucket. Transport-agnostic: http.ts adapts it to Node requests.
import { execute, getOperationAST, Kind, parse, validate } from "./graphql-runtime";
import type { GraphQLError, DocumentNode, FragmentDefinitionNode } from "graphql";
import { z } from "zod";
import type { AdminContext } from "./resolvers";
import { adminSchema } from "./executable-schema";
import { BulkOperations, type BulkOperationsOptions } from "./bulk-operations";
import { shopifyValidationError } from "./validation-errors";
import { actualCost, LeakyBucket, requestedCost, SINGLE_QUERY_MAX_COST, type ThrottleStatus } from "./query-cost";
import type { AdminStore } from "./store";

export { adminSchema, adminSchemaSdl } from "./executable-schema";

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

function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return fragments;
}

export interface AdminGraphqlOptions {
  clock?: () => number;
  /** Where bulk operations write their files, how fast they run, and the faults that reach them. */
  bulk?: BulkOperationsOptions;
  /** Origin of the URLs the API hands out (bulk results) when a request does not say which host it reached. */
  publicUrl?: string;
}

/** Who is asking: the scopes of the token (null: every scope) and the origin the request reached. */
export interface RequestScope {
  scope?: string | null;
  origin?: string;
}

/** One Admin GraphQL endpoint serving every shop in the store, each with its own cost bucket. */
export class AdminGraphqlApi {
  private readonly buckets = new Map<string, LeakyBucket>();
  private readonly clock: () => number;
  private readonly publicUrl: string;
  readonly bulk: BulkOperations;

  constructor(
    private readonly store: AdminStore,
    options: AdminGraphqlOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.publicUrl = options.publicUrl ?? "http://127.0.0.1";
    this.bulk = new BulkOperations(store, options.bulk);
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

  /**
   * Runs one request body for an already-authenticated shop. Without a scope, the shop's offline
   * installation's scopes apply (every scope when the app is not installed).
   */
  async handle(shop: string, rawBody: unknown, request: RequestScope = {}): Promise<GraphqlResponse> {
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

    const contextValue: AdminContext = {
      store: this.store,
      shop,
      bulk: this.bulk,
      scope: request.scope !== undefined ? request.scope : (this.store.offlineInstallation(shop)?.scope ?? null),
      origin: request.origin ?? this.publicUrl,
    };
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
