// Signed tokens for links that need no login (email links, the review form): base64url(JSON
// claims) + "." + HMAC-SHA256 over it with the app's secret, so a link cannot be forged or pointed
// at someone else's data. The claims are readable, not secret: put no personal data in them.
// Also the codes derived from a business key (a message's discount, a review's thank-you): the same
// key always gives the same code, so a retried job finds the code it made before.
import crypto from "node:crypto";

function sign(secret: string, body: string): string {
  return crypto.createHmac("sha256", secret).update(body).digest("base64url");
}

export function encodeSigned(secret: string, claims: object): string {
  const body = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${body}.${sign(secret, body)}`;
}

/** The claims of a token signed with `secret`, or null (malformed, or the signature does not match). */
export function decodeSigned(secret: string, token: string): unknown {
  const [body, mac, extra] = token.split(".");
  if (!body || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return null;
  }
}

/** An 8-character code (no 0/O/1/I) after `prefix`, derived from `input` with the app's secret. */
export function derivedCode(secret: string, input: string, prefix: string): string {
  const digest = crypto.createHmac("sha256", secret).update(input).digest();
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  let code = "";
  for (let i = 0; i < 8; i++) code += alphabet[digest[i] % alphabet.length];
  return `${prefix}${code}`;
}
