// The one-click CSAT answer from the delivery follow-up: GET /m/csat/:token?score=N records the
// score (a second click with another score changes it) and thanks the customer in their language,
// with an optional comment box (POST saves the comment). The token is signed per order and customer.
// Link scanners of mail providers open every link of an email: a client that says it is a bot
// gets the page without the score being recorded, so five prefetches do not become five answers.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { isbot } from "isbot";
import { pickLocale, type Locale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { LOW_SCORE, MAX_COMMENT, recordCsat, saveCsatComment } from "~/messaging/csat.server";
import { messagingSettings } from "~/messaging/settings.server";
import { shopperPage } from "~/messaging/shopper-page.server";
import { verifyCsatToken, type CsatClaims } from "~/messaging/signed-links";
import type { MessageKey } from "~/i18n/messages/en";
import type { ReactNode } from "react";
import { runtime } from "~/runtime.server";

async function shopLook(shop: string) {
  const rt = await runtime();
  const [row, settings] = await Promise.all([
    rt.db.shop.findUnique({ where: { shop }, select: { name: true } }),
    messagingSettings(rt.db, shop),
  ]);
  return { shopName: row?.name ?? shop, accentColor: settings.accentColor };
}

async function verified(params: { token?: string }): Promise<{ ok: true; claims: CsatClaims } | { ok: false; response: Response }> {
  const rt = await runtime();
  const result = verifyCsatToken(rt.env.SHOPIFY_API_SECRET, params.token ?? "", rt.clock.now());
  if (result.ok) return result;
  const t = translator("en");
  return {
    ok: false,
    response: shopperPage(
      {
        locale: "en",
        title: t("email.csat.page.title"),
        shopName: "Aftercare",
        accentColor: "#1f6f5c",
        children: <p className="error">{t("email.csat.invalid")}</p>,
      },
      result.why === "expired" ? 410 : 400,
    ),
  };
}

function thanks(
  locale: Locale,
  score: number,
  state: { changed: boolean; previous: number | null; comment: string | null; saved?: boolean },
) {
  const t = translator(locale);
  return (
    <>
      <h1>{t("email.csat.thanks.heading")}</h1>
      {state.saved ? (
        <p className="status" role="status">
          {t("email.csat.comment.saved")}
        </p>
      ) : (
        <p className="status" role="status">
          {state.previous !== null ? t("email.csat.changed", { score }) : t("email.csat.thanks.body", { score })}
        </p>
      )}
      {score <= LOW_SCORE && !state.saved ? <p>{t("email.csat.low")}</p> : null}
      <ol className="scores" aria-label={t("email.csat.question" as MessageKey)}>
        {[1, 2, 3, 4, 5].map((n) => (
          <li key={n}>
            <a href={`?score=${n}`} aria-current={n === score ? "true" : undefined} title={t(`email.csat.score.${n}` as MessageKey)}>
              {n}
            </a>
          </li>
        ))}
      </ol>
      <form method="post" action={`?score=${score}`}>
        <label htmlFor="comment">{t("email.csat.comment.label")}</label>
        <p className="hint" id="comment-hint">
          {t("email.csat.comment.hint")}
        </p>
        <textarea id="comment" name="comment" maxLength={MAX_COMMENT} aria-describedby="comment-hint" defaultValue={state.comment ?? ""} />
        <button type="submit">{t("email.csat.comment.submit")}</button>
      </form>
    </>
  );
}

function scoreOf(request: Request): number | null {
  const raw = new URL(request.url).searchParams.get("score");
  const score = Number(raw);
  return raw && Number.isInteger(score) && score >= 1 && score <= 5 ? score : null;
}

/** A verified link with a score, and how to answer on it; or the page that says the link is no good. */
async function opened(request: Request, params: { token?: string }) {
  const v = await verified(params);
  if (!v.ok) return { ok: false as const, response: v.response };
  const { claims } = v;
  const locale = pickLocale([claims.locale]);
  const t = translator(locale);
  const look = await shopLook(claims.shop);
  const page = (children: ReactNode, status = 200) => shopperPage({ locale, title: t("email.csat.page.title"), ...look, children }, status);
  const score = scoreOf(request);
  if (score === null) return { ok: false as const, response: page(<p className="error">{t("email.csat.invalid")}</p>, 400) };
  return { ok: true as const, claims, locale, score, page, invalid: () => page(<p className="error">{t("email.csat.invalid")}</p>, 400) };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const o = await opened(request, params);
  if (!o.ok) return o.response;
  const rt = await runtime();
  const answer = isbot(request.headers.get("user-agent") ?? "")
    ? { previous: null, changed: false, comment: null }
    : await recordCsat(rt, o.claims.shop, o.claims.order, o.claims.customer, o.score, rt.clock.now());
  return o.page(thanks(o.locale, o.score, answer));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const o = await opened(request, params);
  if (!o.ok) return o.response;
  let comment: string;
  try {
    comment = String((await request.formData()).get("comment") ?? "");
  } catch {
    return o.invalid();
  }
  const rt = await runtime();
  const now = rt.clock.now();
  // A comment without a recorded score (the page was opened, the answer erased since) records the score first.
  await recordCsat(rt, o.claims.shop, o.claims.order, o.claims.customer, o.score, now);
  await saveCsatComment(rt.db, o.claims.shop, o.claims.order, comment, now);
  return o.page(thanks(o.locale, o.score, { changed: false, previous: null, comment: comment.trim() || null, saved: true }));
}
