// The small pages a shopper lands on from an email (the CSAT thank-you, unsubscribe): plain HTML
// rendered on the server in the customer's language, no script, no login, styled in the shop's
// accent colour. Escaping is React's.
import { renderToStaticMarkup } from "react-dom/server";
import type { ReactNode } from "react";
import type { Locale } from "~/i18n/locale";

export interface ShopperPageProps {
  locale: Locale;
  title: string;
  shopName: string;
  accentColor: string;
  children: ReactNode;
  /** More rules for this page (the review form's stars and photos). */
  css?: string;
}

function Page({ locale, title, shopName, accentColor, children, css: extra }: ShopperPageProps) {
  const css = `
    body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a; background: #f6f6f7; }
    main { max-width: 34rem; margin: 3rem auto; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
    .shop { font-weight: 600; color: ${accentColor}; margin: 0 0 1rem; }
    h1 { font-size: 1.5rem; margin: 0 0 1rem; }
    label { display: block; font-weight: 600; margin: 1.5rem 0 .25rem; }
    textarea { width: 100%; box-sizing: border-box; min-height: 7rem; font: inherit; padding: .5rem; border: 1px solid #8a8a8a; border-radius: 8px; }
    button { margin-top: 1rem; font: inherit; font-weight: 600; padding: .6rem 1.2rem; border: 0; border-radius: 8px; background: ${accentColor}; color: #fff; cursor: pointer; }
    button:focus-visible, textarea:focus-visible { outline: 3px solid #005bd3; outline-offset: 2px; }
    .hint, .note { color: #4a4a4a; font-size: .9rem; }
    .status { padding: .75rem 1rem; border-radius: 8px; background: #e3f1df; }
    .error { padding: .75rem 1rem; border-radius: 8px; background: #fde8e8; }
    .scores { display: flex; gap: .5rem; list-style: none; padding: 0; }
    .scores a { display: inline-block; min-width: 2.5rem; text-align: center; padding: .4rem; border: 2px solid ${accentColor}; border-radius: 8px; color: #1a1a1a; text-decoration: none; }
    .scores a[aria-current="true"] { background: ${accentColor}; color: #fff; }
  `;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${shopName}`}</title>
        <style dangerouslySetInnerHTML={{ __html: css + (extra ?? "") }} />
      </head>
      <body>
        <main>
          <p className="shop">{shopName}</p>
          {children}
        </main>
      </body>
    </html>
  );
}

/** A complete HTML response. */
export function shopperPage(props: ShopperPageProps, status = 200): Response {
  const html = "<!DOCTYPE html>" + renderToStaticMarkup(<Page {...props} />);
  return new Response(html, {
    status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'",
    },
  });
}
