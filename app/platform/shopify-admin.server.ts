// The background Admin API client (graphql-request) that jobs use with a shop's offline token.
// It paces requests by Shopify's cost bucket (extensions.cost.throttleStatus), retries THROTTLED,
// 429, 5xx and network failures with backoff and jitter, and turns what remains into AppErrors
// (retryable ones make the calling job retry later).
import { ClientError, GraphQLClient } from "graphql-request";
import { AppError } from "./errors";
import type { Operation } from "./shopify-operation";
import { adminOrigin } from "./shopify-origin.server";
import { waitForCostMs, type ThrottleStatus } from "./throttle";
import { retryDelayMs, type BackoffPolicy } from "./jobs/backoff";

export interface AdminClientOptions {
  shop: string;
  accessToken: string;
  apiVersion: string;
  originTemplate: string;
  maxRetries?: number;
  backoff?: BackoffPolicy;
  sleep?: (ms: number) => Promise<void>;
  /** Expected cost of a request when we have no better estimate (Shopify's default query cost is small). */
  estimatedCost?: number;
}

interface BucketReading {
  status: ThrottleStatus;
  at: number;
}

const buckets = new Map<string, BucketReading>();
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function isThrottled(errors: unknown): boolean {
  return Array.isArray(errors) && errors.some((e) => (e as { extensions?: { code?: string } })?.extensions?.code === "THROTTLED");
}

export class AdminClient {
  private readonly client: GraphQLClient;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: AdminClientOptions) {
    const endpoint = `${adminOrigin(o.originTemplate, o.shop)}/admin/api/${o.apiVersion}/graphql.json`;
    this.client = new GraphQLClient(endpoint, {
      headers: { "X-Shopify-Access-Token": o.accessToken, "User-Agent": "Aftercare" },
    });
    this.sleep = o.sleep ?? defaultSleep;
  }

  async request<R, V>(operation: Operation<R, V>, variables?: V): Promise<R> {
    const maxRetries = this.o.maxRetries ?? 5;
    const backoff = this.o.backoff ?? { baseMs: 500, maxMs: 20_000 };
    for (let attempt = 0; ; attempt++) {
      await this.waitForBucket();
      let outcome: "throttled" | "unavailable";
      let detail: unknown;
      try {
        const res = await this.client.rawRequest<R>(operation.document, variables as Record<string, unknown>);
        this.remember(res.extensions);
        if (res.errors?.length) {
          if (!isThrottled(res.errors))
            throw new AppError("SHOPIFY_GRAPHQL_ERROR", `${operation.name}: ${res.errors.map((e) => e.message).join("; ")}`, res.errors);
          outcome = "throttled";
        } else {
          return res.data;
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (error instanceof ClientError) {
          this.remember((error.response as { extensions?: unknown }).extensions);
          const status = error.response.status;
          if (isThrottled(error.response.errors) || status === 429) outcome = "throttled";
          else if (status >= 500) outcome = "unavailable";
          else if (status === 401 || status === 403)
            throw new AppError("UNAUTHORIZED", `${operation.name}: Shopify refused the access token (${status})`);
          else throw new AppError("SHOPIFY_GRAPHQL_ERROR", `${operation.name}: ${error.message}`, error.response.errors);
        } else {
          outcome = "unavailable";
        }
        detail = error;
      }
      if (attempt >= maxRetries) {
        throw new AppError(
          outcome === "throttled" ? "SHOPIFY_THROTTLED" : "SHOPIFY_UNAVAILABLE",
          `${operation.name}: Shopify ${outcome === "throttled" ? "kept throttling" : "was unavailable"} after ${attempt + 1} attempts`,
          detail,
        );
      }
      await this.sleep(retryDelayMs(attempt + 1, backoff, Math.random()));
    }
  }

  private remember(extensions: unknown) {
    const status = (extensions as { cost?: { throttleStatus?: ThrottleStatus } } | undefined)?.cost?.throttleStatus;
    if (status) buckets.set(this.o.shop, { status, at: Date.now() });
  }

  private async waitForBucket() {
    const reading = buckets.get(this.o.shop);
    if (!reading) return;
    const wait = waitForCostMs(reading.status, Date.now() - reading.at, this.o.estimatedCost ?? 50);
    if (wait > 0) await this.sleep(wait);
  }
}

/** Forgets cost readings (tests). */
export function resetThrottleState() {
  buckets.clear();
}

/** A client for a shop's offline session; fails with SHOP_UNINSTALLED when there is none. */
export async function adminClientForShop(
  db: { session: { findUnique(args: { where: { id: string } }): Promise<{ accessToken: string } | null> } },
  shop: string,
  config: { apiVersion: string; originTemplate: string } & Pick<AdminClientOptions, "maxRetries" | "backoff">,
): Promise<AdminClient> {
  const session = await db.session.findUnique({ where: { id: `offline_${shop}` } });
  if (!session?.accessToken) throw new AppError("SHOP_UNINSTALLED", `No offline session for ${shop}`);
  return new AdminClient({ shop, accessToken: session.accessToken, ...config });
}

/**
 * The same, or null when the shop has no offline token (uninstalled, or never finished installing):
 * for work that writes to Shopify and has nothing to do for such a shop (metafield mirrors).
 */
export async function adminClientIfInstalled(...args: Parameters<typeof adminClientForShop>): Promise<AdminClient | null> {
  try {
    return await adminClientForShop(...args);
  } catch (error) {
    if (error instanceof AppError && error.code === "SHOP_UNINSTALLED") return null;
    throw error;
  }
}
