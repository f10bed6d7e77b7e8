// Executes Storefront API requests against the store with real validation and Shopify-shaped errors, for a
// shop and scopes the HTTP face (http.ts) has already established. Transport-agnostic, like the Admin one.
import type { DocumentNode, GraphQLError } from "graphql";
import { z } from "zod";
import { execute, getOperationAST, parse, validate } from "../admin/graphql-runtime";
import type { AdminStore } from "../admin/store";
import { shopifyValidationError } from "../admin/validation-errors";
import { storefrontSchema } from "./executable-schema";
import type { StorefrontContext } from "./resolvers";

const requestBody = z.object({
  query: z.string(),
  variables: z.record(z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

export interface StorefrontResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface StorefrontRequest {
  /** Scopes of the access token (tokenless requests get what tokenless access allows). */
  scopes: string[];
  /** Origin the request reached; product and collection URLs point at the storefront there. */
  origin: string;
}

/** One Storefront GraphQL endpoint serving every shop in the store. */
export class StorefrontGraphqlApi {
  constructor(private readonly store: AdminStore) {}

  async handle(shop: string, rawBody: unknown, request: StorefrontRequest): Promise<StorefrontResponse> {
    const parsedBody = requestBody.safeParse(rawBody);
    if (!parsedBody.success) return { status: 400, body: { errors: { query: ["Required parameter missing or invalid"] } } };
    const { query, operationName } = parsedBody.data;
    const schema = storefrontSchema();

    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      const e = error as GraphQLError;
      return { status: 200, body: { errors: [{ message: e.message, locations: e.locations, extensions: { code: "PARSE_ERROR" } }] } };
    }
    const validationErrors = validate(schema, document);
    if (validationErrors.length > 0) return { status: 200, body: { errors: validationErrors.map(shopifyValidationError) } };
    if (!getOperationAST(document, operationName ?? undefined)) {
      return {
        status: 200,
        body: { errors: [{ message: "An operation name is required", extensions: { code: "OPERATION_NAME_REQUIRED" } }] },
      };
    }

    const contextValue: StorefrontContext = { store: this.store, shop, origin: request.origin, scopes: request.scopes };
    const result = await execute({
      schema,
      document,
      variableValues: parsedBody.data.variables ?? {},
      operationName: operationName ?? undefined,
      contextValue,
    });
    const body: Record<string, unknown> = {};
    if (result.errors) {
      body.errors = result.errors.map((error) => {
        const formatted = error.toJSON();
        const coercion = !error.path && /^Variable "\$/.test(error.message);
        return { ...formatted, extensions: { code: coercion ? "INVALID_VARIABLE" : "INTERNAL_SERVER_ERROR", ...formatted.extensions } };
      });
    }
    if (result.data !== undefined) body.data = result.data;
    return { status: 200, body };
  }
}
