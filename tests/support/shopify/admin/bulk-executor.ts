// Runs a bulk query's selection on the store with the double's own schema and resolvers, compiled once per
// operation so that hundreds of thousands of nodes run fast: arguments are read once, each field is resolved
// and its value serialised as graphql-js would, connections return every item, and the nodes of a nested
// connection come back as children of the node they belong to (lines of their own in the JSONL file).
import type {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLField,
  GraphQLFieldResolver,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLResolveInfo,
  GraphQLSchema,
  SelectionSetNode,
} from "graphql";
import type { BulkQueryPlan } from "./bulk-query";
import { UNBOUNDED_PAGE } from "./connections";
import { isConnectionTypeName } from "./executable-schema";
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
} from "./graphql-runtime";
import type { AdminContext } from "./resolvers";

type Json = Record<string, unknown>;

/** One node of a connection: its line's fields and the nodes of its nested connections. */
export interface NodeResult {
  object: Json;
  children: NodeResult[];
}

type Complete = (value: unknown, children: NodeResult[]) => unknown;

interface Step {
  key: string;
  read: (source: unknown) => unknown;
  /** Ordinary fields: the value for the line. */
  complete?: Complete;
  /** Nested connections: each node becomes a child instead. */
  connection?: ConnectionSteps;
}

interface ConnectionSteps {
  edges: (connection: unknown) => unknown;
  node: (edge: unknown) => unknown;
  steps: Step[];
}

// Resolvers in this double never look at `info`.
const NO_INFO = undefined as unknown as GraphQLResolveInfo;

export class BulkExecutor {
  private readonly fragments: Record<string, FragmentDefinitionNode> = {};
  private readonly root: ConnectionSteps;
  private readonly rootRead: (source: unknown) => unknown;

  constructor(
    private readonly schema: GraphQLSchema,
    plan: BulkQueryPlan,
    private readonly context: AdminContext,
  ) {
    for (const definition of plan.document.definitions)
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments[definition.name.value] = definition;
    const queryRoot = schema.getQueryType()!;
    const field = queryRoot.getFields()[plan.rootField.name.value];
    this.rootRead = this.reader(field, [plan.rootField], true);
    this.root = this.connection(getNamedType(field.type) as GraphQLObjectType, [plan.rootField]);
  }

  /** Every node of the root connection, in the order its resolver sorts them. */
  rootNodes(): unknown[] {
    const edges = this.root.edges(this.rootRead(undefined));
    return Array.isArray(edges) ? edges.map((edge) => this.root.node(edge)).filter((node) => node != null) : [];
  }

  /** One root node's line and its nested connections' nodes. */
  run(node: unknown): NodeResult {
    const children: NodeResult[] = [];
    return { object: this.object(this.root.steps, node, children), children };
  }

  private object(steps: Step[], source: unknown, children: NodeResult[]): Json {
    const out: Json = {};
    for (const step of steps) {
      const value = step.read(source);
      if (step.complete) {
        out[step.key] = step.complete(value, children);
        continue;
      }
      const connection = step.connection!;
      const edges = value == null ? null : connection.edges(value);
      if (!Array.isArray(edges)) continue;
      for (const edge of edges) {
        const node = connection.node(edge);
        if (node == null) continue;
        const grandchildren: NodeResult[] = [];
        children.push({ object: this.object(connection.steps, node, grandchildren), children: grandchildren });
      }
    }
    return out;
  }

  /** Resolves a field on its parent value the way graphql-js does: its resolver, or the property of that name. */
  private reader(field: GraphQLField<unknown, unknown>, nodes: FieldNode[], unbounded: boolean): (source: unknown) => unknown {
    const args: Record<string | symbol, unknown> = getArgumentValues(field, nodes[0], {});
    if (unbounded) args[UNBOUNDED_PAGE] = true;
    const context = this.context;
    const resolve: GraphQLFieldResolver<unknown, unknown> | undefined = field.resolve;
    if (resolve) return (source) => resolve(source, args, context, NO_INFO);
    const name = field.name;
    return (source) => {
      const property = source == null ? undefined : (source as Json)[name];
      return typeof property === "function" ? (property as (...a: unknown[]) => unknown).call(source, args, context, NO_INFO) : property;
    };
  }

  private connection(type: GraphQLObjectType, nodes: FieldNode[]): ConnectionSteps {
    const inside = this.fields(type, this.selectionSets(nodes));
    const edgesNodes = [...inside.values()].find((group) => group[0].name.value === "edges") ?? [];
    const edgesField = type.getFields().edges;
    const edgeType = getNamedType(edgesField.type) as GraphQLObjectType;
    const nodeNodes = [...this.fields(edgeType, this.selectionSets(edgesNodes)).values()].find((group) => group[0].name.value === "node");
    const nodeField = edgeType.getFields().node;
    const nodeType = getNamedType(nodeField.type);
    return {
      edges: this.reader(edgesField, edgesNodes.length > 0 ? edgesNodes : nodes, false),
      node: this.reader(nodeField, nodeNodes ?? nodes, false),
      steps: isObjectType(nodeType) && nodeNodes ? this.steps(nodeType, this.selectionSets(nodeNodes)) : [],
    };
  }

  private steps(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): Step[] {
    return [...this.fields(type, selectionSets)].map(([key, nodes]): Step => {
      const name = nodes[0].name.value;
      if (name === "__typename") return { key, read: () => type.name, complete: (value) => value };
      const field = type.getFields()[name];
      const named = getNamedType(field.type);
      if (isObjectType(named) && isConnectionTypeName(named.name) && "edges" in named.getFields()) {
        return { key, read: this.reader(field, nodes, true), connection: this.connection(named, nodes) };
      }
      return { key, read: this.reader(field, nodes, false), complete: this.completer(field.type, nodes, `${type.name}.${name}`) };
    });
  }

  /** Turns a resolved value into what graphql-js would put in the response for a field of `type`. */
  private completer(type: GraphQLOutputType, nodes: FieldNode[], path: string): Complete {
    if (isNonNullType(type)) {
      const inner = this.completer(type.ofType, nodes, path);
      return (value, children) => {
        if (value == null) throw new Error(`Cannot return null for non-nullable field ${path}.`);
        return inner(value, children);
      };
    }
    if (isListType(type)) {
      const item = this.completer(type.ofType, nodes, path);
      return (value, children) => (value == null ? null : Array.from(value as Iterable<unknown>, (v) => item(v, children)));
    }
    if (isLeafType(type)) return (value) => (value == null ? null : type.serialize(value));
    const selectionSets = this.selectionSets(nodes);
    if (isObjectType(type)) {
      const steps = this.steps(type, selectionSets);
      return (value, children) => (value == null ? null : this.object(steps, value, children));
    }
    const byType = new Map<string, Step[]>();
    return (value, children) => {
      if (value == null) return null;
      const name = type.resolveType?.(value, this.context, NO_INFO, type);
      const concrete = typeof name === "string" ? this.schema.getType(name) : null;
      if (!concrete || !isObjectType(concrete)) throw new Error(`Cannot resolve the type of a ${type.name} at ${path}.`);
      let steps = byType.get(concrete.name);
      if (!steps) byType.set(concrete.name, (steps = this.steps(concrete, selectionSets)));
      return this.object(steps, value, children);
    };
  }

  private selectionSets(nodes: FieldNode[]): SelectionSetNode[] {
    return nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
  }

  /** graphql-js's field collection: fields by response key, through fragments that apply to `type`, minus @skip/@include. */
  private fields(type: GraphQLObjectType, selectionSets: readonly SelectionSetNode[], into = new Map<string, FieldNode[]>()) {
    for (const selectionSet of selectionSets) {
      for (const selection of selectionSet.selections) {
        if (getDirectiveValues(GraphQLSkipDirective, selection)?.if === true) continue;
        if (getDirectiveValues(GraphQLIncludeDirective, selection)?.if === false) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          into.set(key, [...(into.get(key) ?? []), selection]);
          continue;
        }
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : this.fragments[selection.name.value];
        if (!fragment) continue;
        const condition = fragment.typeCondition ? this.schema.getType(fragment.typeCondition.name.value) : type;
        const applies =
          condition === type || (condition !== undefined && isAbstractType(condition) && this.schema.isSubType(condition, type));
        if (applies) this.fields(type, [fragment.selectionSet], into);
      }
    }
    return into;
  }
}
