// The review request email as a shopper receives it: for each item five stars, each opening the
// form with that rating chosen; a "Write a review" button; a "Not arrived yet" link; the thank-you
// line only when the shop gives one; item titles shown as text; the plain-text part readable; in
// English and Polish.
import { describe, expect, it } from "vitest";
import { translator } from "~/i18n/translate";
import type { EmailModel } from "~/messaging/email/model";
import { renderEmail } from "~/messaging/email/render.server";
import type { Locale } from "~/messaging/types";
import { postponeUrl, reviewFormUrl, reviewStarUrl, reviewToken } from "~/reviews/links";

const APP = "https://app.example/";
const token = reviewToken(
  "secret",
  { shop: "linen.myshopify.com", order: "gid://shopify/Order/1001", customer: "gid://shopify/Customer/7", locale: "en" },
  new Date("2026-11-20T12:00:00Z"),
);
const starsFor = (lineItemId: number) => [1, 2, 3, 4, 5].map((n) => reviewStarUrl(APP, token, `gid://shopify/LineItem/${lineItemId}`, n));
const FORM = reviewFormUrl(APP, token);
const POSTPONE = postponeUrl(APP, token);

function reviewRequest(overrides: Partial<EmailModel> = {}, reviews: Partial<NonNullable<EmailModel["reviews"]>> = {}): EmailModel {
  return {
    flow: "review_request",
    locale: "en",
    subject: "How do you like your order #1001, Anna?",
    heading: "Tell others what you think",
    body: "Hi Anna,\n\nYou've had your order #1001 for a little while now. How is it?",
    branding: { shopName: "Linen & Co", logoUrl: null, accentColor: "#1a4d2e", contactUrl: null },
    reviews: {
      items: [
        { title: "Linen shirt", variantTitle: "Blue / M", imageUrl: "https://cdn.example/shirt.jpg", starLinks: starsFor(11) },
        { title: "Canvas tote", variantTitle: null, imageUrl: null, starLinks: starsFor(12) },
      ],
      formUrl: FORM,
      postponeUrl: POSTPONE,
      incentive: false,
      ...reviews,
    },
    unsubscribeUrl: "https://app.example/unsubscribe/tok-xyz",
    utmCampaign: "review_request",
    ...overrides,
  };
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Every link of the HTML part: its href, its visible text and its attributes, in document order. */
function links(html: string): { href: string; text: string; attrs: string }[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decode(/\bhref="([^"]*)"/.exec(m[1])?.[1] ?? ""),
    text: decode(m[2].replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, " "))
      .replace(/\s+/g, " ")
      .trim(),
    attrs: m[1],
  }));
}

/** The text a reader sees in the HTML part. */
const visible = (html: string) =>
  decode(
    html
      .replace(/<head>[\s\S]*?<\/head>/, "")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<\/?(strong|b|em|a)\b[^>]*>/g, "")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();

/** What a screen reader announces for a link: its aria-label, else its text (a title does not name a link that has text). */
const accessibleName = (link: { text: string; attrs: string }) => decode(/\baria-label="([^"]*)"/.exec(link.attrs)?.[1] ?? link.text);

const starLinksOf = (html: string) => links(html).filter((l) => /[?&]rating=\d/.test(l.href));

describe("renderEmail: the review request", () => {
  describe.each([
    ["en", "Rate Linen shirt", "Rate Canvas tote", "Write a review", "Not arrived yet? Tell us and we will ask later"],
    ["pl", "Oceń: Linen shirt", "Oceń: Canvas tote", "Napisz opinię", "Paczka jeszcze nie dotarła? Daj znać, zapytamy później"],
  ] as const)("in %s", (locale: Locale, rateShirt, rateTote, write, notArrived) => {
    it("offers five stars per item, in order, each linking to its signed URL untouched", async () => {
      const { html } = await renderEmail(reviewRequest({ locale }));
      const stars = starLinksOf(html);
      expect(stars.map((l) => l.href)).toEqual([...starsFor(11), ...starsFor(12)]);
      expect(stars.map((l) => l.text)).toEqual(Array<string>(10).fill("★"));
      expect(html).not.toContain("utm_");
    });

    it("names each item, its variant, and asks for its rating", async () => {
      const { html } = await renderEmail(reviewRequest({ locale }));
      const seen = visible(html);
      expect(seen).toContain(`Linen shirt Blue / M ${rateShirt} ★ ★ ★ ★ ★`);
      expect(seen).toContain(`Canvas tote ${rateTote} ★ ★ ★ ★ ★`);
      expect(html).toMatch(/<img[^>]*alt="Linen shirt"[^>]*src="https:\/\/cdn.example\/shirt.jpg"/);
      expect(html).toContain(`role="group" aria-label="${rateShirt}"`);
    });

    it("links 'Write a review' to the form and 'Not arrived yet' to the postpone page", async () => {
      const { html } = await renderEmail(reviewRequest({ locale }));
      expect(links(html)).toContainEqual(expect.objectContaining({ href: FORM, text: write }));
      expect(links(html)).toContainEqual(expect.objectContaining({ href: POSTPONE, text: notArrived }));
    });

    it("gives the plain-text reader every star with its label and URL, and both links", async () => {
      const { text } = await renderEmail(reviewRequest({ locale }));
      for (const [i, url] of starsFor(11).entries()) expect(text).toContain(`${"★".repeat(i + 1)} (${i + 1}/5): ${url}`);
      for (const [i, url] of starsFor(12).entries()) expect(text).toContain(`${"★".repeat(i + 1)} (${i + 1}/5): ${url}`);
      expect(text).toContain(rateShirt);
      expect(text).toContain(`${write}: ${FORM}`);
      expect(text).toContain(`${notArrived}: ${POSTPONE}`);
      expect(text).not.toMatch(/<[a-z]/i);
    });

    it("mentions the thank-you only when the shop gives one for every review", async () => {
      const line = translator(locale)("email.reviews.incentive");
      const without = await renderEmail(reviewRequest({ locale }, { incentive: false }));
      expect(visible(without.html)).not.toContain(line);
      expect(without.text).not.toContain(line);
      const withIt = await renderEmail(reviewRequest({ locale }, { incentive: true }));
      expect(visible(withIt.html)).toContain(line);
      expect(withIt.text).toContain(line);
    });
  });

  it("shows an item title with HTML in it as inert text, in the heading, the alt text and the group's label", async () => {
    const title = 'Shirt <img src=x onerror="alert(1)">';
    const { html, text } = await renderEmail(
      reviewRequest(
        {},
        { items: [{ title, variantTitle: "<b>M</b>", imageUrl: "https://cdn.example/shirt.jpg", starLinks: starsFor(11) }] },
      ),
    );
    expect(html).not.toContain("<img src=x");
    expect([...html.matchAll(/<img\b[^>]*>/g)].map((m) => /\bsrc="([^"]*)"/.exec(m[0])?.[1])).toEqual(["https://cdn.example/shirt.jpg"]);
    expect(html).not.toContain("<b>M</b>");
    expect(html).toContain("Shirt &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</h3>");
    expect(html).toContain('alt="Shirt &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"');
    expect(html).toContain('aria-label="Rate Shirt &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"');
    expect(visible(html)).toContain(`${title} <b>M</b> Rate ${title}`);
    expect(text).toContain(title);
  });

  it("has no review block without items to ask about", async () => {
    for (const model of [reviewRequest({ reviews: undefined }), reviewRequest({}, { items: [] })]) {
      const { html, text } = await renderEmail(model);
      expect(starLinksOf(html)).toEqual([]);
      expect(links(html).map((l) => l.href)).not.toContain(FORM);
      expect(text).not.toContain("Write a review");
    }
  });

  it("BUG: the plain-text part puts each star link on a line of its own", async () => {
    // Today the five "★… (n/5): URL" entries of an item run together on one line ("…rating=1★★ (2/5): …"),
    // so a mail client's autolinker can take the next stars as part of the previous URL.
    const { text } = await renderEmail(reviewRequest());
    const lines = text.split("\n");
    for (const [i, url] of starsFor(11).entries()) expect(lines).toContain(`${"★".repeat(i + 1)} (${i + 1}/5): ${url}`);
  });

  it("BUG (accessibility): each star link tells a screen reader which rating it gives", async () => {
    // The links' only text is "★"; the "n/5" is in a title, which does not name a link that has text,
    // so a screen reader announces five identical "black star" links per item.
    const { html } = await renderEmail(reviewRequest());
    const names = starLinksOf(html)
      .slice(0, 5)
      .map((l) => accessibleName(l));
    for (const [i, name] of names.entries()) expect(name).toContain(String(i + 1));
  });
});
