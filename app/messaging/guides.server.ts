// What the merchant attaches to their catalogue for the emails: care and how-to links per product or
// collection (ProductGuide, listed under the bought items of the delivery follow-up) and cross-sell
// rules (CrossSellRule: bought this product or anything in this collection → suggest these products).
// Validated with zod, scoped by shop; plus the catalogue the admin pages pick targets from.
import { z } from "zod";
import type { Db } from "~/platform/db.server";
import { CatalogTitles, MessagingCatalog, MessagingCatalogSearch } from "./messaging.operations";
import { forgetPreviews } from "./preview.server";

export const TARGET_TYPES = ["product", "collection"] as const;
export type TargetType = (typeof TARGET_TYPES)[number];

export const MAX_GUIDES_PER_TARGET = 10;
export const MAX_RULE_PRODUCTS = 6;
const MAX_GUIDES = 2_000;
const MAX_RULES = 1_000;

const GID_TYPE: Record<TargetType, string> = { product: "Product", collection: "Collection" };
const productGid = z
  .string()
  .trim()
  .regex(/^gid:\/\/shopify\/Product\/\d+$/, "a product");

function targetMatches(type: TargetType, gid: string): boolean {
  return new RegExp(`^gid://shopify/${GID_TYPE[type]}/\\d+$`).test(gid);
}

export const guideInput = z
  .object({
    targetType: z.enum(TARGET_TYPES),
    targetGid: z.string().trim().min(1, "a product or collection is needed"),
    title: z.string().trim().min(1, "a title is needed").max(120),
    url: z
      .string()
      .trim()
      .min(1, "a link is needed")
      .max(2_000)
      .url("a link like https://…")
      .refine((u) => u.startsWith("https://"), "an https:// link"),
  })
  .refine((g) => targetMatches(g.targetType, g.targetGid), { path: ["targetGid"], message: "a product or collection of the shop" });

export type GuideInput = z.infer<typeof guideInput>;

export const crossSellRuleInput = z
  .object({
    sourceType: z.enum(TARGET_TYPES),
    sourceGid: z.string().trim().min(1, "a product or collection is needed"),
    productGids: z
      .array(productGid)
      .min(1, "at least one product to suggest")
      .max(MAX_RULE_PRODUCTS, `at most ${MAX_RULE_PRODUCTS} products`)
      .transform((ids) => [...new Set(ids)]),
  })
  .refine((r) => targetMatches(r.sourceType, r.sourceGid), { path: ["sourceGid"], message: "a product or collection of the shop" })
  .refine((r) => !r.productGids.includes(r.sourceGid), { path: ["productGids"], message: "not the product itself" });

export type CrossSellRuleInput = z.infer<typeof crossSellRuleInput>;

/** A rule the service refused for a reason the input's shape cannot show (limits). */
export class GuideLimitError extends Error {
  constructor(
    readonly field: string,
    readonly code: "too_many_for_target" | "too_many",
  ) {
    super(`${field}: ${code}`);
    this.name = "GuideLimitError";
  }
}

// ─── Care and how-to links ───

export interface Guide {
  id: string;
  targetType: TargetType;
  targetGid: string;
  title: string;
  url: string;
}

function asTargetType(v: string): TargetType {
  return v === "collection" ? "collection" : "product";
}

export async function listGuides(db: Db, shop: string): Promise<Guide[]> {
  const rows = await db.productGuide.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({ id: r.id, targetType: asTargetType(r.targetType), targetGid: r.targetGid, title: r.title, url: r.url }));
}

export async function addGuide(db: Db, shop: string, input: GuideInput): Promise<Guide> {
  const [forTarget, all] = await Promise.all([
    db.productGuide.count({ where: { shop, targetGid: input.targetGid } }),
    db.productGuide.count({ where: { shop } }),
  ]);
  if (forTarget >= MAX_GUIDES_PER_TARGET) throw new GuideLimitError("targetGid", "too_many_for_target");
  if (all >= MAX_GUIDES) throw new GuideLimitError("targetGid", "too_many");
  const row = await db.productGuide.create({ data: { shop, ...input } });
  forgetPreviews(shop);
  return { id: row.id, targetType: input.targetType, targetGid: row.targetGid, title: row.title, url: row.url };
}

/** Changes a link's title and URL (its target stays); false when the shop has no such link. */
export async function updateGuide(db: Db, shop: string, id: string, input: Pick<GuideInput, "title" | "url">): Promise<boolean> {
  const { count } = await db.productGuide.updateMany({ where: { shop, id }, data: { title: input.title, url: input.url } });
  forgetPreviews(shop);
  return count === 1;
}

export async function deleteGuide(db: Db, shop: string, id: string): Promise<boolean> {
  const { count } = await db.productGuide.deleteMany({ where: { shop, id } });
  forgetPreviews(shop);
  return count === 1;
}

// ─── Cross-sell rules ───

export interface CrossSellRule {
  id: string;
  sourceType: TargetType;
  sourceGid: string;
  productGids: string[];
}

function parseGids(json: string): string[] {
  try {
    const list = JSON.parse(json);
    return Array.isArray(list) ? list.filter((g): g is string => typeof g === "string") : [];
  } catch {
    return [];
  }
}

export async function listRules(db: Db, shop: string): Promise<CrossSellRule[]> {
  const rows = await db.crossSellRule.findMany({ where: { shop }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => ({
    id: r.id,
    sourceType: asTargetType(r.sourceType),
    sourceGid: r.sourceGid,
    productGids: parseGids(r.productGids),
  }));
}

/** One rule per source: saving a rule for a source that has one replaces its products. */
export async function saveRule(db: Db, shop: string, input: CrossSellRuleInput): Promise<CrossSellRule> {
  const data = { sourceType: input.sourceType, sourceGid: input.sourceGid, productGids: JSON.stringify(input.productGids) };
  const existing = await db.crossSellRule.findFirst({ where: { shop, sourceGid: input.sourceGid }, select: { id: true } });
  let id: string;
  if (existing) {
    await db.crossSellRule.updateMany({ where: { shop, id: existing.id }, data });
    id = existing.id;
  } else {
    if ((await db.crossSellRule.count({ where: { shop } })) >= MAX_RULES) throw new GuideLimitError("sourceGid", "too_many");
    id = (await db.crossSellRule.create({ data: { shop, ...data } })).id;
  }
  forgetPreviews(shop);
  return { id, sourceType: input.sourceType, sourceGid: input.sourceGid, productGids: input.productGids };
}

export async function deleteRule(db: Db, shop: string, id: string): Promise<boolean> {
  const { count } = await db.crossSellRule.deleteMany({ where: { shop, id } });
  forgetPreviews(shop);
  return count === 1;
}

// ─── The catalogue the pickers offer ───

export interface CatalogItem {
  id: string;
  title: string;
}

export interface Catalog {
  products: CatalogItem[];
  collections: CatalogItem[];
  /** False when the shop has more than one page of either: the pickers then search Shopify as the merchant types. */
  complete: boolean;
}

type CatalogResult = NonNullable<(typeof MessagingCatalog)["__result"]>;

/** The request's Admin API client (`admin.graphql` from `authenticate.admin`). */
export type AdminGraphql = (query: string, options?: { variables?: Record<string, unknown> }) => Promise<Response>;

/** The shop's products and collections by title; null when Shopify could not be asked (the page says so and carries on). */
export async function loadCatalog(graphql: AdminGraphql, onError?: (error: unknown) => void): Promise<Catalog | null> {
  try {
    const response = await graphql(MessagingCatalog.document);
    const body = (await response.json()) as { data?: CatalogResult; errors?: unknown };
    if (!body.data) throw new Error(`MessagingCatalog answered without data: ${JSON.stringify(body.errors ?? null).slice(0, 300)}`);
    const { products, collections } = body.data;
    return {
      products: products.nodes,
      collections: collections.nodes,
      complete: !products.pageInfo.hasNextPage && !collections.pageInfo.hasNextPage,
    };
  } catch (error) {
    // The Shopify library throws a Response for an expired session (re-authentication): let it through.
    if (error instanceof Response) throw error;
    onError?.(error);
    return null;
  }
}

async function ask<R>(graphql: AdminGraphql, document: string, variables: Record<string, unknown>): Promise<R> {
  const response = await graphql(document, { variables });
  const body = (await response.json()) as { data?: R; errors?: unknown };
  if (!body.data) throw new Error(`Shopify answered without data: ${JSON.stringify(body.errors ?? null).slice(0, 300)}`);
  return body.data;
}

/**
 * The merchant's words as Shopify search terms: each a prefix (`kub*` finds "Kubek"), all required.
 * Characters Shopify's search syntax treats as operators are dropped, so words stay words.
 */
function searchTerms(text: string): string {
  return text
    .replace(/[\\():"'*<>=!~^-]/g, " ")
    .split(/\s+/)
    .filter((word) => word && !/^(AND|OR|NOT)$/.test(word))
    .slice(0, 8)
    .map((word) => `${word}*`)
    .join(" ");
}

/** Products and collections found by the merchant's words, as Shopify's admin search finds them (a large catalogue's picker). */
export async function searchCatalog(graphql: AdminGraphql, text: string): Promise<Omit<Catalog, "complete">> {
  const query = searchTerms(text);
  if (!query) return { products: [], collections: [] };
  const data = await ask<NonNullable<(typeof MessagingCatalogSearch)["__result"]>>(graphql, MessagingCatalogSearch.document, { query });
  return { products: data.products.nodes, collections: data.collections.nodes };
}

/** Titles for ids the loaded catalogue does not hold (a large shop's links and rules); ids Shopify no longer knows are left out. */
export async function catalogTitles(graphql: AdminGraphql, ids: string[]): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 100) {
    const data = await ask<NonNullable<(typeof CatalogTitles)["__result"]>>(graphql, CatalogTitles.document, {
      ids: ids.slice(i, i + 100),
    });
    for (const node of data.nodes) if (node && "id" in node && typeof node.title === "string") titles.set(node.id, node.title);
  }
  return titles;
}

/** The catalogue with titles for every id the shop's links and rules name (a large shop's first page may lack them). */
export async function withTitlesFor(
  graphql: AdminGraphql,
  catalog: Catalog | null,
  ids: string[],
  onError?: (error: unknown) => void,
): Promise<Catalog | null> {
  if (!catalog || catalog.complete) return catalog;
  const known = new Set([...catalog.products, ...catalog.collections].map((o) => o.id));
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  if (!missing.length) return catalog;
  try {
    const titles = await catalogTitles(graphql, missing);
    const add = (kind: string) => [...titles].filter(([id]) => id.includes(`/${kind}/`)).map(([id, title]) => ({ id, title }));
    return { ...catalog, products: [...catalog.products, ...add("Product")], collections: [...catalog.collections, ...add("Collection")] };
  } catch (error) {
    if (error instanceof Response) throw error;
    onError?.(error);
    return catalog;
  }
}
