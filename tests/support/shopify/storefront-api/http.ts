// HTTP face of the Storefront API double: POST /api/{version}/graphql.json (the shop is the token's) and
// POST /shops/{shop}/api/{version}/graphql.json (what https://{shop}/api/{version}/graphql.json becomes under
// the double's SHOPIFY_ADMIN_API_ORIGIN-style origin), authenticated by X-Shopify-Storefront-Access-Token.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { AdminStore } from "../admin/store";
import { StorefrontGraphqlApi } from "./graphql-api";
import { LISTINGS_SCOPE } from "./resolvers";
import { readText } from "../../../../app/platform/request-body";

export const STOREFRONT_TOKEN_HEADER = "X-Shopify-Storefront-Access-Token";

/** What Shopify answers (HTTP 401) to a missing or unknown Storefront API token. */
export const UNAUTHORIZED_BODY = { errors: [{ message: "", extensions: { code: "UNAUTHORIZED" } }] } as const;

/**
 * Without a token, a shop's own endpoint still answers product and collection queries (Shopify's tokenless
 * access: https://shopify.dev/docs/api/usage/authentication#access-tokens-for-the-storefront-api). The bare
 * /api/… path cannot tell which shop is meant without one.
 */
export const TOKENLESS_SCOPES: readonly string[] = [LISTINGS_SCOPE];

const API_PATH = /^(?:\/shops\/([a-z0-9][a-z0-9.-]*))?\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;

export type StorefrontApiListener = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & { graphql: StorefrontGraphqlApi };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "x-request-id": randomUUID(), ...headers });
  res.end(JSON.stringify(body));
}

function parseBody(req: IncomingMessage, text: string): unknown {
  if ((req.headers["content-type"] ?? "").includes("application/graphql")) return { query: text };
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createStorefrontApi(store: AdminStore): StorefrontApiListener {
  const graphql = new StorefrontGraphqlApi(store);
  const listener = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://double.local").pathname;
    const match = API_PATH.exec(path);
    if (!match) return false;
    const pathShop = match[1] ?? null;
    if (pathShop && !store.hasShop(pathShop)) {
      send(res, 404, { errors: "Not Found" });
      return true;
    }
    if (req.method !== "POST") {
      send(res, 405, { errors: "Method Not Allowed" }, { allow: "POST" });
      return true;
    }
    const text = await readText(req);
    const header = req.headers[STOREFRONT_TOKEN_HEADER.toLowerCase()];
    const token = typeof header === "string" && header !== "" ? store.findStorefrontAccessToken(header) : null;
    let shop: string;
    let scopes: string[];
    if (token && (!pathShop || token.shop === pathShop)) {
      shop = token.shop;
      scopes = token.token.scopes;
    } else if (header === undefined && pathShop) {
      shop = pathShop;
      scopes = [...TOKENLESS_SCOPES];
    } else {
      send(res, 401, UNAUTHORIZED_BODY);
      return true;
    }
    const result = await graphql.handle(shop, parseBody(req, text), { scopes, origin: `http://${req.headers.host ?? "127.0.0.1"}` });
    send(res, result.status, result.body);
    return true;
  };
  return Object.assign(listener, { graphql });
}
