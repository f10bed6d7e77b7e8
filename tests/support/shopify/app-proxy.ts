// The Shopify double's app proxy: forwards storefront requests under /apps/{subpath} to the app,
// adding the query parameters Shopify adds and signing them the way Shopify does.
import { createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { DoubleListener } from "./listener.js";
import { readBytes } from "../../../app/platform/request-body";

export type ProxyParams = URLSearchParams | Record<string, string | string[]>;

/**
 * Shopify's app proxy signature: every parameter but `signature` as `key=value` (repeated keys'
 * values joined by ","), sorted, concatenated with no separator, HMAC-SHA256 hex with the app secret.
 */
export function signAppProxyQuery(params: ProxyParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  const entries = params instanceof URLSearchParams ? [...params.entries()] : Object.entries(params);
  for (const [key, value] of entries) {
    if (key === "signature") continue;
    const values = grouped.get(key) ?? [];
    values.push(...(Array.isArray(value) ? value : [value]));
    grouped.set(key, values);
  }
  const message = [...grouped]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message, "utf8").digest("hex");
}

export interface AppProxyOptions {
  appUrl: string;
  apiSecret: string;
  prefix?: string;
  subpath?: string;
  appPath?: string;
  fetch?: typeof fetch;
}

/** Cookie the storefront harness sets when a customer logs in. */
export const CUSTOMER_COOKIE = "double_customer_id";

// Request headers Shopify passes on to the app; cookies and the shop's host are not among them.
const FORWARDED_REQUEST_HEADERS = ["accept", "accept-language", "content-type", "user-agent"];
const RETURNED_RESPONSE_HEADERS = ["content-type", "location", "cache-control"];

export function createAppProxy(options: AppProxyOptions): DoubleListener {
  const { apiSecret, prefix = "apps", subpath = "aftercare", appPath = "/proxy" } = options;
  const appUrl = options.appUrl.replace(/\/+$/, "");
  const fetchImpl = options.fetch ?? fetch;
  const route = new RegExp(`^/shops/([^/]+)/${escapeRegExp(prefix)}/${escapeRegExp(subpath)}(/.*)?$`);

  return async (req: IncomingMessage, res: ServerResponse) => {
    const incoming = new URL(req.url ?? "/", "http://double.local");
    const match = route.exec(incoming.pathname);
    if (!match || (req.method !== "GET" && req.method !== "POST")) return false;
    const shop = decodeURIComponent(match[1]);
    const rest = match[2] ?? "";

    const query = new URLSearchParams(incoming.search);
    for (const added of ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"]) query.delete(added);
    query.set("shop", shop);
    query.set("logged_in_customer_id", readCookie(req.headers.cookie, CUSTOMER_COOKIE) ?? "");
    query.set("path_prefix", `/${prefix}/${subpath}`);
    query.set("timestamp", String(Math.floor(Date.now() / 1000)));
    query.set("signature", signAppProxyQuery(query, apiSecret));

    const headers = new Headers();
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = req.headers[name];
      if (typeof value === "string") headers.set(name, value);
    }
    const body = req.method === "POST" ? await readBody(req) : undefined;
    const upstream = await fetchImpl(`${appUrl}${appPath}${rest}?${query}`, {
      method: req.method,
      headers,
      body,
      redirect: "manual",
    });

    const responseHeaders: Record<string, string> = {};
    for (const name of RETURNED_RESPONSE_HEADERS) {
      const value = upstream.headers.get(name);
      if (value !== null) responseHeaders[name] = value;
    }
    res.writeHead(upstream.status, responseHeaders);
    if (upstream.body) {
      await pipeline(Readable.fromWeb(upstream.body as import("node:stream/web").ReadableStream), res);
    } else {
      res.end();
    }
    return true;
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

async function readBody(req: IncomingMessage): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readBytes(req));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
