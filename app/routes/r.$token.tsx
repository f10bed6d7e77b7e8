// The review form, reached from the review request email by a signed per-order link (no login):
// GET shows the order's items (with ?item=<id>&rating=<n> the clicked star chosen), POST takes
// the reviews (multipart: photos are checked by their bytes and their size while they stream in,
// so an oversized upload is refused with a message rather than buffered). Rules live in
// app/reviews/submit.server.ts; the pages in app/reviews/form-page.server.tsx.
import type { ActionFunctionArgs, LoaderFunctionArgs, UploadHandler } from "@remix-run/node";
import { unstable_parseMultipartFormData } from "@remix-run/node";
import { translator } from "~/i18n/translate";
import { formPage, messagePage, thanksPage, type FormValues } from "~/reviews/form-page.server";
import { postponeUrl } from "~/reviews/links";
import { openReviewLink } from "~/reviews/review-link.server";
import { reviewSettings } from "~/reviews/settings.server";
import { orderForReview, submitReviews, type SubmittedItem } from "~/reviews/submit.server";
import { LIMITS } from "~/reviews/types";

/** The most a submission may carry: every photo of a few items, and the text. */
const MAX_BODY = 4 * LIMITS.photosPerReview * LIMITS.photoBytes;
const TOO_LARGE = "\u0000too_large";

/** The link opened, with the order it is for and the shop's review settings; or the page that says why not. */
async function opened(params: { token?: string }) {
  const link = await openReviewLink(params.token);
  if (!link.ok) return link;
  const [order, settings] = await Promise.all([
    orderForReview(link.rt, link.claims.shop, link.claims.order),
    reviewSettings(link.rt.db, link.claims.shop),
  ]);
  if (!order)
    return { ok: false as const, response: messagePage(link.locale, link.look, translator(link.locale)("reviews.link.unknownOrder"), 404) };
  return { ...link, order, settings };
}

function preselected(request: Request): { itemId: string; rating: number } | null {
  const q = new URL(request.url).searchParams;
  const itemId = q.get("item");
  const rating = Number(q.get("rating"));
  return itemId && /^\d{1,20}$/.test(itemId) && Number.isInteger(rating) && rating >= 1 && rating <= 5 ? { itemId, rating } : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const o = await opened(params);
  if (!o.ok) return o.response;
  const values: FormValues = { name: o.order.authorName, items: {} };
  const pick = preselected(request);
  const target = pick && o.order.items.find((i) => i.itemId === pick.itemId);
  // The email's star chooses the rating of an item not yet reviewed; an existing review keeps its own.
  if (pick && target && !target.review) values.items[pick.itemId] = { rating: pick.rating, title: "", body: "" };
  return formPage(o.locale, o.look, o.order, o.settings, {
    values,
    errors: [],
    timeZone: o.timeZone,
    postponeHref: postponeUrl(o.rt.env.SHOPIFY_APP_URL, o.token),
  });
}

/** Keeps a photo in memory up to the limit; past it, drains the rest and marks the part too large. */
const photoHandler: UploadHandler = async ({ name, filename, data }) => {
  if (!name.startsWith("photos_")) {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of data) {
      size += chunk.length;
      if (size <= 64 * 1024) chunks.push(chunk);
    }
    // Past 64 KB a text field is cut there: longer than any limit, so the form says it is too long.
    return Buffer.concat(chunks).toString("utf8");
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.length;
    if (size <= LIMITS.photoBytes) chunks.push(chunk);
  }
  // A file input left empty still sends a part, without a name and without bytes.
  if (!filename && size === 0) return undefined;
  if (size > LIMITS.photoBytes) return TOO_LARGE;
  return new File([Buffer.concat(chunks)], filename ?? "photo");
};

export async function action({ request, params }: ActionFunctionArgs) {
  const o = await opened(params);
  if (!o.ok) return o.response;
  const t = translator(o.locale);
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > MAX_BODY) return messagePage(o.locale, o.look, t("reviews.error.request_too_large"), 413);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, photoHandler);
  } catch {
    // Not multipart (a plain form post still works), or a broken body.
    try {
      form = await request.formData();
    } catch {
      return messagePage(o.locale, o.look, t("reviews.form.errors"), 400);
    }
  }
  const oversized = new Set<string>();
  const items: SubmittedItem[] = [];
  const values: FormValues = { name: String(form.get("name") ?? ""), items: {} };
  for (const item of o.order.items) {
    const id = item.itemId;
    const ratingRaw = form.get(`rating_${id}`);
    const rating = ratingRaw === null || ratingRaw === "" ? null : Number(ratingRaw);
    const title = String(form.get(`title_${id}`) ?? "");
    const body = String(form.get(`body_${id}`) ?? "");
    const photos: SubmittedItem["photos"] = [];
    for (const p of form.getAll(`photos_${id}`)) {
      if (p === TOO_LARGE) oversized.add(id);
      else if (typeof p !== "string") photos.push({ bytes: new Uint8Array(await p.arrayBuffer()) });
    }
    values.items[id] = { rating: rating !== null && Number.isFinite(rating) ? rating : null, title, body };
    if (rating !== null || title.trim() || body.trim() || photos.length || oversized.has(id))
      items.push({ itemId: id, rating: rating !== null && Number.isFinite(rating) ? rating : null, title, body, photos });
  }
  const pageState = { values, timeZone: o.timeZone, postponeHref: postponeUrl(o.rt.env.SHOPIFY_APP_URL, o.token) };
  if (oversized.size)
    return formPage(
      o.locale,
      o.look,
      o.order,
      o.settings,
      { ...pageState, errors: [...oversized].map((itemId) => ({ itemId, field: "photos" as const, code: "too_large" })) },
      413,
    );
  const outcome = await submitReviews({ db: o.rt.db, events: o.rt.events, jobs: o.rt.jobs, clock: o.rt.clock }, o.order, {
    name: values.name,
    locale: o.locale,
    items,
  });
  if (!outcome.ok) return formPage(o.locale, o.look, o.order, o.settings, { ...pageState, errors: outcome.errors }, 422);
  const codes = await o.rt.db.review.findMany({
    where: { shop: o.claims.shop, id: { in: outcome.results.map((r) => r.reviewId) } },
    select: { id: true, rewardCode: true },
  });
  const codeOf = new Map(codes.map((c) => [c.id, c.rewardCode]));
  return thanksPage(
    o.locale,
    o.look,
    outcome.results.map((r) => ({ ...r, code: codeOf.get(r.reviewId) ?? null, incentive: o.settings.incentive === "discount" })),
    new URL(request.url).pathname,
  );
}
