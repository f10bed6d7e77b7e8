// The storefront's session cookies: which customer is signed in (read by the app-proxy forwarder
// to fill `logged_in_customer_id`) and which locale the shopper picked. Scoped to one shop's path.
import type { IncomingMessage } from "node:http";

export const CUSTOMER_COOKIE = "double_customer_id";
export const LOCALE_COOKIE = "double_locale";

export function readCookies(req: IncomingMessage): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    if (name && !(name in cookies)) cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
  }
  return cookies;
}

export function setCookie(name: string, value: string, cookiePath: string): string {
  return `${name}=${encodeURIComponent(value)}; Path=${cookiePath}; HttpOnly; SameSite=Lax`;
}

export function clearCookie(name: string, cookiePath: string): string {
  return `${name}=; Path=${cookiePath}; HttpOnly; SameSite=Lax; Max-Age=0`;
}
