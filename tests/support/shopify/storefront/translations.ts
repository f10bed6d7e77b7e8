// Shopify's `t` filter over an extension's locale files: lookup with fallback to the default
// locale, `{{ name }}` interpolation (escaped unless the key ends in `_html`) and `count` plurals.
import type { ExtensionLocales, LocaleCatalog } from "./extension-files";

function lookup(catalog: LocaleCatalog | undefined, key: string): string | LocaleCatalog | undefined {
  let current: string | LocaleCatalog | undefined = catalog;
  for (const part of key.split(".")) {
    if (current === undefined || typeof current === "string") return undefined;
    current = current[part];
  }
  return current;
}

export function escapeHtml(value: unknown): string {
  return String(value ?? "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

function pluralForm(entry: LocaleCatalog, locale: string, count: unknown): string | undefined {
  const n = Number(count);
  if (n === 0 && typeof entry.zero === "string") return entry.zero;
  const category = new Intl.PluralRules(locale).select(n);
  const chosen = entry[category] ?? entry.other;
  return typeof chosen === "string" ? chosen : undefined;
}

export function translate(locales: ExtensionLocales, locale: string, key: string, values: Record<string, unknown> = {}): string {
  const candidates: Array<[string, string | LocaleCatalog | undefined]> = [
    [locale, lookup(locales.catalogs.get(locale), key)],
    [locales.defaultLocale, lookup(locales.catalogs.get(locales.defaultLocale), key)],
  ];
  for (const [entryLocale, entry] of candidates) {
    const template =
      typeof entry === "string" ? entry : entry && "count" in values ? pluralForm(entry, entryLocale, values.count) : undefined;
    if (template === undefined) continue;
    const raw = key.endsWith("_html") || key.endsWith(".html");
    return template.replace(/\{\{\s*([\w-]+)\s*\}\}/g, (placeholder, name: string) =>
      name in values ? (raw ? String(values[name]) : escapeHtml(values[name])) : placeholder,
    );
  }
  return `Translation missing: ${locale}.${key}`;
}
