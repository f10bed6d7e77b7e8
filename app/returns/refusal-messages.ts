// The shopper-facing sentence for a refusal or form problem code, in the shopper's language.
import { pickLocale } from "~/i18n/locale";
import type { MessageKey } from "~/i18n/messages/en";
import { translator } from "~/i18n/translate";

export function refusalMessage(code: string, locale: string): string {
  const t = translator(pickLocale([locale]));
  const key = `returns.refusal.${code}` as MessageKey;
  const text = t(key);
  return text === key ? t("returns.refusal.shopify") : text;
}
