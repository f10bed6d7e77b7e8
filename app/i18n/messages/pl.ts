// Polish admin copy.
import type { Message, MessageKey } from "./en";
import { ordersPl } from "./orders.pl";
import { historyPl } from "./history.pl";
import { settingsPl } from "./settings.pl";
import { messagingPl } from "./messaging.pl";
import { emailPl } from "./email.pl";
import { loyaltyPl } from "./loyalty.pl";
import { loyaltyAdminPl } from "./loyalty-admin.pl";
import { loyaltyHistoryPl } from "./loyalty-history.pl";
import { reviewsPl } from "./reviews.pl";
import { reviewsAdminPl } from "./reviews-admin.pl";
import { returnsAdminPl } from "./returns-admin.pl";
import { returnsPl } from "./returns.pl";

export const pl: Record<MessageKey, Message> = {
  "app.title": "Aftercare",
  "nav.home": "Przegląd",
  "home.title": "Przegląd",
  "home.install.heading": "Połączenie",
  "home.install.state.installed": "Zainstalowana",
  "home.install.state.uninstalled": "Odinstalowana",
  "home.install.installed": "Zainstalowano {date}",
  "home.install.uninstalled": "Odinstalowano {date}",
  "home.install.unknown": "Trwa zapisywanie instalacji",
  "home.install.shop": "Sklep: {shop}",
  "home.install.timezone": "Strefa czasowa: {timezone}",
  "home.webhooks.heading": "Zdarzenia otrzymane z Shopify",
  "home.webhooks.empty": "Brak zdarzeń. Zmiany zamówień, wysyłek i klientów pojawią się tutaj, gdy tylko Shopify je prześle.",
  "home.webhooks.topic": "Temat",
  "home.webhooks.waiting": "Oczekuje",
  "home.webhooks.processed": "Przetworzone",
  "home.webhooks.retrying": "Ponawiane",
  "home.webhooks.dead": "Porzucone",
  "home.webhooks.skipped": "Pominięte",
  "home.webhooks.total": "Razem",
  "home.queue.heading": "Zadania w tle",
  "home.queue.driver.embedded": "Działa w aplikacji (kolejka w bazie danych)",
  "home.queue.driver.bullmq": "Działa na workerach (kolejka Redis)",
  "home.queue.queued": "Gotowe do uruchomienia",
  "home.queue.delayed": "Zaplanowane",
  "home.queue.retrying": "Ponawiane",
  "home.queue.running": "W trakcie",
  "home.queue.dead": "Porzucone",
  "home.retrying.heading": "Ponawiane",
  "home.retrying.explain":
    "Te elementy się nie powiodły i zostaną automatycznie ponowione; nic nie trzeba robić, chyba że zostaną porzucone.",
  "home.retrying.next": "następna próba {date}",
  "home.errors.heading": "Porzucone",
  "home.errors.empty": "Nic nie zostało porzucone. Aftercare ponawia automatycznie, gdy Shopify lub poczta są chwilowo niedostępne.",
  "home.errors.retry": "Ponów",
  "home.errors.attempts": { one: "{count} próba", few: "{count} próby", many: "{count} prób", other: "{count} próby" },
  "home.errors.retried": "Wysłano do ponownej próby.",
  "home.errors.notRetried": "Już wysłano do ponownej próby.",
  "home.errors.notFound": "Ten element już nie istnieje.",
  "home.errors.webhook": "Zdarzenie {topic}",
  "home.errors.job": "Zadanie {name}",
  "privacy.nav": "Wnioski dotyczące danych osobowych",
  "privacy.title": "Wnioski dotyczące danych osobowych",
  "privacy.subtitle":
    "Wnioski klientów o kopię ich danych lub o ich usunięcie, przekazane przez Shopify. Aftercare realizuje każdy z nich automatycznie.",
  "privacy.resource.one": "wniosek",
  "privacy.resource.other": "wnioski",
  "privacy.empty.heading": "Nie ma jeszcze żadnych wniosków",
  "privacy.empty.body":
    "Gdy klient poprosi o kopię swoich danych lub o ich usunięcie, Shopify przekaże wniosek, a ten pojawi się tutaj wraz ze statusem.",
  "privacy.column.request": "Wniosek",
  "privacy.column.customer": "Klient",
  "privacy.column.received": "Otrzymano",
  "privacy.column.status": "Status",
  "privacy.column.completed": "Zrealizowano",
  "privacy.column.export": "Eksport danych",
  "privacy.topic.dataRequest": "Wydanie danych",
  "privacy.topic.customerRedact": "Usunięcie danych klienta",
  "privacy.topic.shopRedact": "Usunięcie danych sklepu",
  "privacy.customer": "Klient {id}",
  "privacy.customer.wholeShop": "Wszyscy klienci",
  "privacy.status.received": "W realizacji",
  "privacy.status.completed": "Zrealizowany",
  "privacy.status.failed": "Nieudany",
  "privacy.export.download": "Pobierz",
  "privacy.export.pending": "W przygotowaniu",
  "privacy.export.erased": "Usunięty wraz z danymi klienta",
  "privacy.export.failed": "Nie udało się pobrać eksportu. Odśwież stronę i spróbuj ponownie.",
  "privacy.retry": "Ponów",
  "privacy.retry.failed": "Ten wniosek nie czeka już na ponowienie.",
  ...ordersPl,
  ...historyPl,
  ...settingsPl,
  ...messagingPl,
  ...emailPl,
  ...loyaltyPl,
  ...loyaltyAdminPl,
  ...loyaltyHistoryPl,
  ...reviewsPl,
  ...reviewsAdminPl,
  ...returnsAdminPl,
  ...returnsPl,
};
