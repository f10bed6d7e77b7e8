// App Bridge session tokens (id tokens) as Shopify admin mints them for an embedded app:
// an HS256 JWT signed with the app's secret, carrying the shop, the user and the app's client id.
import { createHash, randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface MintIdTokenOptions {
  apiKey: string;
  apiSecret: string;
  /** The shop's myshopify domain, e.g. `demo.myshopify.com`. */
  shop: string;
  /** The staff member's numeric id, as a string. */
  userId?: string;
  /** Issue time; defaults to the real clock. */
  now?: Date | number;
  ttlSec?: number;
}

export async function mintIdToken(options: MintIdTokenOptions): Promise<string> {
  const { apiKey, apiSecret, shop, userId = "1", ttlSec = 60 } = options;
  const nowMs = options.now === undefined ? Date.now() : typeof options.now === "number" ? options.now : options.now.getTime();
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: apiKey,
    sub: userId,
    exp: iat + ttlSec,
    nbf: iat,
    iat,
    jti: randomUUID(),
    sid: sessionId(apiKey, shop, userId),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(apiSecret));
}

/** Shopify's `sid` is stable per user and app, so the same user gets the same one on every token. */
function sessionId(apiKey: string, shop: string, userId: string): string {
  return createHash("sha256").update(`${apiKey}:${shop}:${userId}`).digest("hex").slice(0, 32);
}
