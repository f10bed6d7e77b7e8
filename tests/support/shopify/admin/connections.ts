// Relay-style pagination (first/after, last/before) and Shopify's simple search syntax (`key:value`,
// `created_at:>=2026-01-01`, `-key:value`, bare words) for the double's list fields.
import { GraphQLError } from "./graphql-runtime";

export interface PageArgs {
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

/** Slices `items` (already sorted) the way Shopify's connections do; `keyOf` gives each item a stable key. */
export function paginate<T>(items: T[], args: PageArgs, keyOf: (item: T) => string): Connection<T> {
  const { first, last } = args;
  if ((first === undefined || first === null) && (last === undefined || last === null)) {
    throw badArgs("you must provide one of first or last");
  }
  if (first != null && last != null) throw badArgs("providing both first and last is not supported");
  const size = (first ?? last)!;
  if (size < 0) throw badArgs("first and last must be non-negative");
  if (size > MAX_PAGE_SIZE) throw badArgs(`The maximum number of items per page is ${MAX_PAGE_SIZE}, ${size} were requested`);

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
  const edges = window.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    nodes: window,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export type SearchValue = string | number | boolean | null | string[];
export type SearchFields<T> = Record<string, (item: T) => SearchValue>;

interface Term {
  key: string | null;
  comparator: ":" | ">" | "<" | ">=" | "<=";
  value: string;
  negate: boolean;
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
    terms.push({
      key: match[2].toLowerCase(),
      comparator: (match[3] as Term["comparator"] | undefined) ?? ":",
      value: match[4].replace(/^["']|["']$/g, ""),
      negate: match[1] === "-",
    });
  }
  return terms;
}

function compare(actual: SearchValue, term: Term): boolean {
  if (Array.isArray(actual)) return actual.some((a) => compare(a, term));
  if (actual === null) return term.value.toLowerCase() === "null";
  const wanted = term.value;
  if (term.comparator !== ":") {
    const asDate = /^\d{4}-\d{2}-\d{2}/.test(wanted);
    const left = asDate ? Date.parse(String(actual)) : Number(actual);
    const right = asDate ? Date.parse(wanted) : Number(wanted);
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
      if (term.key === null) matched = defaultText(item).toLowerCase().includes(term.value.toLowerCase());
      else {
        const field = fields[term.key];
        matched = field ? compare(field(item), term) : false;
      }
      return term.negate ? !matched : matched;
    }),
  );
}
