// The email templates: turns an EmailModel into responsive, accessible HTML (react-email) and a
// readable plain-text part. Owns the layout, the per-flow blocks and the plain-text conversion rules.
import { Body, Button, Column, Container, Head, Heading, Hr, Html, Img, Link, Preview, Row, Section, Text } from "@react-email/components";
import { render, toPlainText } from "@react-email/render";
import type { CSSProperties, ReactNode } from "react";
import { translator, type Translate } from "~/i18n/translate";
import { formatMoney } from "~/orders/format-money";
import type { Locale } from "../types";
import { linkColor, normalizeAccent, palette, textOn, tint } from "./colors";
import type { EmailItem, EmailModel, EmailProduct, RenderedEmail } from "./model";
import { withUtm } from "./utm";

export async function renderEmail(model: EmailModel): Promise<RenderedEmail> {
  const markup = await render(<EmailDocument model={model} />);
  // React's Suspense boundary markers (<!--$-->) are noise in a mail client.
  const html = markup.replace(/<!--\/?\$-->/g, "");
  const text = toPlainText(html, plainTextOptions)
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { subject: model.subject, html, text };
}

// ---------------------------------------------------------------------------------------------
// Plain text. Links marked data-plain="labelled" come out as "label: URL" (label = data-label or
// the link's text); data-plain="text" keeps only the text (a title whose URL follows on its own line).

interface PlainTextElement {
  attribs: Record<string, string | undefined>;
  children: unknown[];
}
interface PlainTextBuilder {
  addInline(text: string, options?: { noWordTransform?: boolean }): void;
}
type Walk = (nodes: unknown[], builder: PlainTextBuilder) => void;

const plainTextOptions = {
  formatters: {
    labelledLink(elem: PlainTextElement, walk: Walk, builder: PlainTextBuilder) {
      const href = elem.attribs.href ?? "";
      const label = elem.attribs["data-label"];
      if (label) builder.addInline(label);
      else walk(elem.children, builder);
      // A mailto: reads better as the bare address.
      const shown = href.startsWith("mailto:") ? safeDecode(href.slice("mailto:".length).split("?")[0]) : href;
      builder.addInline(`: ${shown}`, { noWordTransform: true });
    },
    textOnlyLink(elem: PlainTextElement, walk: Walk, builder: PlainTextBuilder) {
      walk(elem.children, builder);
    },
  },
  selectors: [
    { selector: "a[data-plain=labelled]", format: "labelledLink" },
    { selector: "a[data-plain=text]", format: "textOnlyLink" },
    ...["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })),
    { selector: "table", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "td", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "ul", options: { itemPrefix: " - " } },
  ],
};

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Layout

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";
const WIDTH = 600;
const GUTTER = 32;

/** Static CSS (no model data): narrow-screen stacking, and a dark palette for clients that honour prefers-color-scheme. */
const HEAD_CSS = `
:root { color-scheme: light dark; supported-color-schemes: light dark; }
body { margin: 0; padding: 0; -webkit-text-size-adjust: 100%; }
@media only screen and (max-width: 480px) {
  .ac-pad { padding-left: 20px !important; padding-right: 20px !important; }
  .ac-grid { padding-left: 12px !important; padding-right: 12px !important; }
  .ac-product { max-width: 100% !important; }
  .ac-csat-cell { display: block !important; width: 100% !important; padding: 4px 0 !important; }
}
@media (prefers-color-scheme: dark) {
  .ac-page { background-color: #111214 !important; }
  .ac-card { background-color: #1c1d1f !important; }
  .ac-text { color: #ececec !important; }
  .ac-muted { color: #b5b8bb !important; }
  .ac-link { color: #ececec !important; }
  .ac-rule { border-color: #3a3b3d !important; }
  .ac-tile { background-color: #26272a !important; }
}`;

interface Theme {
  accent: string;
  onAccent: string;
  link: string;
  campaign: string;
  t: Translate;
  locale: Locale;
}

const text: CSSProperties = { color: palette.text, fontSize: "16px", lineHeight: "24px", margin: "0 0 16px" };
const muted: CSSProperties = { color: palette.muted, fontSize: "14px", lineHeight: "20px", margin: "0 0 8px" };
const h2: CSSProperties = { color: palette.text, fontSize: "20px", lineHeight: "28px", fontWeight: 700, margin: "0 0 16px" };

function EmailDocument({ model }: { model: EmailModel }) {
  const accent = normalizeAccent(model.branding.accentColor);
  const theme: Theme = {
    accent,
    onAccent: textOn(accent),
    link: linkColor(accent),
    campaign: model.utmCampaign,
    t: translator(model.locale),
    locale: model.locale,
  };
  const paragraphs = splitParagraphs(model.body);

  return (
    <Html lang={model.locale} dir="ltr">
      <Head>
        <title>{model.subject}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style dangerouslySetInnerHTML={{ __html: HEAD_CSS }} />
      </Head>
      {/* The inbox snippet: the start of the body, as a client would show it anyway, without the logo's alt text in front. */}
      <Preview>{paragraphs.flat().join(" ") || model.heading}</Preview>
      {/* Body copies its style onto an inner cell that a class cannot reach, so the page colour and spacing sit on a Section. */}
      <Body className="ac-page" style={{ backgroundColor: palette.page, margin: 0, padding: 0, fontFamily: FONT }}>
        <Section className="ac-page" style={{ backgroundColor: palette.page, padding: "24px 0" }}>
          <Container
            className="ac-card"
            style={{ maxWidth: `${WIDTH}px`, width: "100%", backgroundColor: palette.card, borderRadius: "12px", fontFamily: FONT }}
          >
            <Brand model={model} />
            <Section className="ac-pad" style={{ padding: `0 ${GUTTER}px` }}>
              <Heading
                as="h1"
                className="ac-text"
                style={{ color: palette.text, fontSize: "26px", lineHeight: "34px", fontWeight: 700, margin: "8px 0 20px" }}
              >
                {model.heading}
              </Heading>
              {paragraphs.map((lines, i) => (
                <Text key={i} className="ac-text" style={text}>
                  {lines.map((line, j) => (
                    <span key={j}>
                      {j > 0 && <br />}
                      {line}
                    </span>
                  ))}
                </Text>
              ))}
            </Section>
            {model.flow === "delivery_follow_up" && model.items && model.items.length > 0 && <Items items={model.items} theme={theme} />}
            {model.flow === "delivery_follow_up" && model.csat && <Csat links={model.csat.links} theme={theme} />}
            {model.flow === "cross_sell" && model.products && model.products.length > 0 && (
              <Products products={model.products} theme={theme} />
            )}
            {model.flow === "cross_sell" && model.discount && <Discount discount={model.discount} theme={theme} />}
            {model.reviews && model.reviews.items.length > 0 && <Reviews reviews={model.reviews} theme={theme} />}
            {model.points && <Points points={model.points} theme={theme} />}
            {model.returnUpdate && <ReturnUpdate update={model.returnUpdate} shopName={model.branding.shopName} theme={theme} />}
            <Footer model={model} theme={theme} />
          </Container>
        </Section>
      </Body>
    </Html>
  );
}

/** The merchant's body: paragraphs split on blank lines, each a list of lines. Plain text only; React escapes it. */
export function splitParagraphs(body: string): string[][] {
  return body
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => p.split("\n").map((line) => line.trim()));
}

function Brand({ model }: { model: EmailModel }) {
  const { shopName, logoUrl } = model.branding;
  return (
    <Section className="ac-pad" style={{ padding: `28px ${GUTTER}px 12px` }}>
      {logoUrl ? (
        // A white tile keeps a dark logo on a transparent background visible when a client darkens the page.
        <Img
          src={logoUrl}
          alt={shopName}
          height="48"
          style={{
            height: "48px",
            width: "auto",
            maxWidth: "220px",
            backgroundColor: palette.card,
            color: palette.text,
            padding: "6px",
            borderRadius: "6px",
          }}
        />
      ) : (
        <Text
          className="ac-text"
          style={{ color: palette.text, fontSize: "22px", lineHeight: "28px", fontWeight: 700, letterSpacing: "-0.01em", margin: 0 }}
        >
          {shopName}
        </Text>
      )}
    </Section>
  );
}

function ShopLink({
  href,
  theme,
  children,
  plain,
  label,
}: {
  href: string;
  theme: Theme;
  children: ReactNode;
  plain: "labelled" | "text";
  label?: string;
}) {
  return (
    <Link
      href={withUtm(href, theme.campaign)}
      className="ac-link"
      data-plain={plain}
      data-label={label}
      style={{ color: theme.link, textDecoration: "underline" }}
    >
      {children}
    </Link>
  );
}

/** An item of the order: its picture (when there is one), title and variant, then what the block adds about it. */
function ItemRow({
  item,
  children,
}: {
  item: { title: string; variantTitle: string | null; imageUrl: string | null };
  children: ReactNode;
}) {
  return (
    <Row style={{ marginBottom: "20px" }}>
      {item.imageUrl && (
        <Column style={{ width: "96px", verticalAlign: "top" }}>
          <Img src={item.imageUrl} alt={item.title} width="80" style={{ width: "80px", height: "auto", borderRadius: "8px" }} />
        </Column>
      )}
      <Column style={{ verticalAlign: "top" }}>
        <Heading
          as="h3"
          className="ac-text"
          style={{ color: palette.text, fontSize: "16px", lineHeight: "24px", fontWeight: 600, margin: 0 }}
        >
          {item.title}
        </Heading>
        {item.variantTitle && (
          <Text className="ac-muted" style={{ ...muted, margin: 0 }}>
            {item.variantTitle}
          </Text>
        )}
        {children}
      </Column>
    </Row>
  );
}

function Items({ items, theme }: { items: EmailItem[]; theme: Theme }) {
  const { t } = theme;
  return (
    <Section className="ac-pad" style={{ padding: `8px ${GUTTER}px 8px` }}>
      <Heading as="h2" className="ac-text" style={h2}>
        {t("email.items.heading")}
      </Heading>
      {items.map((item, i) => (
        <ItemRow key={i} item={item}>
          <Text className="ac-muted" style={{ ...muted, margin: "0 0 8px" }}>
            {t("email.items.quantity", { count: item.quantity })}
          </Text>
          {item.guides.length > 0 && (
            <>
              <Text className="ac-text" style={{ ...text, fontSize: "14px", lineHeight: "20px", fontWeight: 600, margin: "0 0 4px" }}>
                {t("email.items.guides")}
              </Text>
              <ul
                style={{ margin: "0 0 4px", paddingLeft: "20px", color: palette.text, fontSize: "14px", lineHeight: "22px" }}
                className="ac-text"
              >
                {item.guides.map((guide, j) => (
                  <li key={j}>
                    <ShopLink href={guide.url} theme={theme} plain="labelled">
                      {guide.title}
                    </ShopLink>
                  </li>
                ))}
              </ul>
            </>
          )}
        </ItemRow>
      ))}
    </Section>
  );
}

function Csat({ links, theme }: { links: string[]; theme: Theme }) {
  const { t } = theme;
  if (links.length !== 5) throw new Error(`CSAT needs exactly 5 links (scores 1–5), got ${links.length}`);
  return (
    <Section className="ac-pad" style={{ padding: `16px ${GUTTER}px 8px` }}>
      <Hr className="ac-rule" style={{ borderTop: `1px solid ${palette.rule}`, margin: "0 0 24px" }} />
      <Heading as="h2" className="ac-text" style={{ ...h2, textAlign: "center" }}>
        {t("email.csat.question")}
      </Heading>
      <Row>
        {links.map((href, i) => {
          const score = i + 1;
          const label = t(`email.csat.score.${score as 1 | 2 | 3 | 4 | 5}`);
          return (
            <Column key={score} className="ac-csat-cell" style={{ width: "20%", padding: "0 3px", verticalAlign: "top" }}>
              {/* The CSAT links are signed one-click answers: no UTM, never rewritten. */}
              <Link
                href={href}
                data-plain="labelled"
                data-label={`${score} – ${label}`}
                style={{
                  display: "block",
                  backgroundColor: theme.accent,
                  color: theme.onAccent,
                  borderRadius: "8px",
                  padding: "10px 4px",
                  textAlign: "center",
                  textDecoration: "none",
                }}
              >
                <span style={{ display: "block", fontSize: "22px", lineHeight: "28px", fontWeight: 700, color: theme.onAccent }}>
                  {score}
                </span>
                <span style={{ display: "block", fontSize: "12px", lineHeight: "16px", color: theme.onAccent }}>{label}</span>
              </Link>
            </Column>
          );
        })}
      </Row>
      <Text className="ac-muted" style={{ ...muted, textAlign: "center", margin: "16px 0 8px" }}>
        {t("email.csat.hint")}
      </Text>
    </Section>
  );
}

function Reviews({ reviews, theme }: { reviews: NonNullable<EmailModel["reviews"]>; theme: Theme }) {
  const { t } = theme;
  const star = { fontSize: "28px", lineHeight: "32px", textDecoration: "none", color: theme.accent, padding: "0 2px" };
  return (
    <Section className="ac-pad" style={{ padding: `8px ${GUTTER}px 8px` }}>
      {reviews.items.map((item, i) => (
        <ItemRow key={i} item={item}>
          <Text className="ac-muted" style={{ ...muted, margin: "4px 0 0" }}>
            {t("email.reviews.rate", { item: item.title })}
          </Text>
          <Row role="group" aria-label={t("email.reviews.rate", { item: item.title })} style={{ width: "auto" }}>
            {item.starLinks.map((href, j) => (
              <Column key={j} style={{ width: "36px" }}>
                {/* Signed links to the review form with this rating chosen: no UTM, never rewritten. Cells, so the plain text puts each on its own line. */}
                <Link
                  href={href}
                  data-plain="labelled"
                  data-label={`${"★".repeat(j + 1)} (${j + 1}/5)`}
                  aria-label={t("reviews.form.star", { count: j + 1 })}
                  style={star}
                >
                  ★
                </Link>
              </Column>
            ))}
          </Row>
        </ItemRow>
      ))}
      <Section style={{ textAlign: "center", padding: "8px 0" }}>
        <Link
          href={reviews.formUrl}
          data-plain="labelled"
          style={{
            display: "inline-block",
            backgroundColor: theme.accent,
            color: theme.onAccent,
            borderRadius: "8px",
            padding: "12px 20px",
            fontWeight: 600,
            textDecoration: "none",
          }}
        >
          {t("email.reviews.write")}
        </Link>
      </Section>
      {reviews.incentive && (
        <Text className="ac-muted" style={{ ...muted, textAlign: "center", margin: "8px 0" }}>
          {t("email.reviews.incentive")}
        </Text>
      )}
      <Text className="ac-muted" style={{ ...muted, textAlign: "center", margin: "8px 0" }}>
        <Link href={reviews.postponeUrl} data-plain="labelled" style={{ color: theme.link }}>
          {t("email.reviews.notArrived")}
        </Link>
      </Text>
    </Section>
  );
}

function Products({ products, theme }: { products: EmailProduct[]; theme: Theme }) {
  const { t } = theme;
  const inner = WIDTH - 2 * (GUTTER - 8);
  // Fluid ("spongy") grid: inline-block cards that fill 3 per row at 600px and wrap to 2 or 1 on
  // narrower screens without media queries; the narrow-screen rule then widens single cards.
  const cardWidth = Math.floor(inner / Math.min(products.length, 3));
  return (
    <Section style={{ padding: "16px 0 8px" }}>
      <Heading as="h2" className="ac-text ac-pad" style={{ ...h2, padding: `0 ${GUTTER}px` }}>
        {t("email.products.heading")}
      </Heading>
      <div className="ac-grid" style={{ padding: `0 ${GUTTER - 8}px`, textAlign: "center", fontSize: 0 }}>
        {products.map((product, i) => {
          const url = withUtm(product.url, theme.campaign);
          return (
            <div
              key={i}
              className="ac-product"
              style={{ display: "inline-block", verticalAlign: "top", width: "100%", maxWidth: `${cardWidth}px`, fontSize: "16px" }}
            >
              <div style={{ padding: "8px", textAlign: "center" }}>
                {product.imageUrl && (
                  <Link href={url} className="ac-link" data-skip-in-text="true" style={{ color: theme.link }}>
                    <Img
                      src={product.imageUrl}
                      alt={product.title}
                      width={String(cardWidth - 16)}
                      style={{ width: "100%", maxWidth: "100%", height: "auto", borderRadius: "8px", margin: "0 auto 12px" }}
                    />
                  </Link>
                )}
                <Text className="ac-text" style={{ ...text, fontWeight: 600, margin: "0 0 4px" }}>
                  <ShopLink href={product.url} theme={theme} plain="text">
                    {product.title}
                  </ShopLink>
                </Text>
                <Text className="ac-muted" style={{ ...muted, margin: "0 0 12px" }}>
                  {product.price}
                </Text>
                <Button
                  href={url}
                  data-plain="labelled"
                  aria-label={t("email.products.viewLabel", { title: product.title })}
                  style={{
                    backgroundColor: theme.accent,
                    color: theme.onAccent,
                    borderRadius: "8px",
                    padding: "10px 22px",
                    fontSize: "15px",
                    fontWeight: 600,
                    textDecoration: "none",
                  }}
                >
                  {t("email.products.view")}
                </Button>
              </div>
            </div>
          );
        })}
      </div>
    </Section>
  );
}

/** The last day the code works, in the shop's time zone. `endsAt` is exclusive, so a code ending at midnight shows the day before. */
export function formatDiscountDate(locale: Locale, endsAt: Date, timeZone: string): string {
  const lastValid = new Date(endsAt.getTime() - 1);
  const options: Intl.DateTimeFormatOptions = { dateStyle: "long" };
  const tag = locale === "pl" ? "pl-PL" : "en-GB";
  try {
    return new Intl.DateTimeFormat(tag, { ...options, timeZone }).format(lastValid);
  } catch {
    return new Intl.DateTimeFormat(tag, { ...options, timeZone: "UTC" }).format(lastValid);
  }
}

/** The day points expire, in the shop's time zone and the customer's language ("14 March 2027", "14 marca 2027"). */
export function formatExpiryDate(locale: Locale, at: Date, timeZone: string): string {
  const tag = locale === "pl" ? "pl-PL" : "en-GB";
  try {
    return new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" }).format(at);
  }
}

function Points({ points, theme }: { points: NonNullable<EmailModel["points"]>; theme: Theme }) {
  const { t, locale } = theme;
  const date = formatExpiryDate(locale, points.expiresAt, points.timeZone);
  const amount = new Intl.NumberFormat(locale === "pl" ? "pl-PL" : "en-GB").format(points.points);
  return (
    <Section className="ac-pad" style={{ padding: `8px ${GUTTER}px 8px` }}>
      <Section
        className="ac-tile"
        style={{ backgroundColor: tint(theme.accent, 0.1), borderRadius: "10px", padding: "20px", textAlign: "center" }}
      >
        <Text className="ac-muted" style={{ ...muted, textAlign: "center", margin: "0 0 4px" }}>
          {t("email.points.label")}
        </Text>
        <Text
          className="ac-text"
          style={{ ...text, fontSize: "32px", lineHeight: "40px", fontWeight: 700, textAlign: "center", margin: "0 0 8px" }}
        >
          {amount}
        </Text>
        <Text className="ac-text" style={{ ...text, fontWeight: 600, textAlign: "center", margin: "0 0 16px" }}>
          {t(points.stage === "last_chance" ? "email.points.lastChance" : "email.points.expires", { date })}
        </Text>
        <Button
          href={withUtm(points.url, theme.campaign)}
          data-plain="labelled"
          style={{
            backgroundColor: theme.accent,
            color: theme.onAccent,
            borderRadius: "8px",
            padding: "12px 24px",
            fontSize: "16px",
            fontWeight: 600,
            textDecoration: "none",
          }}
        >
          {t("email.points.use")}
        </Button>
        <Text className="ac-muted" style={{ ...muted, textAlign: "center", margin: "16px 0 0" }}>
          {t("email.points.keep")}
        </Text>
      </Section>
    </Section>
  );
}

const buttonStyle = (theme: Theme): CSSProperties => ({
  backgroundColor: theme.accent,
  color: theme.onAccent,
  borderRadius: "8px",
  padding: "12px 24px",
  fontSize: "16px",
  fontWeight: 600,
  textDecoration: "none",
});

/** What the return came to, in the step's words: what was asked for, or (processed) what was done. */
function returnOutcome(update: NonNullable<EmailModel["returnUpdate"]>, t: Translate, locale: Locale): string | null {
  const { resolution, amounts, step } = update;
  const money = (minor: number) => (amounts ? formatMoney(minor, amounts.currency, locale) : "");
  if (resolution === "exchange") {
    if (step !== "processed") return t("email.return.resolution.exchange");
    const wanted = update.items.flatMap((i) => (i.exchangeFor ? [i.exchangeFor] : []));
    return wanted.length ? t("email.return.processed.exchange", { items: wanted.join(", ") }) : t("email.return.processed.exchangeUnnamed");
  }
  if (!resolution || !amounts) return null;
  const amount = money(amounts.totalMinor);
  const bonus = amounts.bonusMinor > 0 ? money(amounts.bonusMinor) : null;
  if (step === "processed") {
    if (resolution === "refund") return t("email.return.processed.refund", { amount });
    return bonus ? t("email.return.processed.store_creditBonus", { amount, bonus }) : t("email.return.processed.store_credit", { amount });
  }
  const line = t(`email.return.resolution.${resolution}`, { amount });
  return resolution === "store_credit" && bonus ? `${line} (${t("email.return.bonus", { bonus })})` : line;
}

function ReturnUpdate({ update, shopName, theme }: { update: NonNullable<EmailModel["returnUpdate"]>; shopName: string; theme: Theme }) {
  const { t, locale } = theme;
  const outcome = returnOutcome(update, t, locale);
  const { label } = update;
  return (
    <Section className="ac-pad" style={{ padding: `8px ${GUTTER}px 8px` }}>
      <Section className="ac-tile" style={{ backgroundColor: tint(theme.accent, 0.1), borderRadius: "10px", padding: "20px" }}>
        <Heading as="h2" className="ac-text" style={h2}>
          {update.name ? t("email.return.heading", { name: update.name }) : t("email.return.headingUnnamed")}
        </Heading>
        {update.items.length > 0 && (
          <ul
            style={{ margin: "0 0 16px", paddingLeft: "20px", color: palette.text, fontSize: "15px", lineHeight: "22px" }}
            className="ac-text"
          >
            {update.items.map((item, i) => (
              <li key={i}>
                {t("email.return.item", { quantity: item.quantity, title: item.title })}
                {item.exchangeFor && (
                  <span className="ac-muted" style={{ color: palette.muted }}>
                    {" — "}
                    {t("email.return.exchangeFor", { item: item.exchangeFor })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
        {outcome && (
          <Text className="ac-text" style={{ ...text, fontWeight: 600 }}>
            {outcome}
          </Text>
        )}
        {update.message && (
          <>
            <Text className="ac-muted" style={{ ...muted, margin: "0 0 4px" }}>
              {t("email.return.message", { shop: shopName })}
            </Text>
            {splitParagraphs(update.message).map((lines, i) => (
              <Text key={i} className="ac-text" style={{ ...text, fontStyle: "italic" }}>
                {lines.map((line, j) => (
                  <span key={j}>
                    {j > 0 && <br />}
                    {line}
                  </span>
                ))}
              </Text>
            ))}
          </>
        )}
        {label && (update.step === "approved" || update.step === "label_added") && (
          <>
            {label.url && (
              <Section style={{ padding: "0 0 12px" }}>
                {/* The merchant's label file: never rewritten. */}
                <Link href={label.url} data-plain="labelled" style={{ color: theme.link, fontWeight: 600 }}>
                  {t("email.return.label")}
                </Link>
              </Section>
            )}
            {label.carrier && (
              <Text className="ac-text" style={{ ...text, margin: "0 0 4px" }}>
                {t("email.return.carrier", { carrier: label.carrier })}
              </Text>
            )}
            {label.trackingNumber && (
              <Text className="ac-text" style={{ ...text, margin: "0 0 4px" }}>
                {t("email.return.tracking", { number: label.trackingNumber })}
              </Text>
            )}
            {label.trackingUrl && (
              <Text className="ac-text" style={{ ...text, margin: "0 0 4px" }}>
                <Link href={label.trackingUrl} data-plain="labelled" style={{ color: theme.link }}>
                  {t("email.return.track")}
                </Link>
              </Text>
            )}
          </>
        )}
      </Section>
      {update.statusUrl && (
        <Section style={{ textAlign: "center", padding: "20px 0 8px" }}>
          {/* The shopper's signed status page: no UTM, never rewritten. */}
          <Button href={update.statusUrl} data-plain="labelled" style={buttonStyle(theme)}>
            {t("email.return.status")}
          </Button>
        </Section>
      )}
    </Section>
  );
}

const CODE_SLOT = "\u0000code\u0000";

function Discount({ discount, theme }: { discount: NonNullable<EmailModel["discount"]>; theme: Theme }) {
  const sentence = theme.t("email.discount.text", {
    percent: discount.percent,
    code: CODE_SLOT,
    date: formatDiscountDate(theme.locale, discount.endsAt, discount.timeZone),
  });
  const [before, after = ""] = sentence.split(CODE_SLOT);
  return (
    <Section className="ac-pad" style={{ padding: `16px ${GUTTER}px 8px` }}>
      <Section
        className="ac-tile"
        style={{
          backgroundColor: tint(theme.accent, 0.1),
          border: `2px dashed ${theme.accent}`,
          borderRadius: "10px",
          padding: "18px 20px",
        }}
      >
        <Text className="ac-text" style={{ ...text, textAlign: "center", margin: 0 }}>
          {before}
          <strong
            className="ac-text"
            style={{ fontFamily: MONO, fontSize: "18px", letterSpacing: "0.06em", color: palette.text, whiteSpace: "nowrap" }}
          >
            {discount.code}
          </strong>
          {after}
        </Text>
      </Section>
    </Section>
  );
}

function Footer({ model, theme }: { model: EmailModel; theme: Theme }) {
  const { t } = theme;
  const { shopName, contactUrl } = model.branding;
  const footerText: CSSProperties = { ...muted, fontSize: "13px", lineHeight: "20px", margin: "0 0 6px" };
  const footerLink: CSSProperties = { color: palette.muted, textDecoration: "underline" };
  return (
    <Section className="ac-pad" style={{ padding: `16px ${GUTTER}px 28px` }}>
      <Hr className="ac-rule" style={{ borderTop: `1px solid ${palette.rule}`, margin: "0 0 20px" }} />
      <Text className="ac-muted" style={footerText}>
        {t("email.footer.sentBy", { shop: shopName })}
      </Text>
      {contactUrl && (
        <Text className="ac-muted" style={footerText}>
          {t("email.footer.questions")}{" "}
          <Link href={withUtm(contactUrl, theme.campaign)} className="ac-muted" data-plain="labelled" style={footerLink}>
            {t("email.footer.contact")}
          </Link>
        </Text>
      )}
      {model.unsubscribeUrl ? (
        <>
          <Text className="ac-muted" style={footerText}>
            {/* The unsubscribe link is signed and also takes RFC 8058's one-click POST: never rewritten. */}
            <Link href={model.unsubscribeUrl} className="ac-muted" data-plain="labelled" style={footerLink}>
              {t("email.footer.unsubscribe")}
            </Link>
          </Text>
          <Text className="ac-muted" style={footerText}>
            {t("email.footer.marketingNote")}
          </Text>
        </>
      ) : (
        <Text className="ac-muted" style={footerText}>
          {t("email.footer.transactional", { shop: shopName })}
        </Text>
      )}
    </Section>
  );
}
