// Times for the admin pages: an instant in the shop's time zone and the merchant's language. A time
// zone Intl does not know (a projection that stored something odd) falls back to UTC, never throws.
import type { Locale } from "~/i18n/locale";
import { formatDateTime } from "~/i18n/translate";

const known = new Map<string, boolean>();

export function validTimeZone(timeZone: string | null | undefined): string | null {
  if (!timeZone) return null;
  let ok = known.get(timeZone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone });
      ok = true;
    } catch {
      ok = false;
    }
    if (known.size < 1_000) known.set(timeZone, ok);
  }
  return ok ? timeZone : null;
}

export function shopTime(locale: Locale, date: Date | string, timeZone: string | null | undefined): string {
  return formatDateTime(locale, date, validTimeZone(timeZone));
}
