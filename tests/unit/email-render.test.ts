// The email templates as a shopper receives them: both flows in both languages, the HTML part and
// the plain-text part, read the way a mail client or a person would.
import { describe, expect, it } from "vitest";
import { translator } from "~/i18n/translate";
import type { EmailModel } from "~/messaging/email/model";
import { renderEmail } from "~/messaging/email/render.server";
import type { Locale } from "~/messaging/types";

const utm = (campaign: string) => `utm_source=aftercare&utm_medium=email&utm_campaign=${campaign}`;
const csatLinks = [1, 2, 3, 4, 5].map((score) => `https://app.example/csat/tok-abc?score=${score}&sig=x`);

function followUp(overrides: Partial<EmailModel> = {}): EmailModel {
  return {
    flow: "delivery_follow_up",
    locale: "en",
    subject: "How is your order #1001 going?",
    heading: "Your order has arrived",
    body: "Hi Anna,\n\nYour order #1001 was delivered yesterday.\nWe hope you love it.\n\nThank you for shopping with Linen & Co!",
    branding: { shopName: "Linen & Co", logoUrl: null, accentColor: "#1a4d2e", contactUrl: "mailto:hello@linen.example" },
    items: [
      {
        title: "Linen shirt",
        variantTitle: "Blue / M",
        quantity: 2,
        imageUrl: "https://cdn.example/shirt.jpg",
        guides: [
          { title: "Washing linen", url: "https://linen.example/pages/care?topic=wash#step-1" },
          { title: "Ironing without shine", url: "https://linen.example/blogs/guides/ironing" },
        ],
      },
      { title: "Canvas tote", variantTitle: null, quantity: 1, imageUrl: null, guides: [] },
    ],
    csat: { links: csatLinks },
    utmCampaign: "delivery_follow_up",
    ...overrides,
  };
}

function crossSell(overrides: Partial<EmailModel> = {}): EmailModel {
  return {
    flow: "cross_sell",
    locale: "en",
    subject: "Picked for you, Anna",
    heading: "A few things we think you'll love",
    body: "Hi Anna,\n\nThanks again for your order #1001.",
    branding: {
      shopName: "Linen & Co",
      logoUrl: "https://cdn.example/logo.png",
      accentColor: "#ffd400",
      contactUrl: "https://linen.example/pages/contact",
    },
    products: [
      { title: "Linen towel", url: "https://linen.example/products/towel", imageUrl: "https://cdn.example/towel.jpg", price: "£29.00" },
      { title: "Pillow case", url: "https://linen.example/products/pillow?variant=3", imageUrl: null, price: "£19.00" },
      {
        title: "Napkins (set of 4)",
        url: "https://linen.example/products/napkins",
        imageUrl: "https://cdn.example/napkins.jpg",
        price: "£24.00",
      },
    ],
    // 23:00 UTC on 15 Dec = midnight in Warsaw, so the last day the code works there is 15 December.
    discount: { code: "THANKS-AB12", percent: 15, endsAt: new Date("2026-12-15T23:00:00Z"), timeZone: "Europe/Warsaw" },
    unsubscribeUrl: "https://app.example/unsubscribe/tok-xyz",
    utmCampaign: "cross_sell",
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

/** Every link of the HTML part, with its href and its visible text, in document order. */
function links(html: string): { href: string; text: string; tag: string }[] {
  return [...html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a>/g)].map((m) => ({
    href: decode(/\bhref="([^"]*)"/.exec(m[1])?.[1] ?? ""),
    text: decode(m[2].replace(/<!--[\s\S]*?-->/g, "").replace(/<[^>]+>/g, " "))
      .replace(/\s+/g, " ")
      .trim(),
    tag: m[1],
  }));
}

/** The text a reader sees in the HTML part: no head or hidden preview, inline tags joined, block tags as spaces. */
const visible = (html: string) =>
  decode(
    html
      .replace(/<head>[\s\S]*?<\/head>/, "")
      .replace(/<div[^>]*data-skip-in-text="true"[^>]*>[\s\S]*?<\/div><\/div>/, "")
      .replace(/<!--[\s\S]*?-->/g, "")
      .replace(/<\/?(strong|b|em|a)\b[^>]*>/g, "")
      .replace(/<[^>]+>/g, " "),
  )
    .replace(/\s+/g, " ")
    .trim();

describe("renderEmail", () => {
  describe.each([
    ["delivery_follow_up", followUp],
    ["cross_sell", crossSell],
  ] as const)("%s", (_, make) => {
    it.each(["en", "pl"] as const)("renders in %s with the model's words, in that language", async (locale: Locale) => {
      const t = translator(locale);
      const model = make({ locale, heading: `Heading ${locale}` });
      const email = await renderEmail(model);
      expect(email.subject).toBe(model.subject);
      expect(email.html).toMatch(new RegExp(`<html[^>]*\\blang="${locale}"`));
      expect(email.html).toMatch(/<h1[^>]*>Heading (en|pl)<\/h1>/);
      expect(email.html).toContain(`<title>${model.subject}</title>`);
      expect(visible(email.html)).toContain(t("email.footer.sentBy", { shop: "Linen & Co" }));
      const blockHeading = model.flow === "cross_sell" ? t("email.products.heading") : t("email.csat.question");
      expect(visible(email.html)).toContain(blockHeading);
      expect(email.text).toContain(`Heading ${locale}`);
      expect(email.text).toContain(blockHeading);
    });
  });

  it("is responsive, under 600px wide, and declares it copes with dark mode", async () => {
    const { html } = await renderEmail(followUp());
    expect(html).toContain('name="viewport"');
    expect(html).toMatch(/max-width:600px/);
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toContain("prefers-color-scheme: dark");
  });

  describe("merchant text", () => {
    it("splits the body into paragraphs on blank lines and keeps single line breaks", async () => {
      const { html, text } = await renderEmail(followUp());
      expect(html).toMatch(/<p[^>]*>(<span>)?Hi Anna,/);
      expect(html).toMatch(/Your order #1001 was delivered yesterday\.(<\/span>)?(<span>)?<br\/>We hope you love it\./);
      expect(text).toContain(
        "Hi Anna,\n\nYour order #1001 was delivered yesterday.\nWe hope you love it.\n\nThank you for shopping with Linen & Co!",
      );
    });

    it("renders HTML in the body, heading and shop name as inert text", async () => {
      const email = await renderEmail(
        followUp({
          body: 'Hello\n\n<script>alert(1)</script>\n\n<a href="https://evil.example">click</a>',
          heading: '<img src=x onerror="alert(2)">',
          branding: { shopName: "<b>Shop</b>", logoUrl: null, accentColor: "#1a4d2e", contactUrl: null },
        }),
      );
      expect(email.html).not.toContain("<script>alert(1)</script>");
      expect(email.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(email.html).not.toContain("<img src=x");
      expect(email.html).not.toContain("<b>Shop</b>");
      expect(links(email.html).map((l) => l.href)).not.toContain("https://evil.example");
      expect(email.text).toContain("<script>alert(1)</script>");
      expect(email.text).toContain('<a href="https://evil.example">click</a>');
    });

    it("keeps a hostile accent colour out of the CSS", async () => {
      const { html } = await renderEmail(
        followUp({ branding: { ...followUp().branding, accentColor: "red;background:url(https://evil.example/x)" } }),
      );
      expect(html).not.toContain("evil.example");
      expect(html).toContain("background-color:#2c6ecb");
    });
  });

  describe("branding", () => {
    it("shows the logo with the shop's name as its alt text", async () => {
      const { html } = await renderEmail(crossSell());
      expect(html).toMatch(/<img[^>]*alt="Linen &amp; Co"[^>]*src="https:\/\/cdn.example\/logo.png"/);
    });

    it("falls back to the shop's name as a wordmark", async () => {
      const { html, text } = await renderEmail(followUp());
      expect(html).not.toContain("logo.png");
      expect(visible(html).startsWith("Linen & Co Your order has arrived")).toBe(true);
      expect(text.startsWith("Linen & Co")).toBe(true);
    });

    it.each([
      ["#ffd400", "#111111"],
      ["#1a4d2e", "#ffffff"],
    ])("writes on the %s accent in %s", async (accentColor, onAccent) => {
      const { html } = await renderEmail(followUp({ branding: { ...followUp().branding, accentColor } }));
      const csat = links(html).filter((l) => l.href.startsWith("https://app.example/csat/"));
      expect(csat).toHaveLength(5);
      for (const link of csat) {
        expect(link.tag).toContain(`background-color:${accentColor}`);
        expect(link.tag).toMatch(new RegExp(`[";]color:${onAccent}`));
      }
    });
  });

  describe("delivery follow-up", () => {
    it("lists the items with variant, quantity and their care guides, tagged with UTM", async () => {
      const { html } = await renderEmail(followUp());
      const seen = visible(html);
      expect(seen).toContain(
        "Your order Linen shirt Blue / M Quantity: 2 How to care for it Washing linen Ironing without shine Canvas tote Quantity: 1",
      );
      expect(html).toMatch(/<img[^>]*alt="Linen shirt"[^>]*src="https:\/\/cdn.example\/shirt.jpg"/);
      const guides = links(html).filter((l) => l.href.startsWith("https://linen.example/"));
      expect(guides).toEqual([
        expect.objectContaining({
          text: "Washing linen",
          href: `https://linen.example/pages/care?topic=wash&${utm("delivery_follow_up")}#step-1`,
        }),
        expect.objectContaining({
          text: "Ironing without shine",
          href: `https://linen.example/blogs/guides/ironing?${utm("delivery_follow_up")}`,
        }),
      ]);
    });

    it("offers five one-click scores, 1 to 5, labelled in words, linking to the CSAT links untouched", async () => {
      const { html } = await renderEmail(followUp());
      const csat = links(html).filter((l) => l.href.startsWith("https://app.example/csat/"));
      expect(csat.map((l) => l.href)).toEqual(csatLinks);
      expect(csat.map((l) => l.text)).toEqual(["1 Very unhappy", "2 Unhappy", "3 Okay", "4 Happy", "5 Very happy"]);
      expect(visible(html)).toContain("How happy are you with your order?");
      expect(visible(html)).toContain("One click is enough. Changed your mind? Just click another answer.");
      expect(html).not.toMatch(/\p{Extended_Pictographic}/u);
    });

    it("labels the scores in Polish for Polish customers", async () => {
      const { html } = await renderEmail(followUp({ locale: "pl" }));
      const csat = links(html).filter((l) => l.href.startsWith("https://app.example/csat/"));
      expect(csat.map((l) => l.text)).toEqual(["1 Bardzo źle", "2 Źle", "3 Przeciętnie", "4 Dobrze", "5 Bardzo dobrze"]);
      expect(visible(html)).toContain("Jak oceniasz swoje zamówienie?");
    });

    it("gives the plain-text reader every score as a line with its URL, and the guides as URLs", async () => {
      const { text } = await renderEmail(followUp());
      const lines = text.split("\n");
      const labels = ["Very unhappy", "Unhappy", "Okay", "Happy", "Very happy"];
      const scoreLines = lines.filter((line) => /^\d – /.test(line));
      expect(scoreLines).toEqual(labels.map((label, i) => `${i + 1} – ${label}: ${csatLinks[i]}`));
      expect(lines).toContain(` - Washing linen: https://linen.example/pages/care?topic=wash&${utm("delivery_follow_up")}#step-1`);
      expect(text).toContain("Blue / M");
      expect(text).not.toMatch(/<[a-z]/i);
    });

    it("refuses a CSAT block without exactly five answers", async () => {
      await expect(renderEmail(followUp({ csat: { links: csatLinks.slice(0, 3) } }))).rejects.toThrow(/5 links/);
    });

    it("says it is about their order, with no unsubscribe link", async () => {
      const { html, text } = await renderEmail(followUp());
      expect(visible(html)).toContain("You're receiving this email because of your order with Linen & Co.");
      expect(html).not.toContain("Unsubscribe");
      expect(text).not.toContain("Unsubscribe");
    });

    it("links a mailto: contact address as it is, and shows the address in plain text", async () => {
      const { html, text } = await renderEmail(followUp());
      expect(links(html)).toContainEqual(expect.objectContaining({ href: "mailto:hello@linen.example", text: "Contact us" }));
      expect(text).toContain("Questions? Contact us: hello@linen.example");
    });
  });

  describe("cross-sell", () => {
    it("shows a card per product with image, title, price and a View button to the product, tagged with UTM", async () => {
      const { html } = await renderEmail(crossSell());
      const seen = visible(html);
      for (const [title, price] of [
        ["Linen towel", "£29.00"],
        ["Pillow case", "£19.00"],
        ["Napkins (set of 4)", "£24.00"],
      ])
        expect(seen).toContain(`${title} ${price} View`);
      expect(html).toMatch(/<img[^>]*alt="Linen towel"[^>]*src="https:\/\/cdn.example\/towel.jpg"/);
      const views = links(html).filter((l) => l.text === "View");
      expect(views.map((l) => l.href)).toEqual([
        `https://linen.example/products/towel?${utm("cross_sell")}`,
        `https://linen.example/products/pillow?variant=3&${utm("cross_sell")}`,
        `https://linen.example/products/napkins?${utm("cross_sell")}`,
      ]);
      expect(views[0].tag).toContain('aria-label="View Linen towel"');
    });

    it("lays the cards out three to a row at full width, wrapping on narrow screens", async () => {
      const three = await renderEmail(crossSell());
      expect(three.html.match(/class="ac-product"[^>]*max-width:184px/g)).toHaveLength(3);
      const one = await renderEmail(crossSell({ products: crossSell().products!.slice(0, 1) }));
      expect(one.html.match(/class="ac-product"[^>]*max-width:552px/g)).toHaveLength(1);
      expect(three.html).toMatch(/@media only screen and \(max-width: 480px\)/);
    });

    it.each([
      ["en", "15% off your next order with code THANKS-AB12, valid until 15 December 2026"],
      ["pl", "15% rabatu na kolejne zamówienie z kodem THANKS-AB12, ważnym do 15 grudnia 2026"],
    ] as const)("states the discount with its last day in the shop's time zone (%s)", async (locale, sentence) => {
      const { html, text } = await renderEmail(crossSell({ locale }));
      expect(visible(html)).toContain(sentence);
      expect(html).toMatch(/<strong[^>]*font-family:ui-monospace[^>]*>THANKS-AB12<\/strong>/);
      expect(text).toContain(sentence);
    });

    it("shows the day the code still works when it ends mid-day", async () => {
      const { text } = await renderEmail(
        crossSell({ discount: { code: "X1", percent: 10, endsAt: new Date("2026-03-01T15:30:00Z"), timeZone: "America/Los_Angeles" } }),
      );
      expect(text).toContain("valid until 1 March 2026");
    });

    it("has no discount block without a discount", async () => {
      const { html } = await renderEmail(crossSell({ discount: undefined }));
      expect(visible(html)).not.toContain("off your next order");
    });

    it("offers the unsubscribe link untouched, says order updates still arrive, and tags the contact page", async () => {
      const { html, text } = await renderEmail(crossSell());
      expect(links(html)).toContainEqual(
        expect.objectContaining({ href: "https://app.example/unsubscribe/tok-xyz", text: "Unsubscribe from marketing emails" }),
      );
      expect(visible(html)).toContain("updates about your orders will still arrive");
      expect(visible(html)).not.toContain("because of your order");
      expect(links(html)).toContainEqual(
        expect.objectContaining({ href: `https://linen.example/pages/contact?${utm("cross_sell")}`, text: "Contact us" }),
      );
      expect(text).toContain("Unsubscribe from marketing emails: https://app.example/unsubscribe/tok-xyz");
    });

    it("gives the plain-text reader each product with its price and URL", async () => {
      const { text } = await renderEmail(crossSell());
      expect(text).toContain(`Linen towel\n\n£29.00\n\nView: https://linen.example/products/towel?${utm("cross_sell")}`);
      expect(text).not.toContain("cdn.example");
    });

    it("says Polish things to Polish customers", async () => {
      const { html } = await renderEmail(crossSell({ locale: "pl" }));
      const seen = visible(html);
      expect(seen).toContain("Może Ci się spodobać");
      expect(seen).toContain("Wypisz się z wiadomości marketingowych");
      expect(seen).toContain("informacje o Twoich zamówieniach nadal będą docierać");
      expect(links(html).filter((l) => l.text === "Zobacz")).toHaveLength(3);
    });
  });
});
