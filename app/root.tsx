// The document shell shared by every page.
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { resolveLocale } from "./i18n/locale";

export async function loader({ request }: LoaderFunctionArgs) {
  return { locale: resolveLocale(request) };
}

// Every page has a title (screen readers announce it); pages may add their own.
export const meta: MetaFunction = () => [{ title: "Aftercare" }];

export default function App() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang={data?.locale ?? "en"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="preconnect" href="https://cdn.shopify.com/" />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
