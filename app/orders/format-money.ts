// Money for people: integer minor units and an ISO currency → the merchant's locale's text, exactly
// (the amount goes to Intl as a decimal string, never through a float).
import type { Locale } from "~/i18n/locale";
import { currencyDigits } from "./money";

/** The Intl locale that Aftercare's admin languages format numbers and dates with. */
export function intlLocale(locale: Locale): string {
  return locale === "pl" ? "pl-PL" : "en-GB";
}

/** `minor` as a plain decimal string in `currency`'s digits: 38800 PLN → "388.00", 1500 JPY → "1500". */
export function minorToDecimal(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = String(Math.abs(Math.trunc(minor))).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

const formats = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const key = `${locale}:${currency}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(intlLocale(locale), { style: "currency", currency, currencyDisplay: "symbol" });
    } catch {
      // Not an ISO currency Intl knows (a projection that never learnt it): the amount and the code.
      return `${minorToDecimal(minor, currency)} ${currency}`;
    }
    if (formats.size < 500) formats.set(key, format);
  }
  // Intl formats a decimal string exactly (ES2023); the cast is for TypeScript's older signature.
  return format.format(minorToDecimal(minor, currency) as unknown as number);
}

/** Several amounts in different currencies (a customer who paid in two), largest first. */
export function formatMoneyList(totals: { currency: string; totalMinor: number }[], locale: Locale): string {
  if (!totals.length) return "—";
  return [...totals]
    .sort((a, b) => b.totalMinor - a.totalMinor || a.currency.localeCompare(b.currency))
    .map((m) => formatMoney(m.totalMinor, m.currency, locale))
    .join(" · ");
}
