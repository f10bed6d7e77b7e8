// The product variants a free-product reward can give, as the settings page's picker offers them:
// found in Shopify by the merchant's words (each a title prefix), and named when a saved reward
// names one. Asked through the request's Admin API client.
import type { AdminGraphql } from "~/messaging/guides.server";
import { LoyaltyVariantSearch, LoyaltyVariantTitles } from "./loyalty-admin.operations";

export interface VariantOption {
  id: string;
  /** "Mug - Blue", or the product's title alone for its only (default) variant. */
  title: string;
}

async function ask<R>(graphql: AdminGraphql, document: string, variables: Record<string, unknown>): Promise<R> {
  const response = await graphql(document, { variables });
  const body = (await response.json()) as { data?: R; errors?: unknown };
  if (!body.data) throw new Error(`Shopify answered without data: ${JSON.stringify(body.errors ?? null).slice(0, 300)}`);
  return body.data;
}

/** The merchant's words as Shopify search terms: each a prefix, all required, operators dropped. */
function searchTerms(text: string): string {
  return text
    .replace(/[\\():"'*<>=!~^-]/g, " ")
    .split(/\s+/)
    .filter((word) => word && !/^(AND|OR|NOT)$/.test(word))
    .slice(0, 8)
    .map((word) => `${word}*`)
    .join(" ");
}

export async function searchVariants(graphql: AdminGraphql, text: string): Promise<VariantOption[]> {
  const query = searchTerms(text);
  if (!query) return [];
  const data = await ask<NonNullable<(typeof LoyaltyVariantSearch)["__result"]>>(graphql, LoyaltyVariantSearch.document, { query });
  return data.products.nodes.flatMap((p) =>
    p.variants.nodes.map((v) => ({
      id: v.id,
      title: p.variants.nodes.length === 1 && v.title === "Default Title" ? p.title : `${p.title} - ${v.title}`,
    })),
  );
}

/** Names of these variants; ids Shopify no longer knows are left out. */
export async function variantTitles(graphql: AdminGraphql, ids: string[]): Promise<Record<string, string>> {
  const titles: Record<string, string> = {};
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 100) {
    const data = await ask<NonNullable<(typeof LoyaltyVariantTitles)["__result"]>>(graphql, LoyaltyVariantTitles.document, {
      ids: unique.slice(i, i + 100),
    });
    for (const node of data.nodes) if (node && "id" in node && typeof node.displayName === "string") titles[node.id] = node.displayName;
  }
  return titles;
}
