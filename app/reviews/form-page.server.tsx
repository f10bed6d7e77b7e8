// The review form as a shopper sees it (server-rendered HTML, no script, no login): per item of the
// order, five stars as radio buttons (none chosen unless the email's star was clicked), title,
// text, photos; the name shown with the review; errors next to their fields and summed up on top;
// items already reviewed show their state and stay editable within the window. And the thank-you
// page: gentler for 1–2 stars, the thank-you code when the shop gives one.
import { Fragment, type ReactNode } from "react";
import type { Locale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { formatDateTime, translator } from "~/i18n/translate";
import { shopperPage } from "~/messaging/shopper-page.server";
import type { FieldError, OrderForReview, ReviewableItem } from "./submit.server";
import type { ReviewSettingsValues } from "./settings.server";
import { LIMITS } from "./types";

export interface Look {
  shopName: string;
  accentColor: string;
}

export const FORM_CSS = `
  fieldset.item { border: 1px solid #d2d2d2; border-radius: 12px; padding: 1rem 1.25rem; margin: 1.5rem 0; }
  fieldset.item > legend { font-weight: 700; padding: 0 .25rem; }
  .variant { color: #4a4a4a; margin: 0; }
  .stars { display: inline-flex; flex-direction: row-reverse; justify-content: flex-end; gap: .15rem; border: 0; padding: 0; margin: .25rem 0 0; }
  .stars input { position: absolute; opacity: 0; width: 1px; height: 1px; }
  .stars label { font-size: 2rem; line-height: 1; color: #b5b5b5; cursor: pointer; margin: 0; font-weight: 400; padding: 0 .1rem; }
  .stars input:checked ~ label, .stars label:hover, .stars label:hover ~ label { color: #e0a100; }
  .stars input:focus-visible + label { outline: 3px solid #005bd3; outline-offset: 2px; border-radius: 4px; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  input[type=text], input[type=file] { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; border: 1px solid #8a8a8a; border-radius: 8px; }
  .field-error { color: #8e1f0b; font-weight: 600; margin: .25rem 0 0; }
  [aria-invalid=true] { border-color: #8e1f0b !important; }
  .done { padding: .5rem .75rem; border-radius: 8px; background: #f1f1f1; }
  .code { font: 600 1.1rem/1.4 ui-monospace, monospace; letter-spacing: .05em; }
`;

function errorText(t: ReturnType<typeof translator>, code: string): string {
  if (code === "too_many") return t("reviews.error.too_many", { count: LIMITS.photosPerReview });
  return t(`reviews.error.${code}` as MessageKey);
}

export interface FormValues {
  name: string;
  items: Record<string, { rating: number | null; title: string; body: string }>;
}

export function formPage(
  locale: Locale,
  look: Look,
  order: OrderForReview,
  settings: ReviewSettingsValues,
  state: { values: FormValues; errors: FieldError[]; timeZone: string | null; postponeHref: string },
  status = 200,
): Response {
  const t = translator(locale);
  const errorsOf = (itemId: string | null, field: FieldError["field"]) =>
    state.errors.filter((e) => e.itemId === itemId && e.field === field).map((e) => errorText(t, e.code));
  const general = [...errorsOf(null, "rating"), ...errorsOf(null, "name")];
  const open = order.items.filter((i) => !i.review || i.review.editable);
  const children: ReactNode = (
    <>
      <h1>{t("reviews.form.heading", { order: order.orderName })}</h1>
      <p>{t("reviews.form.intro", { days: settings.editDays })}</p>
      <p className="note">{t("reviews.form.verified")}</p>
      {settings.incentive !== "none" && (
        <p className="note">
          {settings.incentive === "points"
            ? t("reviews.form.incentive.points")
            : t("reviews.form.incentive.discount", { percent: settings.incentivePercent })}{" "}
          {t("reviews.form.incentive.note")}
        </p>
      )}
      {state.errors.length > 0 && (
        <div className="error" role="alert">
          <p>{t("reviews.form.errors")}</p>
          {general.map((g, i) => (
            <p key={i}>{g}</p>
          ))}
        </div>
      )}
      {order.items.length === 0 && <p className="status">{t("reviews.form.none")}</p>}
      <form method="post" encType="multipart/form-data" noValidate>
        {order.items.map((item) => (
          <ItemFields
            key={item.itemId}
            item={item}
            t={t}
            locale={locale}
            timeZone={state.timeZone}
            values={state.values}
            errorsOf={errorsOf}
          />
        ))}
        {open.length > 0 && (
          <>
            <label htmlFor="name">{t("reviews.form.name")}</label>
            <p className="hint" id="name-hint">
              {t("reviews.form.name.hint")}
            </p>
            <input
              id="name"
              name="name"
              type="text"
              maxLength={LIMITS.authorName}
              defaultValue={state.values.name}
              aria-describedby="name-hint"
            />
            <button type="submit">{order.items.some((i) => i.review) ? t("reviews.form.update") : t("reviews.form.submit")}</button>
          </>
        )}
      </form>
      <p className="note">
        <a href={state.postponeHref}>{t("reviews.form.postponeLink")}</a>
      </p>
    </>
  );
  return shopperPage({ locale, title: t("reviews.form.title"), ...look, css: FORM_CSS, children }, status);
}

function ItemFields({
  item,
  t,
  locale,
  timeZone,
  values,
  errorsOf,
}: {
  item: ReviewableItem;
  t: ReturnType<typeof translator>;
  locale: Locale;
  timeZone: string | null;
  values: FormValues;
  errorsOf: (itemId: string | null, field: FieldError["field"]) => string[];
}) {
  const id = item.itemId;
  const v = values.items[id] ?? { rating: item.review?.rating ?? null, title: item.review?.title ?? "", body: item.review?.body ?? "" };
  const review = item.review;
  const fieldErrors = (field: FieldError["field"]) => errorsOf(id, field);
  const described = (field: FieldError["field"], hint?: string) =>
    [hint, fieldErrors(field).length ? `${field}-${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const ErrorLine = ({ field }: { field: FieldError["field"] }) =>
    fieldErrors(field).length ? (
      <p className="field-error" id={`${field}-${id}-error`}>
        {fieldErrors(field).join(" ")}
      </p>
    ) : null;
  return (
    <fieldset className="item" id={`item-${id}`}>
      <legend>{item.title}</legend>
      {item.variantTitle && item.variantTitle !== "Default Title" && <p className="variant">{item.variantTitle}</p>}
      {review && (
        <div className="done">
          <p>{t("reviews.form.reviewed", { rating: review.rating })}</p>
          <p>{t(`reviews.form.status.${review.status as "pending" | "published" | "rejected"}`)}</p>
          {review.rewardCode && <p className="code">{t("reviews.thanks.code", { code: review.rewardCode })}</p>}
          {review.editable && review.editableUntil ? (
            <p className="note">{t("reviews.form.editUntil", { date: formatDateTime(locale, review.editableUntil, timeZone) })}</p>
          ) : (
            <p className="note">{t("reviews.form.locked")}</p>
          )}
        </div>
      )}
      {(!review || review.editable) && (
        <>
          <fieldset className="stars" aria-describedby={described("rating")}>
            <legend className="sr">{t("reviews.form.rating")}</legend>
            {[5, 4, 3, 2, 1].map((n) => (
              <Fragment key={n}>
                <input type="radio" id={`rating-${id}-${n}`} name={`rating_${id}`} value={n} defaultChecked={v.rating === n} />
                <label htmlFor={`rating-${id}-${n}`} title={t("reviews.form.star", { count: n })}>
                  <span aria-hidden="true">★</span>
                  <span className="sr">{t("reviews.form.star", { count: n })}</span>
                </label>
              </Fragment>
            ))}
          </fieldset>
          <ErrorLine field="rating" />
          <label htmlFor={`title-${id}`}>{t("reviews.form.reviewTitle")}</label>
          <input
            id={`title-${id}`}
            name={`title_${id}`}
            type="text"
            maxLength={LIMITS.title}
            defaultValue={v.title}
            aria-invalid={fieldErrors("title").length > 0 || undefined}
            aria-describedby={described("title")}
          />
          <ErrorLine field="title" />
          <label htmlFor={`body-${id}`}>{t("reviews.form.body")}</label>
          <p className="hint" id={`body-${id}-hint`}>
            {t("reviews.form.body.hint")}
          </p>
          <textarea
            id={`body-${id}`}
            name={`body_${id}`}
            maxLength={LIMITS.body}
            defaultValue={v.body}
            aria-invalid={fieldErrors("body").length > 0 || undefined}
            aria-describedby={described("body", `body-${id}-hint`)}
          />
          <ErrorLine field="body" />
          <label htmlFor={`photos-${id}`}>{t("reviews.form.photos")}</label>
          <p className="hint" id={`photos-${id}-hint`}>
            {t("reviews.form.photos.hint", { count: LIMITS.photosPerReview })}
            {review && review.photoIds.length > 0 && ` ${t("reviews.form.photos.existing", { count: review.photoIds.length })}`}
          </p>
          <input
            id={`photos-${id}`}
            name={`photos_${id}`}
            type="file"
            multiple
            accept="image/jpeg,image/png,image/webp,image/gif"
            aria-invalid={fieldErrors("photos").length > 0 || undefined}
            aria-describedby={described("photos", `photos-${id}-hint`)}
          />
          <ErrorLine field="photos" />
        </>
      )}
    </fieldset>
  );
}

export function messagePage(locale: Locale, look: Look, text: string, status: number, kind: "error" | "status" = "error"): Response {
  const t = translator(locale);
  return shopperPage({ locale, title: t("reviews.form.title"), ...look, children: <p className={kind}>{text}</p> }, status);
}

export function thanksPage(
  locale: Locale,
  look: Look,
  results: { outcome: "created" | "edited" | "unchanged"; published: boolean; low: boolean; code: string | null; incentive: boolean }[],
  backHref: string,
): Response {
  const t = translator(locale);
  const low = results.some((r) => r.low && r.outcome !== "unchanged");
  const allUnchanged = results.every((r) => r.outcome === "unchanged");
  const children = (
    <>
      <h1>{t("reviews.thanks.heading")}</h1>
      <p className="status" role="status">
        {allUnchanged
          ? t("reviews.thanks.unchanged")
          : results.some((r) => r.outcome === "edited")
            ? t("reviews.thanks.edited")
            : results.every((r) => r.published)
              ? t("reviews.thanks.published")
              : t("reviews.thanks.pending")}
      </p>
      {low && <p>{t("reviews.thanks.low")}</p>}
      {results.map((r, i) =>
        r.code ? (
          <p key={i} className="code">
            {t("reviews.thanks.code", { code: r.code })}
          </p>
        ) : r.incentive && r.outcome === "created" ? (
          <p key={i} className="note">
            {t("reviews.thanks.codeSoon")}
          </p>
        ) : null,
      )}
      <p>
        <a href={backHref}>{t("reviews.thanks.back")}</a>
      </p>
    </>
  );
  return shopperPage({ locale, title: t("reviews.thanks.heading"), ...look, css: FORM_CSS, children });
}
