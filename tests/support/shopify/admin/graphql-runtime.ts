// The one `graphql` instance the double executes with. @graphql-tools/schema is loaded by Node and gets
// graphql's CommonJS build, while vitest would hand our own `import "graphql"` the ESM build; two instances
// make graphql-js refuse the schema ("Duplicate graphql modules"), so everything here shares the CommonJS one.
import { createRequire } from "node:module";

const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

export const {
  execute,
  getArgumentValues,
  getDirectiveValues,
  getOperationAST,
  parse,
  validate,
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLScalarType,
  GraphQLSkipDirective,
  Kind,
  getNamedType,
  isCompositeType,
  isLeafType,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  valueFromASTUntyped,
} = graphql;
