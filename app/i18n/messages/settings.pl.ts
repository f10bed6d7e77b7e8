// Polish copy for the Settings page.
import type { Message } from "./en";
import type { settingsEn } from "./settings.en";

export const settingsPl: Record<keyof typeof settingsEn, Message> = {
  "settings.nav": "Ustawienia",
  "settings.title": "Ustawienia",
  "settings.delivery.heading": "Doręczenie",
  "settings.delivery.explain":
    "Większość przewoźników informuje Shopify o doręczeniu paczki. Gdy przewoźnik tego nie zrobi, Aftercare uzna paczkę za doręczoną po tylu dniach od wysyłki, aby wiadomości po doręczeniu i tak zostały wysłane. Oś czasu zamówienia pokazuje, kiedy doręczenie przyjęto.",
  "settings.delivery.days": "Dni od wysyłki",
  "settings.delivery.help": "Od 0 do 60; 0 oznacza, że paczka jest doręczona tylko wtedy, gdy potwierdzi to przewoźnik.",
  "settings.history.heading": "Historia zamówień",
  "settings.history.explain":
    "Jak daleko wstecz sięga import historii uruchomiony bez podania liczby dni, na przykład przy ponownej instalacji aplikacji.",
  "settings.history.days": "Ile dni wstecz",
  "settings.history.help": "Od 1 do 3650 dni.",
  "settings.save": "Zapisz",
  "settings.saved": "Ustawienia zapisane.",
  "settings.invalid": "Popraw zaznaczone pola.",
};
