// OAuth 2.0 token exchange as Shopify runs it for embedded apps: an App Bridge session token (HS256 JWT signed
// with the app secret) is traded for an offline or online Admin API access token, which installs the app.
import { randomBytes } from "node:crypto";
import { jwtVerify } from "jose";
import { z } from "zod";
import { isoUtc } from "./ids";
import type { AdminStore } from "./store";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Online tokens live a day, like Shopify's. */
const ONLINE_TOKEN_SECONDS = 86_399;

const exchangeBody = z.object({
  client_id: z.string(),
  client_secret: z.string(),
  grant_type: z.string(),
  subject_token: z.string(),
  subject_token_type: z.string().optional(),
  requested_token_type: z.string(),
});

export interface TokenExchangeOptions {
  apiKey: string;
  apiSecret: string;
  /** Scopes granted to the app (what shopify.app.toml would request). */
  scopes: string;
  clock: () => number;
}

export interface TokenExchangeResult {
  status: number;
  body: Record<string, unknown>;
}

const failure = (status: number, error: string, description: string): TokenExchangeResult => ({
  status,
  body: { error, error_description: description },
});

export async function exchangeToken(
  store: AdminStore,
  shop: string,
  rawBody: unknown,
  options: TokenExchangeOptions,
): Promise<TokenExchangeResult> {
  const parsed = exchangeBody.safeParse(rawBody);
  if (!parsed.success) return failure(400, "invalid_request", "Missing or malformed token exchange parameters");
  const body = parsed.data;
  if (body.client_id !== options.apiKey || body.client_secret !== options.apiSecret) {
    return failure(401, "invalid_client", "Client authentication failed");
  }
  if (body.grant_type !== TOKEN_EXCHANGE_GRANT) return failure(400, "unsupported_grant_type", `Unsupported grant_type ${body.grant_type}`);
  if (body.subject_token_type !== undefined && body.subject_token_type !== ID_TOKEN_TYPE) {
    return failure(400, "invalid_request", "subject_token_type must be an id_token");
  }
  if (body.requested_token_type !== OFFLINE_TOKEN_TYPE && body.requested_token_type !== ONLINE_TOKEN_TYPE) {
    return failure(400, "invalid_request", `Unsupported requested_token_type ${body.requested_token_type}`);
  }

  let sub: string;
  try {
    const { payload } = await jwtVerify(body.subject_token, new TextEncoder().encode(options.apiSecret), {
      algorithms: ["HS256"],
      audience: options.apiKey,
      currentDate: new Date(options.clock()),
      clockTolerance: 5,
    });
    if (payload.dest !== `https://${shop}`) throw new Error(`dest ${String(payload.dest)} is not https://${shop}`);
    if (typeof payload.sub !== "string") throw new Error("sub is missing");
    sub = payload.sub;
  } catch (error) {
    return failure(400, "invalid_subject_token", `Session token is invalid: ${(error as Error).message}`);
  }

  const now = options.clock();
  if (body.requested_token_type === OFFLINE_TOKEN_TYPE) {
    // A non-expiring offline token lives as long as the installation: exchanging again (two admin
    // loaders at once, a reinstall check) hands back the same token instead of revoking it.
    const installation =
      store.offlineInstallation(shop) ?? store.install(shop, { scope: options.scopes, installedAt: isoUtc(new Date(now)) });
    return { status: 200, body: { access_token: installation.accessToken, scope: installation.scope } };
  }
  const installation = store.install(shop, {
    accessToken: `shpua_${randomBytes(16).toString("hex")}`,
    scope: options.scopes,
    installedAt: isoUtc(new Date(now)),
    online: { userId: sub, expiresAt: isoUtc(new Date(now + ONLINE_TOKEN_SECONDS * 1000)) },
  });
  const shopName = store.shopData(shop).shop;
  return {
    status: 200,
    body: {
      access_token: installation.accessToken,
      scope: installation.scope,
      expires_in: ONLINE_TOKEN_SECONDS,
      associated_user_scope: installation.scope,
      associated_user: {
        id: /^\d+$/.test(sub) ? Number(sub) : sub,
        first_name: "Demo",
        last_name: "Merchant",
        email: shopName.email,
        email_verified: true,
        account_owner: true,
        locale: shopName.locale,
        collaborator: false,
      },
    },
  };
}
