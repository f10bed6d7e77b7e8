// What an email is made of, before it is rendered: the words (already in the customer's locale,
// variables filled in), the shop's branding, and the flow's blocks. The engine builds it; the
// templates (render.server.tsx) turn it into responsive HTML and plain text.
import type { ReturnLabel, ReturnResolution, ReturnStep } from "../return-update";
import type { Flow, Locale } from "../types";

export interface EmailBranding {
  shopName: string;
  /** https URL of the shop's logo; absent → the shop's name as a wordmark. */
  logoUrl: string | null;
  /** #rrggbb, used for buttons, links and the CSAT scale. */
  accentColor: string;
  /** Where "Contact us" goes (a page or a mailto:); absent → no contact line. */
  contactUrl: string | null;
}

/** A bought item of the order, with the merchant's care and how-to links for it (delivery follow-up). */
export interface EmailItem {
  title: string;
  variantTitle: string | null;
  quantity: number;
  imageUrl: string | null;
  guides: { title: string; url: string }[];
}

/** A suggested product (cross-sell). `price` is already formatted for the locale. */
export interface EmailProduct {
  title: string;
  url: string;
  imageUrl: string | null;
  price: string;
}

export interface EmailModel {
  flow: Flow;
  locale: Locale;
  /** Subject, heading and body as the merchant wrote them (or the default copy), variables filled in. Body: paragraphs separated by blank lines. */
  subject: string;
  heading: string;
  body: string;
  branding: EmailBranding;
  /** Delivery follow-up: the order's items. */
  items?: EmailItem[];
  /** Delivery follow-up: one-click CSAT; `links[i]` answers score i + 1 (1–5). */
  csat?: { links: string[] };
  /** Cross-sell: the suggested products. */
  products?: EmailProduct[];
  /** Cross-sell: a single-use code for this customer. */
  discount?: { code: string; percent: number; endsAt: Date; timeZone: string };
  /** Review request and reminders: each item with its five star links (links[i] opens the form with i + 1 stars chosen). */
  reviews?: {
    items: { title: string; variantTitle: string | null; imageUrl: string | null; starLinks: string[] }[];
    formUrl: string;
    postponeUrl: string;
    /** The shop thanks every review the same way, whatever the rating. */
    incentive: boolean;
  };
  /** Points reminders: the points that will expire, when (shown as the shop's local date) and where to use them. */
  points?: { stage: "warning" | "last_chance"; points: number; expiresAt: Date; timeZone: string; url: string };
  /**
   * A return's status update: the step, the return's items and resolution, its amounts (minor units),
   * the merchant's note, the label and tracking, and the shopper's status page (the button). Each
   * part is shown only when the return's event carried it.
   */
  returnUpdate?: {
    step: ReturnStep;
    name: string | null;
    items: { title: string; quantity: number; exchangeFor: string | null }[];
    resolution: ReturnResolution | null;
    amounts: { totalMinor: number; bonusMinor: number; currency: string } | null;
    message: string | null;
    label: ReturnLabel | null;
    statusUrl: string | null;
  };
  /** The page that unsubscribes from marketing (the same URL takes RFC 8058's one-click POST); every email of the engine carries it. */
  unsubscribeUrl?: string;
  /** Campaign name for the UTM parameters of the shop's links (products, guides, contact). */
  utmCampaign: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}
