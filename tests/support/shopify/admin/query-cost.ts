// Query cost and the per-shop leaky bucket, a simplified model of Shopify's calculated rate limits:
// objects cost 1, connections 2 + page size × node cost, mutation fields 10, scalars and pageInfo nothing.
import {
  getNamedType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
} from "./graphql-runtime";
import type {
  FragmentDefinitionNode,
  GraphQLCompositeType,
  GraphQLOutputType,
  GraphQLSchema,
  OperationDefinitionNode,
  SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const SINGLE_QUERY_MAX_COST = 1000;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Shopify's bucket: `maximumAvailable` points, refilled at `restoreRate` per second. */
export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    private readonly clock: () => number,
    readonly maximumAvailable = 2000,
    readonly restoreRate = 100,
  ) {
    this.available = maximumAvailable;
    this.updatedAt = clock();
  }

  private refill(): void {
    const now = this.clock();
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.available = Math.min(this.maximumAvailable, this.available + elapsedSeconds * this.restoreRate);
    this.updatedAt = now;
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }

  /** Takes `cost` points when available; returns false (taking nothing) otherwise. */
  tryTake(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  /** Empties the bucket, as a burst of other requests would. */
  drain(): void {
    this.refill();
    this.available = 0;
  }
}

function unwrap(type: GraphQLOutputType): { named: ReturnType<typeof getNamedType>; isList: boolean } {
  let t = type;
  if (isNonNullType(t)) t = t.ofType;
  return { named: getNamedType(type), isList: isListType(t) };
}

/** Requested cost of one operation, computed from the document before execution. */
export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const argNumber = (value: unknown): number | null => (typeof value === "number" ? value : null);

  const selectionCost = (parent: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined): number => {
    if (!selectionSet) return 0;
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        total += selectionCost((typed && isCompositeType(typed) ? typed : parent) as GraphQLCompositeType, selection.selectionSet);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        const typed = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment)
          total += selectionCost((typed && isCompositeType(typed) ? typed : parent) as GraphQLCompositeType, fragment.selectionSet);
        continue;
      }
      if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
      const field = parent.getFields()[selection.name.value];
      if (!field) continue;
      const { named, isList } = unwrap(field.type);
      if (!named || isLeafType(named) || named.name === "PageInfo" || !isCompositeType(named)) continue;
      const args: Record<string, unknown> = {};
      for (const arg of selection.arguments ?? []) args[arg.name.value] = valueFromASTUntyped(arg.value, variables);
      const pageSize = argNumber(args.first) ?? argNumber(args.last);
      const childCost = selectionCost(named, selection.selectionSet);
      if (named.name.endsWith("Connection")) total += 2 + (pageSize ?? 0) * Math.max(1, childCost);
      else if (named.name.endsWith("Edge")) total += childCost;
      else if (isList) total += (pageSize ?? 1) * (1 + childCost);
      else total += 1 + childCost;
    }
    return total;
  };

  if (operation.operation === "mutation") {
    return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith("__")).length * MUTATION_COST;
  }
  const root = schema.getQueryType();
  return root ? selectionCost(root, operation.selectionSet) : 0;
}

/** Cost of what was actually returned: the same model applied to the response data. */
export function actualCost(data: unknown, operation: OperationDefinitionNode): number {
  if (operation.operation === "mutation") {
    return operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && !s.name.value.startsWith("__")).length * MUTATION_COST;
  }
  const walk = (value: unknown, key: string): number => {
    if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + walk(item, key), 0);
    if (value === null || typeof value !== "object") return 0;
    const record = value as Record<string, unknown>;
    const own = key === "pageInfo" || key === "edges" ? 0 : "edges" in record || "nodes" in record || "pageInfo" in record ? 2 : 1;
    return Object.entries(record).reduce((sum, [childKey, child]) => sum + walk(child, childKey), own);
  };
  if (data === null || typeof data !== "object") return 0;
  return Object.entries(data as Record<string, unknown>).reduce((sum, [key, value]) => sum + walk(value, key), 0);
}
