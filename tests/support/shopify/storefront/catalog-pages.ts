// What a shopper sees of the catalogue and of a purchase: product cards (image, title, price, and the star
// rating from Shopify's standard reviews metafields, drawn as Dawn's card-product snippet draws it), the product
// page (image, price, description, variant picker, quantity, discount code, Buy) and the order confirmation
// (with the discounts applied). Page bodies only; the layout around them is page-layout.ts. Every word comes
// from chromeText, in English and Polish.
import { chromeText, type ChromeKey } from "./page-layout";
import { productRating } from "./storefront-objects";
import { escapeHtml } from "./translations";
import type { StorefrontOrder, StorefrontProduct, StorefrontShop, StorefrontVariant } from "./types";

export const MAX_QUANTITY = 5;

/** The Buy form's discount code field; Shopify refuses codes longer than this. */
export const DISCOUNT_CODE_FIELD = "discount_code";
export const MAX_DISCOUNT_CODE_LENGTH = 255;

/** `189.00` in PLN → `189,00 zł` for a Polish shopper, `PLN 189.00` for an English one. */
export function formatPrice(amount: string, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale === "pl" ? "pl-PL" : "en-GB", { style: "currency", currency }).format(Number(amount));
}

function text(locale: string, key: ChromeKey, values?: Record<string, string>): string {
  return escapeHtml(chromeText(locale, key, values));
}

/** Numeric id from `gid://shopify/ProductVariant/123` (Shopify's `?variant=` uses it). */
export function numericVariantId(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}

function priceLabel(product: StorefrontProduct, currency: string, locale: string): string {
  const prices = (product.variants ?? []).map((v) => Number(v.price));
  if (prices.length === 0) return "";
  const lowest = Math.min(...prices);
  const formatted = formatPrice(String(lowest), currency, locale);
  return prices.some((p) => p !== lowest) ? chromeText(locale, "priceFrom", { price: formatted }) : formatted;
}

function image(product: StorefrontProduct, size: number, className: string): string {
  if (!product.image) return "";
  return `<img class="${className}" src="${escapeHtml(product.image.url)}" alt="${escapeHtml(product.image.alt)}" width="${size}" height="${size}">`;
}

/**
 * Dawn's rating on a product card (snippets/card-product.liquid): CSS stars read out as "4.6 out of 5 stars",
 * "4.6 / 5" and "(12)" for the eye, "Total reviews: 12" for a screen reader. Nothing without a rating.
 */
export function cardRating(product: StorefrontProduct, locale: string): string {
  const found = productRating(product);
  if (!found) return "";
  const format = (n: number, digits: number) =>
    new Intl.NumberFormat(locale === "pl" ? "pl-PL" : "en-GB", { minimumFractionDigits: digits, maximumFractionDigits: 1 }).format(n);
  const rating = format(found.rating, 1);
  const max = format(found.scaleMax, 0);
  const count = String(found.count);
  return (
    `<div class="card__rating">` +
    `<span class="rating" role="img" aria-label="${text(locale, "ratingInfo", { rating, max })}">` +
    `<span aria-hidden="true" class="rating-star" style="--rating: ${found.rating}; --rating-max: ${found.scaleMax};"></span></span>` +
    `<p class="rating-text"><span aria-hidden="true">${escapeHtml(`${rating} / ${max}`)}</span></p>` +
    `<p class="rating-count"><span aria-hidden="true">(${count})</span>` +
    `<span class="visually-hidden">${text(locale, "totalReviews", { count })}</span></p>` +
    `</div>`
  );
}

/** The catalogue as a grid of cards; each card is one link (image, title, price), then its star rating. */
export function productGrid(shop: StorefrontShop, base: string, locale: string, products = shop.products ?? []): string {
  if (products.length === 0) return `<p>${text(locale, "noProducts")}</p>`;
  const currency = shop.currency ?? "USD";
  const cards = products
    .map((p) => {
      const price = priceLabel(p, currency, locale);
      // The image's alt text would repeat the title the link already reads out.
      const picture = p.image ? `<img class="card__image" src="${escapeHtml(p.image.url)}" alt="" width="240" height="240">` : "";
      return `<li class="card"><a href="${escapeHtml(`${base}/products/${p.handle}`)}">${picture}<span class="card__title">${escapeHtml(p.title)}</span>${
        price ? `<span class="card__price">${escapeHtml(price)}</span>` : ""
      }</a>${cardRating(p, locale)}</li>`;
    })
    .join("");
  return `<ul class="grid">${cards}</ul>`;
}

function paragraphs(description: string): string {
  return description
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join("");
}

function variantLabel(variant: StorefrontVariant, currency: string, locale: string): string {
  return `${escapeHtml(variant.title)} – ${escapeHtml(formatPrice(variant.price, currency, locale))}`;
}

export interface ProductPageInput {
  shop: StorefrontShop;
  product: StorefrontProduct;
  base: string;
  locale: string;
  signedIn: boolean;
  /** Numeric variant id from `?variant=` (kept across sign-in). */
  selected: string | null;
}

export function productPage(input: ProductPageInput): string {
  const { shop, product, base, locale } = input;
  const currency = shop.currency ?? "USD";
  const variants = product.variants ?? [];
  const chosen = variants.find((v) => numericVariantId(v.id) === input.selected) ?? variants[0];
  const price = priceLabel(product, currency, locale);
  const details = [
    price ? `<p class="product__price">${escapeHtml(price)}</p>` : "",
    product.description ? `<div class="product__description">${paragraphs(product.description)}</div>` : "",
  ];
  if (shop.checkout && chosen) {
    const picker =
      variants.length > 1 || chosen.title !== "Default Title"
        ? `<fieldset class="variants"><legend>${text(locale, "variant")}</legend>${variants
            .map(
              (v) =>
                `<label class="variant"><input type="radio" name="id" value="${escapeHtml(v.id)}"${v === chosen ? " checked" : ""}> ${variantLabel(v, currency, locale)}</label>`,
            )
            .join("")}</fieldset>`
        : `<input type="hidden" name="id" value="${escapeHtml(chosen.id)}">`;
    details.push(`<form class="buy" method="post" action="${escapeHtml(`${base}/checkout`)}">
<input type="hidden" name="product" value="${escapeHtml(product.handle)}">
${picker}
<p><label>${text(locale, "quantity")} <input type="number" name="quantity" value="1" min="1" max="${MAX_QUANTITY}" required></label></p>
<p><label>${text(locale, "discountCode")} <input type="text" name="${DISCOUNT_CODE_FIELD}" maxlength="${MAX_DISCOUNT_CODE_LENGTH}" autocomplete="off" autocapitalize="characters" spellcheck="false"></label></p>
<p><button type="submit" class="button">${text(locale, "buy")}</button></p>
${input.signedIn ? "" : `<p class="muted">${text(locale, "signInFirst")}</p>`}
</form>`);
  }
  return `<div class="product">${image(product, 480, "product__image")}<div class="product__details">${details.join("\n")}</div></div>`;
}

export function orderConfirmation(order: StorefrontOrder, base: string, locale: string): string {
  const lines = order.lines
    .map((l) => `<li>${escapeHtml(l.variantTitle ? `${l.title} – ${l.variantTitle}` : l.title)} × ${l.quantity}</li>`)
    .join("");
  const price = (amount: string) => formatPrice(amount, order.currency, locale);
  const discounts = (order.discounts ?? [])
    .map((d) => `<li>${text(locale, "discountApplied", { code: d.code, amount: price(d.amount) })}</li>`)
    .join("");
  return `<p role="status" class="confirmation">${text(locale, "orderConfirmed", { order: order.name })}</p>
<ul>${lines}</ul>
${discounts ? `<ul class="discounts">${discounts}</ul>\n` : ""}${order.shipping !== undefined ? `<p>${text(locale, "shipping", { amount: price(order.shipping) })}</p>\n` : ""}<p>${text(locale, "orderTotal", { total: price(order.total) })}</p>
<p><a class="button" href="${escapeHtml(`${base}/account`)}">${text(locale, "seeYourOrders")}</a></p>`;
}
