// The double's stand-in for a merchant theme: one accessible HTML layout (skip link, header nav,
// `<main>` with the page heading, the app blocks placed under it, the page's content, then the other app blocks; a
// footer linking the shop's Returns page; the app embeds last in `<body>`)
// whose own words — the layout's and the catalogue's and checkout's (catalog-pages.ts) — exist in
// English and Polish.
import { escapeHtml } from "./translations";

const CHROME = {
  en: {
    skip: "Skip to content",
    nav: "Main",
    home: "Home",
    catalog: "Catalog",
    account: "Account",
    signIn: "Sign in",
    signOut: "Sign out",
    language: "Language",
    welcome: "Welcome to {shop}",
    allProducts: "All products",
    noProducts: "No products yet.",
    signedInAs: "Signed in as {name}",
    signInAs: "Sign in as {name}",
    noCustomers: "This test shop has no customers to sign in as.",
    ourProducts: "Our products",
    priceFrom: "from {price}",
    variant: "Variant",
    quantity: "Quantity",
    buy: "Buy",
    signInFirst: "You will be asked to sign in first.",
    signInToBuy: "Sign in to finish your purchase.",
    thankYou: "Thank you for your order!",
    orderConfirmed: "Order {order} is confirmed.",
    orderTotal: "Total, shipping included: {total}",
    seeYourOrders: "See your orders in your account",
    purchaseFailed: "The order could not be placed",
    discountCode: "Discount code",
    discountInvalid: "Enter a valid discount code",
    discountNotForCustomer: "{code} discount code isn't available to you right now",
    discountNotForCart: "{code} discount code isn't valid for the items in your cart",
    discountApplied: "Discount {code}: −{amount}",
    shipping: "Shipping: {amount}",
    rewards: "Rewards",
    returns: "Returns and exchanges",
    shopInfo: "Shop information",
    ratingInfo: "{rating} out of {max} stars",
    totalReviews: "Total reviews: {count}",
    footer: "© {shop}",
  },
  pl: {
    skip: "Przejdź do treści",
    nav: "Główna",
    home: "Strona główna",
    catalog: "Katalog",
    account: "Konto",
    signIn: "Zaloguj się",
    signOut: "Wyloguj się",
    language: "Język",
    welcome: "Witamy w sklepie {shop}",
    allProducts: "Wszystkie produkty",
    noProducts: "Brak produktów.",
    signedInAs: "Zalogowano jako {name}",
    signInAs: "Zaloguj jako {name}",
    noCustomers: "Ten testowy sklep nie ma klientów.",
    ourProducts: "Nasze produkty",
    priceFrom: "od {price}",
    variant: "Wariant",
    quantity: "Ilość",
    buy: "Kup",
    signInFirst: "Przed zakupem poprosimy o zalogowanie się.",
    signInToBuy: "Zaloguj się, aby dokończyć zakup.",
    thankYou: "Dziękujemy za zamówienie!",
    orderConfirmed: "Zamówienie {order} zostało przyjęte.",
    orderTotal: "Razem z dostawą: {total}",
    seeYourOrders: "Zobacz swoje zamówienia na koncie",
    purchaseFailed: "Nie udało się złożyć zamówienia",
    discountCode: "Kod rabatowy",
    discountInvalid: "Wpisz prawidłowy kod rabatowy",
    discountNotForCustomer: "Kod rabatowy {code} nie jest teraz dla Ciebie dostępny",
    discountNotForCart: "Kod rabatowy {code} nie obejmuje produktów w Twoim koszyku",
    discountApplied: "Rabat {code}: −{amount}",
    shipping: "Dostawa: {amount}",
    rewards: "Nagrody",
    returns: "Zwroty i wymiany",
    shopInfo: "Informacje o sklepie",
    ratingInfo: "Ocena {rating} na {max} gwiazdek",
    totalReviews: "Liczba opinii: {count}",
    footer: "© {shop}",
  },
} as const;

export type ChromeKey = keyof (typeof CHROME)["en"];

export function chromeText(locale: string, key: ChromeKey, values: Record<string, string> = {}): string {
  const words = locale in CHROME ? CHROME[locale as keyof typeof CHROME] : CHROME.en;
  return words[key].replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

export type LayoutInput = {
  locale: string;
  locales: string[];
  shopName: string;
  base: string;
  currentPath: string;
  signedIn: boolean;
  title: string;
  /** Trusted HTML for the page body (already escaped where needed). */
  content: string;
  /** App blocks placed right under the page heading (a product's star rating). */
  titleBlocks?: string[];
  blocks: string[];
  /** App embeds (target `body`), rendered at the end of `<body>`. */
  embeds?: string[];
  scripts: string[];
  stylesheets: string[];
};

const BASE_CSS = `
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
a{color:#0645ad}
a:focus-visible,button:focus-visible{outline:3px solid #005bd3;outline-offset:2px}
.skip-link{position:absolute;left:-999px}
.skip-link:focus{left:1rem;top:1rem;background:#fff;padding:.5rem}
header,main,footer{max-width:60rem;margin:0 auto;padding:1rem}
header nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;margin:0}
input:focus-visible{outline:3px solid #005bd3;outline-offset:2px}
.muted{color:#555}
.grid{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:1.5rem}
.card a{display:flex;flex-direction:column;gap:.25rem;color:inherit;text-decoration:none}
.card a:hover .card__title{text-decoration:underline}
.card__image,.product__image{display:block;width:100%;height:auto;border-radius:8px;background:#f3f1ec}
.card__price{font-weight:600}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.card__rating{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem;margin:.25rem 0 0;font-size:.875rem}
.card__rating p{margin:0}
.rating-star{--percent:calc(var(--rating)/var(--rating-max)*100%);display:inline-block;font-size:1.1rem;line-height:1;letter-spacing:.1em}
.rating-star::before{content:"★★★★★";background:linear-gradient(90deg,#1a1a1a var(--percent),#c9c9c9 var(--percent));-webkit-background-clip:text;background-clip:text;-webkit-text-fill-color:transparent}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:2rem;align-items:start}
@media (max-width:700px){.product{grid-template-columns:1fr}}
.product__price{font-size:1.5rem;font-weight:600;margin:0 0 1rem}
.variants{border:1px solid #c9c9c9;border-radius:6px;margin:0 0 1rem}
.variant{display:block;padding:.2rem 0}
.button{display:inline-block;background:#1a1a1a;color:#fff;border:0;border-radius:6px;padding:.6rem 1.5rem;font:inherit;font-weight:600;text-decoration:none;cursor:pointer}
.confirmation{font-size:1.25rem}
.error{color:#a4000f}
`;

export function renderLayout(input: LayoutInput): string {
  const t = (key: ChromeKey, values?: Record<string, string>) => escapeHtml(chromeText(input.locale, key, values));
  const link = (href: string, label: string) =>
    `<a href="${escapeHtml(href)}"${href === input.currentPath ? ' aria-current="page"' : ""}>${label}</a>`;
  const accountLinks = input.signedIn
    ? `<li>${link(`${input.base}/account`, t("account"))}</li><li>${link(`${input.base}/account/logout`, t("signOut"))}</li>`
    : `<li>${link(`${input.base}/account/login`, t("signIn"))}</li>`;
  const languageLinks = input.locales
    .map(
      (code) =>
        `<li><a href="${escapeHtml(`${input.currentPath}?locale=${code}`)}" lang="${code}" hreflang="${code}"` +
        `${code === input.locale ? ' aria-current="true"' : ""}>${code.toUpperCase()}</a></li>`,
    )
    .join("");
  const head = [
    ...input.stylesheets.map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`),
    ...input.scripts.map((src) => `<script src="${escapeHtml(src)}" defer></script>`),
  ].join("\n");

  return `<!doctype html>
<html lang="${escapeHtml(input.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)} – ${escapeHtml(input.shopName)}</title>
<style>${BASE_CSS}</style>
${head}
</head>
<body>
<a class="skip-link" href="#MainContent">${t("skip")}</a>
<header>
<p><a href="${escapeHtml(`${input.base}/`)}">${escapeHtml(input.shopName)}</a></p>
<nav aria-label="${t("nav")}"><ul>
<li>${link(`${input.base}/`, t("home"))}</li>
<li>${link(`${input.base}/collections/all`, t("catalog"))}</li>
${accountLinks}
</ul></nav>
<nav aria-label="${t("language")}"><ul>${languageLinks}</ul></nav>
</header>
<main id="MainContent">
<h1>${escapeHtml(input.title)}</h1>
${(input.titleBlocks ?? []).map((block) => `${block}\n`).join("")}${input.content}
${input.blocks.join("\n")}
</main>
<footer>
<nav aria-label="${t("shopInfo")}"><ul><li>${link(`${input.base}/pages/returns`, t("returns"))}</li></ul></nav>
<p class="muted">${t("footer", { shop: input.shopName })}</p>
</footer>
${(input.embeds ?? []).join("\n")}
</body>
</html>
`;
}
