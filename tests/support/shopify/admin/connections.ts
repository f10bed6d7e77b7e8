// Relay-style pagination (first/after, last/before) and Shopify's simple search syntax (`key:value`,
// `created_at:>=2026-01-01`, `-key:value`, bare words) for the double's list fields.
import { GraphQLError } from "./graphql-runtime";

/**
 * Marks a connection's arguments as read by a bulk operation: Shopify's bulk queries page through every
 * item themselves, so `first`/`last` are optional and the per-request page limit does not apply.
 */
export const UNBOUNDED_PAGE: unique symbol = Symbol("unbounded page");

export interface PageArgs {
  [UNBOUNDED_PAGE]?: boolean;
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const MAX_PAGE_SIZE = 250;

function badArgs(message: string) {
  return new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } });
}

export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ last_id: key }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { last_id?: unknown };
    if (typeof parsed.last_id === "string") return parsed.last_id;
  } catch {
    // fall through to the error below
  }
  throw badArgs(`Invalid cursor for current pagination sort.`);
}

// Edges and page info compute their cursors when read: a bulk operation walks hundreds of thousands of
// edges and asks for none.
class Edge<T> {
  constructor(
    readonly node: T,
    private readonly key: string,
  ) {}

  get cursor(): string {
    return encodeCursor(this.key);
  }
}

class PageInfo {
  constructor(
    readonly hasNextPage: boolean,
    readonly hasPreviousPage: boolean,
    private readonly edges: Edge<unknown>[],
  ) {}

  get startCursor(): string | null {
    return this.edges[0]?.cursor ?? null;
  }

  get endCursor(): string | null {
    return this.edges[this.edges.length - 1]?.cursor ?? null;
  }
}

/** Slices `items` (already sorted) the way Shopify's connections do; `keyOf` gives each item a stable key. */
export function paginate<T>(items: T[], args: PageArgs, keyOf: (item: T) => string): Connection<T> {
  const unbounded = args[UNBOUNDED_PAGE] === true;
  const { first, last } = unbounded && args.first == null && args.last == null ? { first: Infinity, last: null } : args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw badArgs("you must provide one of first or last");
  }
  if (first != null && last != null) throw badArgs("providing both first and last is not supported");
  const size = (first ?? last)!;
  if (size < 0) throw badArgs("first and last must be non-negative");
  if (size > MAX_PAGE_SIZE && !unbounded) throw badArgs(`The maximum number of items per page is ${MAX_PAGE_SIZE}, ${size} were requested`);

  const ordered = args.reverse ? [...items].reverse() : items;
  let start = 0;
  let end = ordered.length;
  if (args.after) {
    const key = decodeCursor(args.after);
    const index = ordered.findIndex((item) => keyOf(item) === key);
    start = index === -1 ? ordered.length : index + 1;
  }
  if (args.before) {
    const key = decodeCursor(args.before);
    const index = ordered.findIndex((item) => keyOf(item) === key);
    end = index === -1 ? end : index;
  }
  let window = ordered.slice(start, Math.max(start, end));
  let hasNextPage = end < ordered.length;
  let hasPreviousPage = start > 0;
  if (first != null) {
    hasNextPage = window.length > first || hasNextPage;
    window = window.slice(0, first);
  } else if (last != null) {
    hasPreviousPage = window.length > last || hasPreviousPage;
    window = window.slice(Math.max(0, window.length - last));
  }
  const edges = window.map((node) => new Edge(node, keyOf(node)));
  return { edges, nodes: window, pageInfo: new PageInfo(hasNextPage, hasPreviousPage, edges) };
}

export type SearchValue = string | number | boolean | null | string[];
export type SearchFields<T> = Record<string, (item: T) => SearchValue>;

interface Term {
  key: string | null;
  comparator: ":" | ">" | "<" | ">=" | "<=";
  value: string;
  negate: boolean;
  /** For a range comparison: whether the value is a date, and the number it stands for (read once per query). */
  asDate?: boolean;
  bound?: number;
}

function withBound(term: Term): Term {
  if (term.comparator === ":") return term;
  const asDate = /^\d{4}-\d{2}-\d{2}/.test(term.value);
  return { ...term, asDate, bound: asDate ? Date.parse(term.value) : Number(term.value) };
}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const pattern = /(-?[\w.]+:(?:[<>]=?)?(?:"[^"]*"|'[^']*'|\S+))|"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of query.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? match[3] ?? match[4]);
  return tokens;
}

export function parseSearch(query: string): Term[] {
  const terms: Term[] = [];
  for (const token of tokenize(query)) {
    if (token === "AND" || token === "OR") continue;
    const match = /^(-?)([\w.]+):(>=|<=|>|<)?(.*)$/.exec(token);
    if (!match) {
      terms.push({ key: null, comparator: ":", value: token.replace(/^["']|["']$/g, ""), negate: false });
      continue;
    }
    terms.push(
      withBound({
        key: match[2].toLowerCase(),
        comparator: (match[3] as Term["comparator"] | undefined) ?? ":",
        value: match[4].replace(/^["']|["']$/g, ""),
        negate: match[1] === "-",
      }),
    );
  }
  return terms;
}

function compare(actual: SearchValue, term: Term): boolean {
  if (Array.isArray(actual)) return actual.some((a) => compare(a, term));
  if (actual === null) return term.value.toLowerCase() === "null";
  const wanted = term.value;
  if (term.comparator !== ":") {
    const left = term.asDate ? Date.parse(String(actual)) : Number(actual);
    const right = term.bound ?? Number.NaN;
    if (Number.isNaN(left) || Number.isNaN(right)) return false;
    switch (term.comparator) {
      case ">":
        return left > right;
      case "<":
        return left < right;
      case ">=":
        return left >= right;
      case "<=":
        return left <= right;
    }
  }
  const text = String(actual).toLowerCase();
  const needle = wanted.toLowerCase();
  if (needle.endsWith("*")) return text.startsWith(needle.slice(0, -1));
  return text === needle;
}

/**
 * Keeps the items matching every term. Unknown keys match nothing, as Shopify's search does for fields it
 * cannot filter on; bare words search `defaultText` case-insensitively.
 */
/** A word without a field: found anywhere in the default text; `word*` (Shopify's prefix search): a word of it starts so. */
function freeText(text: string, value: string): boolean {
  const haystack = text.toLowerCase();
  const needle = value.toLowerCase();
  if (!needle.endsWith("*")) return haystack.includes(needle);
  const prefix = needle.slice(0, -1);
  return haystack.split(/[\s\-_/.,]+/).some((word) => word.startsWith(prefix));
}

export function applySearch<T>(
  items: T[],
  query: string | null | undefined,
  fields: SearchFields<T>,
  defaultText: (item: T) => string,
): T[] {
  if (!query || !query.trim()) return items;
  const terms = parseSearch(query);
  return items.filter((item) =>
    terms.every((term) => {
      let matched: boolean;
      if (term.key === null) matched = freeText(defaultText(item), term.value);
      else {
        const field = fields[term.key];
        matched = field ? compare(field(item), term) : false;
      }
      return term.negate ? !matched : matched;
    }),
  );
}
