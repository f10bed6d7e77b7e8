// The storefront side of product reviews, rendered through the storefront harness: the Star rating block
// (reviews-badge) and the Product reviews block (reviews) in English and Polish from the product's metafields
// (Shopify's reviews.rating / reviews.rating_count, the app's $app:reviews.latest / .summary), their JSON-LD
// (one Product with its AggregateRating, parsed and checked; none when off or without reviews), review text kept
// inert in both the HTML and the JSON-LD, product cards' stars, the harness's typed product metafields, and the
// App Proxy stand-in the reviews script talks to.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublicReview } from "../../app/reviews/types";
import { AdminGraphqlApi, AdminStore, DEFAULT_SCOPES } from "../support/shopify/admin";
import {
  createStorefront,
  fakeReviewsProxy,
  renderBlock,
  reviewMetafields,
  startServer,
  storefrontShopOf,
  type RunningServer,
  type StorefrontProduct,
  type StorefrontShop,
} from "../support/shopify/storefront";
import { LiquidMetafield, LiquidRating, liquidMetafields } from "../support/shopify/storefront/storefront-objects";

const extensionDir = path.resolve(__dirname, "../../extensions/aftercare-theme");
const SHOP = "aftercare-reviews.myshopify.com";
const XSS_BODY = 'Great pan </script><script>alert(1)</script> with a <b>bold</b> claim & "quotes"\nSecond line';
const XSS_TITLE = '</script><img src=x onerror=alert(2)> "Best" & <b>pan</b>';

let sequence = 0;
function review(rating: number, overrides: Partial<PublicReview> = {}): PublicReview {
  sequence += 1;
  const day = String(sequence).padStart(2, "0");
  return {
    id: `rev_${day}`,
    author: `Shopper ${day}`,
    rating,
    title: `Title ${day}`,
    body: `Body ${day}`,
    publishedAt: `2026-03-${day}T12:00:00.000Z`,
    verified: false,
    incentivised: false,
    reply: null,
    photos: [],
    ...overrides,
  };
}

// 12 reviews: 8 × 5★, 3 × 4★, 1 × 3★ → 4.6. The newest five (published last) carry the interesting parts.
const panReviews: PublicReview[] = [
  ...[5, 5, 5, 4, 5, 4, 5].map((rating) => review(rating)),
  review(3, { author: "Jan K.", title: "Heavy", body: "Heavy but good.", incentivised: true }),
  review(5, {
    author: "Ola N.",
    title: "With photos",
    verified: true,
    photos: [
      { url: "/apps/aftercare/api/reviews/photos/ph_1" },
      { url: "javascript:alert(3)" },
      { url: "https://cdn.example.com/ph_2.jpg" },
      { url: "http://insecure.example.com/ph_3.jpg" },
    ],
  }),
  review(4, { author: "Piotr", title: "", body: "No title here.", reply: { body: "Thank you, <Piotr>!", at: "2026-03-20T09:00:00.000Z" } }),
  review(5, { author: "Anna </script>", title: XSS_TITLE, body: XSS_BODY, verified: true }),
  review(5, { author: "Marta", title: "Newest", body: "The newest one.", publishedAt: "2026-03-28T12:00:00.000Z" }),
];

const pan: StorefrontProduct = {
  id: "gid://shopify/Product/8800000000001",
  handle: "cast-iron-pan",
  title: 'Cast iron pan "24 cm"',
  image: { url: "https://cdn.shopify.com/s/files/1/pan.jpg?v=1", alt: "Pan" },
  metafields: reviewMetafields(panReviews),
};
const mug: StorefrontProduct = {
  id: "gid://shopify/Product/8800000000002",
  handle: "clay-mug",
  title: "Clay mug",
  metafields: reviewMetafields([review(5, { publishedAt: "2026-04-01T12:00:00.000Z" })]),
};
const bowl: StorefrontProduct = { id: "gid://shopify/Product/8800000000003", handle: "bowl", title: "Bowl" };
const shopConfig: StorefrontShop = { name: "Kuchnia & Co", locale: "en", currency: "PLN", products: [pan, mug, bowl] };

async function render(block: "reviews" | "reviews-badge", product: StorefrontProduct, locale = "en", settings?: Record<string, unknown>) {
  return renderBlock({ extensionDir, block, shop: SHOP, shopConfig, product, locale, settings });
}

/** Inner HTML of the block, without Shopify's wrapper (and the line break after the block's schema). */
function inner(html: string): string {
  return html
    .replace(/^<div id="shopify-block-[^"]+"[^>]*>/, "")
    .replace(/<\/div>$/, "")
    .trim();
}

function withCount(count: number): StorefrontProduct {
  const reviews = Array.from({ length: count }, (_, i) => review(5, { id: `count_${count}_${i}` }));
  return { ...mug, metafields: reviewMetafields(reviews) };
}

/** The text a screen reader or a shopper reads: tags dropped, whitespace collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function jsonLdBlocks(html: string): string[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((match) => match[1]);
}

describe("Star rating block (reviews-badge)", () => {
  it("shows the stars, the average and the count from the product's metafields, as one sentence linking to the reviews", async () => {
    const { html, schema, scripts, stylesheets } = await render("reviews-badge", pan);
    expect(schema.target).toBe("section");
    expect(schema.enabled_on?.templates).toEqual(["product"]);
    // No request, no script: everything is in the page.
    expect(scripts).toEqual([]);
    expect(stylesheets).toEqual([`/shops/${SHOP}/extension-assets/reviews.css`]);
    expect(html).not.toContain("<script");
    expect(html).toContain('<a class="aftercare-rating__link" href="#aftercare-reviews">');
    expect(html).toContain('<span class="aftercare-stars" style="--aftercare-stars: 92%;" aria-hidden="true"></span>');
    expect(html).toContain('<span class="aftercare-rating__value" aria-hidden="true">4.6</span>');
    expect(html).toContain('<span class="aftercare-rating__count" aria-hidden="true">12 reviews</span>');
    expect(html).toContain('<span class="aftercare-visually-hidden">Rated 4.6 out of 5, 12 reviews</span>');
  });

  it("speaks Polish with Polish plurals and a decimal comma", async () => {
    const { html } = await render("reviews-badge", pan, "pl");
    expect(html).toContain('aria-hidden="true">4,6</span>');
    expect(html).toContain("Ocena 4,6 na 5, 12 opinii");
    const cases: Array<[number, string, string]> = [
      [1, "1 opinia", "Rated 5.0 out of 5, 1 review"],
      [3, "3 opinie", "Rated 5.0 out of 5, 3 reviews"],
      [5, "5 opinii", "Rated 5.0 out of 5, 5 reviews"],
      [22, "22 opinie", "Rated 5.0 out of 5, 22 reviews"],
    ];
    for (const [count, polish, english] of cases) {
      expect((await render("reviews-badge", withCount(count), "pl")).html).toContain(`Ocena 5,0 na 5, ${polish}</span>`);
      expect((await render("reviews-badge", withCount(count), "en")).html).toContain(`${english}</span>`);
    }
  });

  it("renders nothing for a product without reviews, or 'No reviews yet' when the merchant asks for it", async () => {
    expect(inner((await render("reviews-badge", bowl)).html)).toBe("");
    // A count without a rating (or a rating without a count) is no rating to show.
    const half = { ...bowl, metafields: [{ namespace: "reviews", key: "rating_count", type: "number_integer", value: "3" }] };
    expect(inner((await render("reviews-badge", half)).html)).toBe("");
    const empty = await render("reviews-badge", bowl, "en", { show_empty: true });
    expect(textOf(empty.html)).toBe("No reviews yet");
    expect(empty.html).toContain("--aftercare-stars: 0%;");
    expect(textOf((await render("reviews-badge", bowl, "pl", { show_empty: true })).html)).toBe("Brak opinii");
  });
});

describe("Product reviews block (reviews)", () => {
  it("renders the header from the metafields: average, count and the distribution bars", async () => {
    const { html, schema, scripts } = await render("reviews", pan);
    expect(schema.enabled_on?.templates).toEqual(["product"]);
    expect(scripts).toEqual([`/shops/${SHOP}/extension-assets/reviews.js`]);
    expect(html).toMatch(
      /<section\s+id="aftercare-reviews"\s+class="aftercare-reviews"\s+aria-labelledby="AftercareReviewsHeading-reviews_1"/,
    );
    expect(html).toMatch(/<h2 class="aftercare-reviews__heading" id="AftercareReviewsHeading-reviews_1">Customer reviews<\/h2>/);
    expect(html).toContain('<span class="aftercare-reviews__average-value" aria-hidden="true">4.6</span>');
    expect(html).toContain('<span class="aftercare-reviews__average-text">Rated 4.6 out of 5, 12 reviews</span>');
    expect(html).toContain('<ul class="aftercare-reviews__bars" aria-label="Ratings breakdown">');
    const bars = [...html.matchAll(/bar-fill" style="width: (\d+)%;"/g)].map((m) => Number(m[1]));
    expect(bars).toEqual([67, 25, 8, 0, 0]);
    const rows = [...html.matchAll(/<span class="aftercare-visually-hidden">(\d stars?: [^<]+)<\/span>/g)].map((m) => m[1]);
    expect(rows).toEqual(["5 stars: 8 reviews", "4 stars: 3 reviews", "3 stars: 1 review", "2 stars: 0 reviews", "1 star: 0 reviews"]);
  });

  it("wires the block to the app proxy for later pages, with the product's numeric id and the shopper's locale", async () => {
    const { html } = await render("reviews", pan, "pl");
    expect(html).toContain(`data-endpoint="/shops/${SHOP}/apps/aftercare/api/reviews"`);
    expect(html).toContain(`data-proxy="/shops/${SHOP}/apps/aftercare"`);
    expect(html).toContain('data-product="8800000000001"');
    expect(html).toContain('data-locale="pl"');
    expect(html).toContain('data-count="12"');
    // 12 reviews, 5 in the page: "More reviews" is offered; the status line is there (empty) from the start.
    expect(html).toMatch(/<button\s+type="button"\s+class="aftercare-reviews__button"\s+data-more\s*>Więcej opinii<\/button>/);
    expect(html).toContain('<p class="aftercare-reviews__status" role="status" aria-live="polite" data-status></p>');
    expect(html).toMatch(/data-retry hidden>Spróbuj ponownie<\/button>/);
    const i18n = JSON.parse(/<script type="application\/json" data-i18n>([\s\S]*?)<\/script>/.exec(html)![1]) as Record<string, string>;
    expect(i18n).toEqual({
      rated: "Ocena {rating} na {scale}",
      photo: "Zdjęcie {index} z {total} do opinii (otwiera się w nowej karcie)",
      loading: "Wczytywanie opinii…",
      error: "Nie udało się wczytać kolejnych opinii.",
      showing: "Wyświetlono {shown} z {total} opinii",
    });
    // The empty row the script clones for later pages has every part it fills.
    const template = /<template data-review-template>([\s\S]*?)<\/template>/.exec(html)![1];
    for (const part of [
      "stars",
      "rating",
      "title",
      "author",
      "date",
      "verified",
      "incentivised",
      "body",
      "photos",
      "reply",
      "reply-body",
    ]) {
      expect(template, part).toContain(`data-f="${part}"`);
    }
  });

  it("lists the newest five reviews from $app:reviews.latest with their badges, reply, photos and localised dates", async () => {
    const { html } = await render("reviews", pan);
    const list = /<ol class="aftercare-reviews__list" data-list>([\s\S]*?)<\/ol>/.exec(html)![1];
    const items = list.split('<li class="aftercare-review" ').slice(1);
    expect(items).toHaveLength(5);
    expect(items.map((item) => /data-id="([^"]+)"/.exec(item)![1])).toEqual(["rev_12", "rev_11", "rev_10", "rev_09", "rev_08"]);

    const [newest, hostile, untitled, withPhotos, incentivised] = items;
    expect(newest).toContain('<span class="aftercare-visually-hidden" data-f="rating">Rated 5 out of 5</span>');
    expect(newest).toContain('<h3 class="aftercare-review__title" data-f="title" >Newest</h3>');
    expect(newest).toContain(
      '<time class="aftercare-review__date" data-f="date" datetime="2026-03-28T12:00:00.000Z">March 28, 2026</time>',
    );
    expect(newest).toMatch(/data-f="verified" hidden>/);
    expect(newest).toMatch(/data-f="reply" hidden>/);
    expect(hostile).toMatch(/data-f="verified" >Verified buyer<\/span>/);
    expect(untitled).toMatch(/data-f="title" hidden><\/h3>/);
    expect(untitled).toContain('<p class="aftercare-review__reply-label">Reply from Kuchnia &amp; Co</p>');
    expect(untitled).toContain('data-f="reply-body">Thank you, &lt;Piotr&gt;!</p>');
    expect(untitled).toContain("--aftercare-stars: 80%;");
    expect(incentivised).toMatch(/data-f="incentivised" >Incentivised review<\/span>/);

    // Photos: the app's proxy path on the shop's domain and https only; lazy, sized, opening full size in a new tab.
    const photos = [...withPhotos.matchAll(/<a class="aftercare-review__photo-link" href="([^"]+)" target="_blank" rel="noopener">/g)].map(
      (m) => m[1],
    );
    expect(photos).toEqual([`/shops/${SHOP}/apps/aftercare/api/reviews/photos/ph_1`, "https://cdn.example.com/ph_2.jpg"]);
    const images = [...withPhotos.matchAll(/<img([^>]+)>/g)].map((m) => m[1]);
    expect(images).toHaveLength(2);
    for (const image of images) {
      expect(image).toMatch(/width="96"\s+height="96"\s+loading="lazy"/);
    }
    expect(images[1]).toContain('alt="Review photo 2 of 2 (opens in a new tab)"');
    expect(withPhotos).not.toContain("javascript:");
    expect(withPhotos).not.toContain("insecure.example.com");
  });

  it("speaks Polish: heading, rows with Polish plurals, badges and dates", async () => {
    const { html } = await render("reviews", pan, "pl");
    expect(html).toMatch(/>Opinie klientów<\/h2>/);
    expect(html).toContain("Ocena 4,6 na 5, 12 opinii");
    const rows = [...html.matchAll(/<span class="aftercare-visually-hidden">(\d gwiazd\w*: [^<]+)<\/span>/g)].map((m) => m[1]);
    expect(rows).toEqual([
      "5 gwiazdek: 8 opinii",
      "4 gwiazdki: 3 opinie",
      "3 gwiazdki: 1 opinia",
      "2 gwiazdki: 0 opinii",
      "1 gwiazdka: 0 opinii",
    ]);
    expect(html).toContain(">28 marca 2026</time>");
    expect(html).toContain("Zweryfikowany zakup");
    expect(html).toContain("Opinia wystawiona za nagrodę");
    expect(html).toContain("Odpowiedź sklepu Kuchnia &amp; Co");
    expect(html).toContain('alt="Zdjęcie 1 z 2 do opinii (otwiera się w nowej karcie)"');
  });

  it("offers no 'More reviews' when every review is on the page, and says 'No reviews yet' for a product without any", async () => {
    const one = await render("reviews", mug);
    expect(one.html).toMatch(/<div\s+class="aftercare-reviews__body"\s+style="--aftercare-expected: 1;"/);
    expect(one.html).toMatch(/data-more\s+hidden\s*>More reviews<\/button>/);
    expect(one.html).toContain("Rated 5.0 out of 5, 1 review");

    const none = await render("reviews", bowl);
    expect(none.html).toContain('<p class="aftercare-reviews__empty">No reviews yet</p>');
    expect(none.html).toContain('data-count="0"');
    expect(none.html).not.toContain("data-list");
    expect(none.html).not.toContain("aftercare-reviews__bars");
    expect((await render("reviews", bowl, "pl")).html).toContain(">Brak opinii</p>");
  });

  it("without the summary metafield leaves out the bars; without the latest reviews keeps the list's place for the script", async () => {
    const bare = { ...pan, metafields: reviewMetafields(panReviews, { summary: false, latest: false }) };
    const { html } = await render("reviews", bare);
    expect(html).toContain("Rated 4.6 out of 5, 12 reviews");
    expect(html).not.toContain("aftercare-reviews__bars");
    // Room for the five reviews the script will bring, kept as they arrive.
    expect(html).toMatch(/<div\s+class="aftercare-reviews__body aftercare-reviews__body--loading"\s+style="--aftercare-expected: 5;"/);
    expect(html).toMatch(/<ol class="aftercare-reviews__list" data-list><\/ol>/);
    // The script loads page 1 itself; "More reviews" waits for it.
    expect(html).toMatch(/data-more\s+hidden\s*>/);
    // Rich results still carry the rating, without reviews.
    const [ld] = jsonLdBlocks(html);
    const data = JSON.parse(ld) as Record<string, unknown>;
    expect(data.aggregateRating).toMatchObject({ ratingValue: 4.6, reviewCount: 12 });
    expect(data).not.toHaveProperty("review");
  });

  it("uses the merchant's heading, escaped", async () => {
    const { html } = await render("reviews", pan, "en", { heading: "<i>What cooks say</i>" });
    expect(html).toContain(">&lt;i&gt;What cooks say&lt;/i&gt;</h2>");
  });
});

describe("Product reviews JSON-LD", () => {
  it("prints exactly one Product with its AggregateRating and the newest reviews", async () => {
    const { html } = await render("reviews", pan);
    const blocks = jsonLdBlocks(html);
    expect(blocks).toHaveLength(1);
    expect(html.match(/application\/ld\+json/g)).toHaveLength(1);
    const data = JSON.parse(blocks[0]) as {
      review: Array<Record<string, unknown>>;
      [key: string]: unknown;
    };
    expect(data).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Product",
      name: 'Cast iron pan "24 cm"',
      url: `http://storefront.local/shops/${SHOP}/products/cast-iron-pan`,
      image: "https://cdn.shopify.com/s/files/1/pan.jpg?v=1&width=1200",
      aggregateRating: { "@type": "AggregateRating", ratingValue: 4.6, reviewCount: 12, bestRating: 5, worstRating: 1 },
    });
    expect(data.review).toHaveLength(5);
    expect(data.review[0]).toEqual({
      "@type": "Review",
      author: { "@type": "Person", name: "Marta" },
      datePublished: "2026-03-28",
      name: "Newest",
      reviewBody: "The newest one.",
      reviewRating: { "@type": "Rating", ratingValue: 5, bestRating: 5, worstRating: 1 },
    });
    // A review without a title has no name rather than an empty one.
    expect(data.review[2]).not.toHaveProperty("name");
    expect(data.review.map((r) => (r.reviewRating as { ratingValue: number }).ratingValue)).toEqual([5, 5, 4, 5, 3]);
  });

  it("is left out when the merchant turns it off, and for a product without reviews", async () => {
    const off = await render("reviews", pan, "en", { json_ld: false });
    expect(off.html).not.toContain("application/ld+json");
    expect(off.html).toContain("Rated 4.6 out of 5, 12 reviews");
    expect((await render("reviews", bowl)).html).not.toContain("application/ld+json");
    // The rating badge never prints structured data (one block owns it).
    expect((await render("reviews-badge", pan)).html).not.toContain("application/ld+json");
  });

  it("defaults to on, with the label that says when to turn it off", async () => {
    const { schema } = await render("reviews", pan);
    expect(schema.settings.find((s) => s.id === "json_ld")).toMatchObject({ type: "checkbox", default: true });
    const labels = JSON.parse(await readFile(path.join(extensionDir, "locales/en.default.schema.json"), "utf8"));
    expect(labels.blocks.reviews.settings.json_ld.label).toBe(
      "Add product rich results (turn off if your theme already prints review structured data)",
    );
  });
});

describe("review text stays inert", () => {
  it("escapes a review's HTML and </script> in the list, and keeps them inside the JSON-LD string", async () => {
    for (const locale of ["en", "pl"]) {
      const { html } = await render("reviews", pan, locale);
      // Nothing the shopper wrote became markup.
      expect(html).not.toContain("<script>alert(1)");
      expect(html).not.toContain("<b>bold</b>");
      expect(html).not.toContain("<img src=x");
      expect(html).toContain(
        'data-f="body">Great pan &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; with a &lt;b&gt;bold&lt;/b&gt; claim &amp; &#34;quotes&#34;\nSecond line</p>',
      );
      expect(html).toContain('data-f="author">Anna &lt;/script&gt;</span>');
      // Every <script> the block opens is closed by its own </script>: none was closed early.
      expect(html.match(/<script\b/g)?.length).toBe(html.match(/<\/script>/g)?.length);
      expect(html.match(/<script\b/g)).toHaveLength(2);

      const [ld] = jsonLdBlocks(html);
      expect(ld).toContain("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e");
      expect(ld).not.toMatch(/[<>]/);
      const hostile = (JSON.parse(ld) as { review: Array<Record<string, unknown>> }).review[1];
      expect(hostile.reviewBody).toBe(XSS_BODY);
      expect(hostile.name).toBe(XSS_TITLE);
      expect(hostile.author).toEqual({ "@type": "Person", name: "Anna </script>" });
    }
  });

  it("keeps a hostile product title inside the JSON-LD too", async () => {
    const product = { ...pan, title: '</script><script>alert("t")</script>' };
    const { html } = await render("reviews", product);
    const [ld] = jsonLdBlocks(html);
    expect((JSON.parse(ld) as { name: string }).name).toBe('</script><script>alert("t")</script>');
    expect(html).not.toContain('<script>alert("t")');
  });

  it("the script writes reviews as text only", async () => {
    const script = await readFile(path.join(extensionDir, "assets/reviews.js"), "utf8");
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(script).toContain("textContent");
  });
});

describe("product pages and cards in the storefront", () => {
  let running: RunningServer;
  let base: string;
  const store = new AdminStore({ clock: () => Date.parse("2026-04-02T10:00:00Z") });

  beforeAll(async () => {
    store.upsertShop(SHOP, { name: "Kuchnia & Co", currencyCode: "PLN", locale: "en" });
    const seeded = store.createProduct(SHOP, {
      title: "Cast iron pan",
      image: { url: "https://cdn.shopify.com/s/files/1/pan.jpg", altText: "Pan" },
      description: "Seasoned and ready.",
      variants: [{ price: "199.00" }],
    });
    store.createProduct(SHOP, { title: "Clay mug", variants: [{ price: "49.00" }] });
    // What the app's sync job writes (metafieldsSet), straight into the double's store.
    for (const metafield of reviewMetafields(panReviews)) store.setMetafield(SHOP, { ownerId: seeded.id, ...metafield });
    const storefront = createStorefront({ extensionDir, shops: (handle) => (handle === SHOP ? storefrontShopOf(store, SHOP) : null) });
    running = await startServer([storefront]);
    base = `${running.origin}/shops/${SHOP}`;
  });

  afterAll(async () => {
    await running.close();
  });

  it("puts the star rating under the product's title and the reviews below its description", async () => {
    const response = await fetch(`${base}/products/cast-iron-pan`);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toMatch(
      /<h1>Cast iron pan<\/h1>\s*<div id="shopify-block-reviews_badge_1" class="shopify-block shopify-app-block" data-block-handle="reviews-badge"><p class="aftercare-rating">/,
    );
    expect(html).toContain("Rated 4.6 out of 5, 12 reviews</span>");
    const description = html.indexOf("Seasoned and ready.");
    const reviews = html.indexOf('data-block-handle="reviews"');
    expect(description).toBeGreaterThan(0);
    expect(reviews).toBeGreaterThan(description);
    expect(html.slice(reviews)).toMatch(/<\/main>/);
    expect(html).toContain(`data-product="${seeded()}"`);
    // The theme loads the shared stylesheet once and the reviews script once.
    expect(html.match(/reviews\.css/g)).toHaveLength(1);
    expect(html.match(/<script src="[^"]*reviews\.js" defer><\/script>/g)).toHaveLength(1);
    expect(jsonLdBlocks(html)).toHaveLength(1);

    const polish = await (await fetch(`${base}/products/cast-iron-pan?locale=pl`)).text();
    expect(polish).toContain("Ocena 4,6 na 5, 12 opinii</span>");
    expect(polish).toContain(">Opinie klientów</h2>");
  });

  it("shows a product without reviews with no rating and 'No reviews yet' in the reviews block", async () => {
    const html = await (await fetch(`${base}/products/clay-mug`)).text();
    expect(html).toMatch(/<h1>Clay mug<\/h1>\s*<div id="shopify-block-reviews_badge_1"[^>]*>\s*<\/div>/);
    expect(html).toContain('<p class="aftercare-reviews__empty">No reviews yet</p>');
    expect(html).not.toContain("application/ld+json");
  });

  it("draws a rated product's stars on its card, as Dawn's card-product does, in English and Polish", async () => {
    const html = await (await fetch(`${base}/collections/all`)).text();
    const [panCard, mugCard] = html.split('<li class="card">').slice(1);
    expect(panCard).toContain('<span class="rating" role="img" aria-label="4.6 out of 5 stars">');
    expect(panCard).toContain('class="rating-star" style="--rating: 4.6; --rating-max: 5;"');
    expect(panCard).toContain('<p class="rating-text"><span aria-hidden="true">4.6 / 5</span></p>');
    expect(panCard).toContain('<span aria-hidden="true">(12)</span><span class="visually-hidden">Total reviews: 12</span>');
    expect(mugCard).not.toContain("rating");

    const polish = await (await fetch(`${base}/collections/all?locale=pl`)).text();
    expect(polish).toContain('aria-label="Ocena 4,6 na 5 gwiazdek"');
    expect(polish).toContain('<span aria-hidden="true">4,6 / 5</span>');
    expect(polish).toContain('<span class="visually-hidden">Liczba opinii: 12</span>');
  });

  it("renders what the app writes with metafieldsSet (rating, number_integer, json) through the Admin API", async () => {
    const spoon = store.createProduct(SHOP, { title: "Wooden spoon", variants: [{ price: "19.00" }] });
    const reviews = [review(4, { author: "Ewa", title: "Smooth", body: "Nice & smooth.", publishedAt: "2026-04-01T12:00:00.000Z" })];
    const response = await new AdminGraphqlApi(store).handle(
      SHOP,
      {
        query: `mutation($metafields: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $metafields) { metafields { key } userErrors { field message } } }`,
        variables: { metafields: reviewMetafields(reviews).map((m) => ({ ownerId: spoon.id, ...m })) },
      },
      { scope: DEFAULT_SCOPES },
    );
    const result = (response.body as { data: { metafieldsSet: { metafields: unknown[]; userErrors: unknown[] } } }).data.metafieldsSet;
    expect(result.userErrors).toEqual([]);
    expect(result.metafields).toHaveLength(4);

    const html = await (await fetch(`${base}/products/${spoon.handle}?locale=pl`)).text();
    expect(html).toContain("Ocena 4,0 na 5, 1 opinia</span>");
    expect(html).toContain('data-f="body">Nice &amp; smooth.</p>');
    const [ld] = jsonLdBlocks(html);
    expect(JSON.parse(ld)).toMatchObject({
      name: "Wooden spoon",
      aggregateRating: { ratingValue: 4, reviewCount: 1 },
      review: [{ reviewBody: "Nice & smooth." }],
    });
  });

  function seeded(): string {
    const product = Object.values(store.shopData(SHOP).products).find((p) => p.handle === "cast-iron-pan")!;
    return product.id.split("/").pop()!;
  }
});

describe("product metafields in Liquid", () => {
  it("types values as Liquid does: rating objects, integers, parsed JSON, and app-owned namespaces as $app:", () => {
    const fields = liquidMetafields([
      { namespace: "reviews", key: "rating", type: "rating", value: '{"value":"4.6","scale_min":"1.0","scale_max":"5.0"}' },
      { namespace: "reviews", key: "rating_count", type: "number_integer", value: "12" },
      { namespace: "app--123456--reviews", key: "latest", type: "json", value: '[{"id":"a"}]' },
      { namespace: "custom", key: "notes", type: "single_line_text_field", value: "hi" },
    ]);
    const rating = fields.reviews.rating;
    expect(rating).toBeInstanceOf(LiquidMetafield);
    expect(rating.value).toBeInstanceOf(LiquidRating);
    expect((rating.value as LiquidRating).toJSON()).toEqual({ rating: 4.6, scale_min: 1, scale_max: 5 });
    expect(rating.value!.valueOf()).toBe(4.6);
    expect(fields.reviews.rating_count.value).toBe(12);
    expect(fields["$app:reviews"].latest.value).toEqual([{ id: "a" }]);
    expect(fields.custom.notes.value).toBe("hi");
  });
});

describe("the App Proxy stand-in for the reviews script", () => {
  let running: RunningServer;
  const proxy = fakeReviewsProxy({ reviews: (shop, product) => (shop === SHOP && product === "8800000000001" ? panReviews : undefined) });

  beforeAll(async () => {
    running = await startServer([proxy.listener]);
  });

  afterAll(async () => {
    await running.close();
  });

  const get = async (query: string) => {
    const response = await fetch(`${running.origin}/shops/${SHOP}/apps/aftercare/api/reviews${query}`);
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };

  it("answers a page of five, newest first, with the summary", async () => {
    const { status, body } = await get("?product=8800000000001&page=2&locale=pl");
    expect(status).toBe(200);
    expect(body.summary).toEqual({ average: 4.6, count: 12, distribution: { "1": 0, "2": 0, "3": 1, "4": 3, "5": 8 } });
    expect(body.page).toBe(2);
    expect(body.pages).toBe(3);
    expect(body.reviews.map((r: PublicReview) => r.id)).toEqual(["rev_07", "rev_06", "rev_05", "rev_04", "rev_03"]);
    expect((await get("?product=8800000000001&page=3&locale=en")).body.reviews).toHaveLength(2);
    expect((await get("?product=1&page=1&locale=en")).body).toMatchObject({ pages: 0, reviews: [] });
    expect(proxy.calls[0]).toBe(`/shops/${SHOP}/apps/aftercare/api/reviews?product=8800000000001&page=2&locale=pl`);
  });

  it("refuses a malformed request and can stand in for an app that is down", async () => {
    expect((await get("?product=abc&page=1&locale=en")).status).toBe(400);
    expect((await get("?product=1&page=0&locale=en")).status).toBe(400);
    proxy.failNext();
    expect((await get("?product=8800000000001&page=2&locale=en")).status).toBe(503);
    expect((await get("?product=8800000000001&page=2&locale=en")).status).toBe(200);
  });
});
