// Opening a review link (the form and "not arrived yet"): the token verified against the app's
// secret and clock, the shop's name and colour for the page, the shopper's language. A link that
// is not valid, or has expired, is answered here with the page that says so (400 / 410).
import { pickLocale, type Locale } from "~/i18n/locale";
import { translator } from "~/i18n/translate";
import { messagingSettings } from "~/messaging/settings.server";
import { runtime, type Runtime } from "~/runtime.server";
import { messagePage, type Look } from "./form-page.server";
import { verifyReviewToken, type ReviewClaims } from "./links";

export type OpenedLink =
  | { ok: false; response: Response }
  | { ok: true; rt: Runtime; claims: ReviewClaims; token: string; locale: Locale; look: Look; timeZone: string | null };

export async function openReviewLink(token: string | undefined): Promise<OpenedLink> {
  const rt = await runtime();
  const v = verifyReviewToken(rt.env.SHOPIFY_API_SECRET, token ?? "", rt.clock.now());
  if (!v.ok) {
    const t = translator("en");
    const look = { shopName: "Aftercare", accentColor: "#1f6f5c" };
    const expired = v.why === "expired";
    return {
      ok: false,
      response: messagePage("en", look, t(expired ? "reviews.link.expired" : "reviews.link.invalid"), expired ? 410 : 400),
    };
  }
  const [shopRow, settings] = await Promise.all([
    rt.db.shop.findUnique({ where: { shop: v.claims.shop }, select: { name: true, timezone: true } }),
    messagingSettings(rt.db, v.claims.shop),
  ]);
  return {
    ok: true,
    rt,
    claims: v.claims,
    token: token!,
    locale: pickLocale([v.claims.locale]),
    look: { shopName: shopRow?.name ?? v.claims.shop, accentColor: settings.accentColor },
    timeZone: shopRow?.timezone ?? null,
  };
}
