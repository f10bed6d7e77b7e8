// "Not arrived yet?" from the review request: GET shows one button (mail scanners open every link;
// a GET must change nothing), POST asks again in 7 days (once per order; the messaging engine owns
// the rule: app/messaging/review-requests.server.ts).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { formatDateTime, translator } from "~/i18n/translate";
import { postponeReviewRequest } from "~/messaging/review-requests.server";
import { shopperPage } from "~/messaging/shopper-page.server";
import { messagePage } from "~/reviews/form-page.server";
import { reviewFormUrl } from "~/reviews/links";
import { openReviewLink } from "~/reviews/review-link.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const o = await openReviewLink(params.token);
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
  const o = await openReviewLink(params.token);
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
