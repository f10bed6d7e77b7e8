// App Proxy endpoint (POST /apps/aftercare/api/loyalty/birthday): the signed-in customer gives their
// birthday for the yearly birthday points. Body: { birthday: "MM-DD" } (JSON or form). 200 with the
// birthday saved; 400 when it is not a date; 409 when a birthday given less than 12 months ago stands.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { setBirthday } from "~/loyalty/birthday.server";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { runtime } from "~/runtime.server";

const attempts = new RateLimit(10, 60_000);
const body = z.object({ birthday: z.string().trim().max(10) });

async function readInput(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (type.includes("application/json")) return request.json().catch(() => null);
  const form = await request.formData().catch(() => null);
  return form ? Object.fromEntries(form) : null;
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST to give your birthday.");
  const { shop, customerId } = await authenticateAppProxy(request);
  if (!customerId) return proxyError(401, "LOGIN_REQUIRED", "Sign in to give your birthday.");
  const wait = attempts.take(`${shop}:${customerId}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many attempts; try again in ${wait} s.`);
  const parsed = body.safeParse(await readInput(request));
  if (!parsed.success) return proxyError(400, "BAD_REQUEST", 'Send the birthday as { birthday: "MM-DD" }.');
  const rt = await runtime();
  const outcome = await setBirthday(rt.db, shop, `gid://shopify/Customer/${customerId}`, parsed.data.birthday, {
    now: rt.clock.now(),
    by: "customer",
  });
  const headers = { "cache-control": "private, no-store" };
  if (outcome.ok) return Response.json({ birthday: outcome.birthday, changed: outcome.changed }, { headers });
  return Response.json({ error: outcome.error, message: outcome.message }, { status: outcome.status, headers });
}

export function loader() {
  return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST to give your birthday.");
}
