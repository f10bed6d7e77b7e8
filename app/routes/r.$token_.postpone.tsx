// "Not arrived yet?" from the review request: GET shows one button (mail scanners open every link;
// a GET must change nothing), POST asks again in 7 days (once per order; the messaging engine owns
// the rule: app/messaging/review-requests.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pickLocale } from "~/i18n/locale";
import { formatDateTime, translator } from "~/i18n/translate";
import { postponeReviewRequest } from "~/messaging/review-requests.server";
import { messagingSettings } from "~/messaging/settings.server";
import { shopperPage } from "~/messaging/shopper-page.server";
import { messagePage } from "~/reviews/form-page.server";
import { reviewFormUrl, verifyReviewToken } from "~/reviews/links";
import { runtime } from "~/runtime.server";

async function opened(params: { token?: string }) {
  const rt = await runtime();
  const v = verifyReviewToken(rt.env.SHOPIFY_API_SECRET, params.token ?? "", rt.clock.now());
  if (!v.ok) {
    const t = translator("en");
    return {
      ok: false as const,
      response: messagePage(
        "en",
        { shopName: "Aftercare", accentColor: "#1f6f5c" },
        t(v.why === "expired" ? "reviews.link.expired" : "reviews.link.invalid"),
        v.why === "expired" ? 410 : 400,
      ),
    };
  }
  const locale = pickLocale([v.claims.locale]);
  const [shopRow, settings] = await Promise.all([
    rt.db.shop.findUnique({ where: { shop: v.claims.shop }, select: { name: true, timezone: true } }),
    messagingSettings(rt.db, v.claims.shop),
  ]);
  const look = { shopName: shopRow?.name ?? v.claims.shop, accentColor: settings.accentColor };
  return { ok: true as const, rt, claims: v.claims, locale, look, timeZone: shopRow?.timezone ?? null, token: params.token! };
}

export async function loader({ params }: LoaderFunctionArgs) {
  const o = await opened(params);
  if (!o.ok) return o.response;
  const t = translator(o.locale);
  return shopperPage({
    locale: o.locale,
    title: t("reviews.postpone.heading"),
    ...o.look,
    children: (
      <>
        <h1>{t("reviews.postpone.heading")}</h1>
        <p>{t("reviews.postpone.body")}</p>
        <form method="post">
          <button type="submit">{t("reviews.postpone.button")}</button>
        </form>
        <p className="note">
          <a href={reviewFormUrl(o.rt.env.SHOPIFY_APP_URL, o.token)}>{t("email.reviews.write")}</a>
        </p>
      </>
    ),
  });
}

export async function action({ params }: ActionFunctionArgs) {
  const o = await opened(params);
  if (!o.ok) return o.response;
  const t = translator(o.locale);
  const r = await postponeReviewRequest(o.rt.db, o.rt.events, o.claims.shop, o.claims.order, o.rt.clock.now());
  o.rt.kick();
  const text =
    r.state === "late"
      ? t("reviews.postpone.late")
      : t(r.state === "postponed" ? "reviews.postpone.done" : "reviews.postpone.already", {
          date: formatDateTime(o.locale, r.until, o.timeZone),
        });
  return messagePage(o.locale, o.look, text, 200, "status");
}
