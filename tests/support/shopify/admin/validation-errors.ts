// Shopify's (graphql-ruby) wording and codes for GraphQL validation errors, used by the Admin double's
// endpoint and by bulk queries, whose validation errors come back as userErrors.
import type { GraphQLError, GraphQLFormattedError } from "graphql";

/** Rewrites graphql-js validation messages into the wording and codes Shopify's (graphql-ruby) API uses. */
export function shopifyValidationError(error: GraphQLError): GraphQLFormattedError {
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
