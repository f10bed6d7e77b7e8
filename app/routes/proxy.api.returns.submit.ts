// App Proxy endpoint (POST /apps/aftercare/api/returns/submit): sends the return. Multipart form: token,
// requestKey (one per form: the same key twice is the same return), locale, draft (JSON, as for a quote)
// and photos as files named `photo:<line item GID>`, each held in memory up to the limit while it streams
// in (a larger one is refused, not buffered). 201 with the return's status and its status page's token;
// 422 with the reasons when the policy or the form says no; 401 when the token is forged or expired.
import type { ActionFunctionArgs, UploadHandler } from "@remix-run/node";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { z } from "zod";
import { authenticateAppProxy, proxyError } from "~/platform/app-proxy.server";
import { RateLimit } from "~/platform/rate-limit";
import { returnDeps } from "~/returns/deps.server";
import { openPortalToken } from "~/returns/lookup.server";
import { returnStatus, submitReturn } from "~/returns/portal.server";
import { refusalMessage } from "~/returns/refusal-messages";
import { statusLinkToken } from "~/returns/status-link";
import type { SubmitError, UploadedPhoto } from "~/returns/types";
import { LIMITS } from "~/reviews/types";
import { runtime } from "~/runtime.server";
import { EXPIRED, localeField, tokenField } from "./proxy.api.returns.order";
import { draftSchema } from "./proxy.api.returns.quote";

const PHOTO_PREFIX = "photo:";
/** Five photos for each of a few items, and the form's text. */
const MAX_BODY = 20 * LIMITS.photoBytes;
const TOO_LARGE = "\u0000too_large";
const submissions = new RateLimit(10, 60_000);

const fields = z.object({
  token: tokenField,
  locale: localeField,
  requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,80}$/, "requestKey must be 8–80 letters, digits, - or _"),
  draft: z
    .string()
    .max(64 * 1024)
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: "draft must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(draftSchema),
});

const uploads: UploadHandler = async ({ name, filename, data }) => {
  const photo = name.startsWith(PHOTO_PREFIX);
  const limit = photo ? LIMITS.photoBytes : 64 * 1024;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  if (!photo) return Buffer.concat(chunks).toString("utf8");
  // A file input left empty still sends a part, without a name and without bytes.
  if (!filename && size === 0) return undefined;
  return size > limit ? TOO_LARGE : new File([Buffer.concat(chunks)], filename ?? "photo");
};

const issues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with a multipart form.");
  const { shop } = await authenticateAppProxy(request);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY)
    return proxyError(413, "TOO_LARGE", "The photos are too large together; send fewer or smaller ones.");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, uploads);
  } catch {
    return proxyError(400, "BAD_REQUEST", "Send the return as multipart/form-data with token, requestKey, locale and draft.");
  }
  const parsed = fields.safeParse(Object.fromEntries(["token", "locale", "requestKey", "draft"].map((k) => [k, form.get(k) ?? undefined])));
  if (!parsed.success) return proxyError(400, "BAD_REQUEST", issues(parsed.error));
  const { token, locale, requestKey, draft } = parsed.data;
  const rt = await runtime();
  const deps = returnDeps(rt);
  const opened = openPortalToken(deps.secret, token, rt.clock.now());
  if (!opened || opened.shop !== shop) return proxyError(401, "EXPIRED", EXPIRED);
  const wait = submissions.take(`${shop}:${opened.orderGid}`);
  if (wait) return proxyError(429, "RATE_LIMITED", `Too many requests; try again in ${wait} s.`);

  const headers = { "cache-control": "private, no-store" };
  const photos: UploadedPhoto[] = [];
  const oversized: SubmitError[] = [];
  for (const [name, value] of form) {
    if (!name.startsWith(PHOTO_PREFIX)) continue;
    const lineItemGid = name.slice(PHOTO_PREFIX.length);
    if (value === TOO_LARGE)
      oversized.push({ lineItemGid, field: "photos", code: "too_large", message: refusalMessage("too_large", locale) });
    else if (typeof value !== "string")
      photos.push({ lineItemGid, bytes: new Uint8Array(await value.arrayBuffer()), filename: value.name });
  }
  if (oversized.length)
    return Response.json({ error: "TOO_LARGE", message: oversized[0].message, errors: oversized }, { status: 413, headers });

  const result = await submitReturn(deps, shop, token, draft, photos, requestKey, locale);
  if (!result.ok) {
    if (result.errors.some((e) => e.field === "token")) return proxyError(401, "EXPIRED", EXPIRED);
    return Response.json(
      { error: "REFUSED", message: result.errors.map((e) => e.message).join(" "), errors: result.errors },
      { status: 422, headers },
    );
  }
  const now = rt.clock.now();
  const status = await returnStatus(deps, shop, token, result.returnId, locale);
  return Response.json(
    { result, statusToken: statusLinkToken(deps.secret, shop, opened.orderGid, result.returnId, now), status },
    { status: 201, headers },
  );
}

export function loader() {
  return proxyError(405, "METHOD_NOT_ALLOWED", "Use POST with a multipart form.");
}
