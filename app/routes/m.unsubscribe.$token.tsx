// Unsubscribing from marketing email. GET shows a page with one button (a link scanner that opens
// the link unsubscribes no one); POST unsubscribes: RFC 8058's one-click POST
// ("List-Unsubscribe=One-Click", sent by the mail provider, no login) gets a short plain answer, the
// page's form gets a page. Signed per shop, address and category; idempotent.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { pickLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { messagingSettings } from "~/messaging/settings.server";
import { shopperPage } from "~/messaging/shopper-page.server";
import { verifyUnsubscribeToken } from "~/messaging/signed-links";
import { isSuppressed, unsubscribe } from "~/messaging/unsubscribe.server";
import { runtime } from "~/runtime.server";

async function look(shop: string) {
  const rt = await runtime();
  const [row, settings] = await Promise.all([
    rt.db.shop.findUnique({ where: { shop }, select: { name: true } }),
    messagingSettings(rt.db, shop),
  ]);
  return { shopName: row?.name ?? shop, accentColor: settings.accentColor };
}

function invalid(status = 400) {
  const t = translator("en");
  return shopperPage(
    {
      locale: "en",
      title: t("email.unsubscribe.title"),
      shopName: "Aftercare",
      accentColor: "#1f6f5c",
      children: <p className="error">{t("email.unsubscribe.invalid")}</p>,
    },
    status,
  );
}

export async function loader({ params }: LoaderFunctionArgs) {
  const rt = await runtime();
  const v = verifyUnsubscribeToken(rt.env.SHOPIFY_API_SECRET, params.token ?? "");
  if (!v.ok) return invalid();
  const { claims } = v;
  const locale = pickLocale([claims.locale]);
  const t = translator(locale);
  const already = await isSuppressed(rt.db, claims.shop, claims.email, "marketing");
  const shop = await look(claims.shop);
  return shopperPage({
    locale,
    title: t("email.unsubscribe.title"),
    ...shop,
    children: (
      <>
        <h1>{t("email.unsubscribe.title")}</h1>
        {already ? (
          <p className="status" role="status">
            {t("email.unsubscribe.already")}
          </p>
        ) : (
          <form method="post">
            <p>{t("email.unsubscribe.body", { shop: shop.shopName, email: claims.email })}</p>
            <button type="submit">{t("email.unsubscribe.button")}</button>
          </form>
        )}
      </>
    ),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const rt = await runtime();
  const v = verifyUnsubscribeToken(rt.env.SHOPIFY_API_SECRET, params.token ?? "");
  let body = "";
  try {
    body = await request.text();
  } catch {
    body = "";
  }
  const oneClick = new URLSearchParams(body).get("List-Unsubscribe") === "One-Click" || /List-Unsubscribe=One-Click/.test(body);
  if (!v.ok) {
    return oneClick
      ? new Response("This unsubscribe link is not valid.\n", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } })
      : invalid();
  }
  const { claims } = v;
  await unsubscribe(rt, claims.shop, { email: claims.email, customerGid: claims.customer }, oneClick ? "one_click" : "link");
  if (oneClick) return new Response("Unsubscribed.\n", { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
  const locale = pickLocale([claims.locale]);
  const t = translator(locale);
  return shopperPage({
    locale,
    title: t("email.unsubscribe.title"),
    ...(await look(claims.shop)),
    children: (
      <>
        <h1>{t("email.unsubscribe.title")}</h1>
        <p className="status" role="status">
          {t("email.unsubscribe.done")}
        </p>
      </>
    ),
  });
}
