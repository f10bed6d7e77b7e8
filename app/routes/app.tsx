// The embedded admin shell: authenticates every admin request (session token), loads App Bridge
// and Polaris in the merchant's language, and declares the App Bridge nav menu.
import type { HeadersFunction, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AdminProvider } from "~/components/admin-provider";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisPl from "@shopify/polaris/locales/pl.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { resolveLocale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { env } from "~/platform/env.server";
import { authenticate } from "~/shopify.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  const config = env();
  return { apiKey: config.SHOPIFY_API_KEY, appBridgeUrl: config.APP_BRIDGE_URL, locale: resolveLocale(request) };
}

export default function AdminShell() {
  const { apiKey, appBridgeUrl, locale } = useLoaderData<typeof loader>();
  const t = translator(locale);
  return (
    <AdminProvider apiKey={apiKey} appBridgeUrl={appBridgeUrl} i18n={locale === "pl" ? polarisPl : polarisEn}>
      <NavMenu>
        <Link to="/app" rel="home">
          {t("nav.home")}
        </Link>
        <Link to="/app/orders">{t("orders.nav")}</Link>
        <Link to="/app/customers">{t("customers.nav")}</Link>
        <Link to="/app/flows">{t("messaging.nav.flows")}</Link>
        <Link to="/app/outbox">{t("messaging.nav.outbox")}</Link>
        <Link to="/app/loyalty">{t("loyalty.nav")}</Link>
        <Link to="/app/reviews">{t("reviews.nav")}</Link>
        <Link to="/app/returns">{t("returns.admin.nav")}</Link>
        <Link to="/app/privacy">{t("privacy.nav")}</Link>
        <Link to="/app/settings">{t("settings.nav")}</Link>
      </NavMenu>
      <Outlet />
    </AdminProvider>
  );
}

// Shopify needs Remix to catch some thrown responses, so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
