// Reads a bulk query the way Shopify's bulkOperationRunQuery does before accepting it (valid GraphQL, at least
// one and at most five connections, nested at most two deep, selected through edges > node, parents with an
// id, none inside a list) and notes which resources it reads, hence which access scopes it needs.
import type {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLError,
  GraphQLSchema,
  SelectionSetNode,
} from "graphql";
import { isConnectionTypeName } from "./executable-schema";
import {
  getNamedType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  validate,
} from "./graphql-runtime";
import { shopifyValidationError } from "./validation-errors";

export const MAX_BULK_CONNECTIONS = 5;
/** Nesting depth of a connection inside the root connection's nodes (the root connection is depth 0). */
export const MAX_BULK_CONNECTION_DEPTH = 2;

export interface BulkQueryPlan {
  document: DocumentNode;
  /** The query's one top-level field, a connection. */
  rootField: FieldNode;
  /** Resources the query reads (`orders`, `customers`, …): the operation needs `read_<resource>` for each. */
  resources: string[];
}

export type BulkQueryAnalysis = { ok: true; plan: BulkQueryPlan } | { ok: false; errors: string[] };

/** Which access scope protects which object type (read or write access to the resource grants reading it). */
const RESOURCE_OF_TYPE: Record<string, string> = {
  Order: "orders",
  Customer: "customers",
  Product: "products",
  ProductVariant: "products",
  Collection: "products",
};

interface Collected {
  field: FieldNode;
  parent: GraphQLCompositeType;
}

interface Findings {
  connections: number;
  maxDepth: number;
  withoutEdgesNode: string[];
  withoutParentId: string[];
  connectionInList: boolean;
  topLevelNode: boolean;
  resources: Set<string>;
}

function fail(...errors: string[]): BulkQueryAnalysis {
  return { ok: false, errors };
}

/** True when `scope` (comma-separated, or null for every scope) lets the app read `resource`. */
export function canRead(scope: string | null, resource: string): boolean {
  if (scope === null) return true;
  const granted = new Set(scope.split(",").map((s) => s.trim()));
  return granted.has(`read_${resource}`) || granted.has(`write_${resource}`);
}

export function analyseBulkQuery(query: string, schema: GraphQLSchema): BulkQueryAnalysis {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return fail(`Invalid bulk query: ${(error as GraphQLError).message}`);
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) return fail(...invalid.map((error) => `Invalid bulk query: ${shopifyValidationError(error).message}`));
  const operation = getOperationAST(document);
  if (!operation) return fail("Invalid bulk query: a bulk query must contain exactly one operation");
  if (operation.operation !== "query") return fail("Invalid operation type. Only `query` operations are supported.");

  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;

  const collect = (selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType): Collected[] => {
    if (!selectionSet) return [];
    return selectionSet.selections.flatMap((selection): Collected[] => {
      if (selection.kind === Kind.FIELD) return selection.name.value === "__typename" ? [] : [{ field: selection, parent }];
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments[selection.name.value];
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
      return collect(fragment.selectionSet, condition && isCompositeType(condition) ? condition : parent);
    });
  };

  const findings: Findings = {
    connections: 0,
    maxDepth: -1,
    withoutEdgesNode: [],
    withoutParentId: [],
    connectionInList: false,
    topLevelNode: false,
    resources: new Set(),
  };
  const needs = (typeName: string) => {
    const resource = RESOURCE_OF_TYPE[typeName];
    if (resource) findings.resources.add(resource);
  };

  // `depth` is the connection depth of the node being walked (-1 above the root connection).
  const visit = ({ field, parent }: Collected, depth: number, inList: boolean): void => {
    if (!isObjectType(parent) && !isInterfaceType(parent)) return;
    const definition = parent.getFields()[field.name.value];
    if (!definition) return;
    const named = getNamedType(definition.type);
    needs(named.name);
    if (isObjectType(named) && isConnectionTypeName(named.name) && "edges" in named.getFields()) {
      const level = depth + 1;
      findings.connections++;
      findings.maxDepth = Math.max(findings.maxDepth, level);
      if (inList) findings.connectionInList = true;
      const inside = collect(field.selectionSet, named);
      const edges = inside.find((c) => c.field.name.value === "edges");
      const node = edges && collect(edges.field.selectionSet, edges.parent).find((c) => c.field.name.value === "node");
      if (!edges || !node || inside.some((c) => c.field.name.value === "nodes")) findings.withoutEdgesNode.push(field.name.value);
      if (!edges || !node) return;
      const edgeType = getNamedType(named.getFields().edges.type);
      const nodeType = isObjectType(edgeType) ? getNamedType(edgeType.getFields().node.type) : null;
      if (!nodeType || !isCompositeType(nodeType)) return;
      needs(nodeType.name);
      const nodeFields = collect(node.field.selectionSet, nodeType);
      const before = findings.connections;
      for (const child of nodeFields) visit(child, level, false);
      const hasId = nodeFields.some((c) => c.field.name.value === "id" && !c.field.alias);
      if (findings.connections > before && !hasId) findings.withoutParentId.push(field.name.value);
      return;
    }
    if (!isCompositeType(named) || !field.selectionSet) return;
    const list = isListType(isNonNullType(definition.type) ? definition.type.ofType : definition.type);
    for (const child of collect(field.selectionSet, named)) visit(child, depth, inList || list);
  };

  const queryRoot = schema.getQueryType()!;
  const rootFields = collect(operation.selectionSet, queryRoot);
  findings.topLevelNode = rootFields.some((c) => c.field.name.value === "node" || c.field.name.value === "nodes");
  for (const root of rootFields) visit(root, -1, false);

  const errors: string[] = [];
  if (findings.withoutEdgesNode.length > 0) {
    const names = [...new Set(findings.withoutEdgesNode)];
    errors.push(
      `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${names[0]} { edges { node {'. ` +
        `Selecting via 'nodes' is not supported. Invalid connection fields: ${names.map((n) => `'${n}'`).join(", ")}.`,
    );
  }
  if (findings.topLevelNode) errors.push("Bulk queries cannot contain a top level `node` field.");
  if (findings.maxDepth > MAX_BULK_CONNECTION_DEPTH)
    errors.push(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_CONNECTION_DEPTH}.`);
  if (findings.connections > MAX_BULK_CONNECTIONS)
    errors.push(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`);
  if (findings.withoutParentId.length > 0) {
    errors.push(
      "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. " +
        `Connection fields without 'id': ${[...new Set(findings.withoutParentId)].join(", ")}.`,
    );
  }
  if (findings.connectionInList) errors.push("Queries that contain a connection field within a list field are not currently supported.");
  if (findings.connections === 0 && (errors.length === 0 || (findings.topLevelNode && errors.length === 1)))
    errors.push("Bulk queries must contain at least one connection.");
  if (errors.length > 0) return fail(...errors);

  // Shopify exports one top-level field; the double runs it only when that field is a connection.
  if (rootFields.length !== 1) return fail("Bulk queries must contain exactly one top-level field.");
  const [{ field: rootField }] = rootFields;
  const rootType = getNamedType(queryRoot.getFields()[rootField.name.value].type);
  if (!isConnectionTypeName(rootType.name)) {
    return fail(`The Shopify double runs bulk queries whose top-level field is a connection; '${rootField.name.value}' is not.`);
  }
  return { ok: true, plan: { document, rootField, resources: [...findings.resources] } };
}
