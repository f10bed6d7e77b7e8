// Polish copy for the history import (the overview's "Historia zamówień" card).
import type { Message } from "./en";
import type { historyEn } from "./history.en";

export const historyPl: Record<keyof typeof historyEn, Message> = {
  "history.heading": "Historia zamówień",
  "history.never": "Aftercare nie zaimportował jeszcze wcześniejszych zamówień tego sklepu.",
  "history.explain":
    "Aftercare importuje wcześniejsze zamówienia (z pozycjami, przesyłkami i zwrotami pieniędzy) oraz wszystkich klientów z ich zgodami na e-maile, aby program lojalnościowy, opinie i raporty znały Twoją historię. Klienci nie dostają żadnych wiadomości o dawnych zamówieniach.",
  "history.days": "Ile dni wstecz",
  "history.days.help": "Od 1 do 3650 dni.",
  "history.start": "Importuj historię",
  "history.again": "Importuj ponownie",
  "history.cancel": "Zatrzymaj import",
  "history.step.customers": "Krok 1 z 2: klienci",
  "history.step.orders": "Krok 2 z 2: zamówienia",
  "history.exporting": {
    one: "Shopify przygotowuje eksport: na razie {count} rekord",
    few: "Shopify przygotowuje eksport: na razie {count} rekordy",
    many: "Shopify przygotowuje eksport: na razie {count} rekordów",
    other: "Shopify przygotowuje eksport: na razie {count} rekordu",
  },
  "history.importing": "Zaimportowano dotąd: zamówienia {orders}, klienci {customers}",
  "history.elapsed": "Trwa od {elapsed}",
  "history.remaining": "zostało około {remaining}",
  "history.estimating": "szacowanie pozostałego czasu…",
  "history.progress": "Postęp importu historii",
  "history.completed": "Historię z ostatnich dni ({days}) zaimportowano {date} w {elapsed}: zamówienia {orders}, klienci {customers}.",
  "history.cancelled": "Import zatrzymano {date}. To, co zaimportował, zostaje: zamówienia {orders}, klienci {customers}.",
  "history.failed": "Import przerwany. {error}",
  "history.skipped.heading": "Nie zaimportowano",
  "history.skipped.newer_in_app": {
    one: "{count} rekord był już aktualny dzięki bieżącej aktualizacji",
    few: "{count} rekordy były już aktualne dzięki bieżącym aktualizacjom",
    many: "{count} rekordów było już aktualnych dzięki bieżącym aktualizacjom",
    other: "{count} rekordu było już aktualne dzięki bieżącym aktualizacjom",
  },
  "history.skipped.unreadable": {
    one: "{count} wiersza od Shopify nie dało się odczytać",
    few: "{count} wierszy od Shopify nie dało się odczytać",
    many: "{count} wierszy od Shopify nie dało się odczytać",
    other: "{count} wiersza od Shopify nie dało się odczytać",
  },
  "history.skipped.not_kept": {
    one: "{count} rekord rodzaju, którego Aftercare nie przechowuje",
    few: "{count} rekordy rodzaju, którego Aftercare nie przechowuje",
    many: "{count} rekordów rodzaju, którego Aftercare nie przechowuje",
    other: "{count} rekordu rodzaju, którego Aftercare nie przechowuje",
  },
  "history.error.running": "Import już trwa.",
  "history.error.access_denied_orders":
    "Shopify odmówił dostępu do zamówień sklepu. Aftercare potrzebuje uprawnienia read_orders, a dla zamówień starszych niż 60 dni także read_all_orders: otwórz aplikację ponownie, aby je zatwierdzić.",
  "history.error.access_denied_customers":
    "Shopify odmówił dostępu do klientów sklepu. Aftercare potrzebuje uprawnienia read_customers: otwórz aplikację ponownie, aby je zatwierdzić.",
  "history.error.export_expired": "Eksport Shopify kilka razy wygasł, zanim dało się go odczytać. Spróbuj ponownie.",
  "history.error.export_cancelled": "Eksport został anulowany w Shopify.",
  "history.error.export_failed": "Shopify kilka razy nie zdołał dokończyć eksportu. Spróbuj ponownie później.",
  "history.error.export_gone": "Shopify kilka razy nie miał już eksportu. Spróbuj ponownie.",
  "history.error.link_expired": "Link do pobrania z Shopify wygasał, zanim import się zakończył. Spróbuj ponownie.",
  "history.error.uninstalled": "Aplikację odinstalowano w trakcie importu.",
  "history.error.days": "Podaj liczbę dni od 1 do 3650.",
  "history.requestedBy.install": "rozpoczęty przy instalacji aplikacji",
  "history.requestedBy.merchant": "rozpoczęty z tej strony",
};
