// Which language a merchant reads: Shopify's `locale` parameter on the embedded URL, else the
// browser's Accept-Language, else English. Aftercare ships English and Polish.
export const locales = ["en", "pl"] as const;
export type Locale = (typeof locales)[number];

export function pickLocale(candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const base = c?.trim().toLowerCase().split(/[-_;]/)[0];
    if (base && (locales as readonly string[]).includes(base)) return base as Locale;
  }
  return "en";
}

export function resolveLocale(request: Request): Locale {
  const url = new URL(request.url);
  const accept = (request.headers.get("accept-language") ?? "").split(",");
  return pickLocale([url.searchParams.get("locale"), ...accept]);
}
