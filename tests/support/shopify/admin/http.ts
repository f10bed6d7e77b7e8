// HTTP face of the Admin double: the GraphQL endpoint, the OAuth token exchange, bulk operation result
// downloads and the fault-injection control route, as one Node request listener that answers only the paths
// it owns.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { serveBulkFile } from "./bulk-files";
import type { BulkOperations, BulkOperationsOptions } from "./bulk-operations";
import { AdminGraphqlApi } from "./graphql-api";
import { FaultPlan, faultSchema } from "./faults";
import type { AdminStore } from "./store";
import { exchangeToken } from "./token-exchange";
import { readText } from "../../../../app/platform/request-body";

export interface AdminApiOptions {
  apiKey: string;
  apiSecret: string;
  /** Scopes granted on token exchange. */
  scopes?: string;
  clock?: () => number;
  /** Bulk operations: `directory` for their JSONL files (a temporary directory by default), chunk size, concurrency. */
  bulk?: Omit<BulkOperationsOptions, "faults">;
}

export type AdminApiListener = ((req: IncomingMessage, res: ServerResponse) => Promise<boolean>) & {
  graphql: AdminGraphqlApi;
  faults: FaultPlan;
  bulk: BulkOperations;
};

export const DEFAULT_SCOPES =
  "read_products,write_products,write_metaobjects,write_metaobject_definitions,read_customers,write_customers,read_orders,read_all_orders,write_orders,read_returns,write_returns,write_discounts,read_fulfillments,write_store_credit_account_transactions,unauthenticated_read_product_listings";

const GRAPHQL_PATH = /^\/shops\/([a-z0-9][a-z0-9.-]*)\/admin\/api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/;
const TOKEN_PATH = /^\/shops\/([a-z0-9][a-z0-9.-]*)\/admin\/oauth\/access_token$/;
const FAULTS_PATH = "/_double/faults";

const readBody = (req: IncomingMessage) => readText(req);

function parseBody(req: IncomingMessage, text: string): unknown {
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (type.includes("application/graphql")) return { query: text };
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/html; charset=utf-8" : "application/json; charset=utf-8",
    "x-request-id": randomUUID(),
    ...headers,
  });
  res.end(text);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createAdminApi(store: AdminStore, options: AdminApiOptions): AdminApiListener {
  const clock = options.clock ?? Date.now;
  const faults = new FaultPlan();
  const graphql = new AdminGraphqlApi(store, { clock, bulk: { ...options.bulk, faults } });

  const listener = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? "/", "http://double.local");
    const path = url.pathname;

    if (path === FAULTS_PATH) {
      if (req.method === "DELETE") {
        faults.clear();
        send(res, 200, { faults: [] });
        return true;
      }
      if (req.method !== "POST") return false;
      const parsed = faultSchema.safeParse(parseBody(req, await readBody(req)));
      if (!parsed.success) {
        send(res, 400, { error: "invalid fault", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
        return true;
      }
      const fault = faults.inject(parsed.data);
      if (fault.mode === "bulkExpire") {
        const expired = fault.shop ? graphql.bulk.expire(fault.shop) : null;
        if (!expired) {
          send(res, 404, { error: "bulkExpire needs the shop of an existing bulk operation" });
          return true;
        }
      }
      send(res, 200, { faults: faults.pending() });
      return true;
    }

    if (await serveBulkFile(store, req, res)) return true;

    const token = TOKEN_PATH.exec(path);
    if (token && req.method === "POST") {
      const result = await exchangeToken(store, token[1], parseBody(req, await readBody(req)), {
        apiKey: options.apiKey,
        apiSecret: options.apiSecret,
        scopes: options.scopes ?? DEFAULT_SCOPES,
        clock,
      });
      send(res, result.status, result.body);
      return true;
    }

    const endpoint = GRAPHQL_PATH.exec(path);
    if (!endpoint) return false;
    if (req.method !== "POST") {
      send(res, 405, { errors: "Method Not Allowed" }, { allow: "POST" });
      return true;
    }
    const shop = endpoint[1];
    const text = await readBody(req);
    const accessToken = req.headers["x-shopify-access-token"];
    const installation = typeof accessToken === "string" ? store.findInstallation(accessToken) : null;
    if (!installation || installation.shop !== shop) {
      send(res, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      return true;
    }

    const fault = faults.take(shop);
    if (fault?.mode === "error5xx") {
      send(res, 502, "<html><body><h1>502 Bad Gateway</h1></body></html>");
      return true;
    }
    if (fault?.mode === "throttle") {
      const throttled = graphql.throttled(shop, 1);
      send(res, throttled.status, throttled.body);
      return true;
    }
    if (fault?.mode === "slow") await sleep(fault.delayMs);

    const origin = `http://${req.headers.host ?? "127.0.0.1"}`;
    const result = await graphql.handle(shop, parseBody(req, text), { scope: installation.installation.scope, origin });
    send(res, result.status, result.body);
    return true;
  };

  return Object.assign(listener, { graphql, faults, bulk: graphql.bulk });
}
