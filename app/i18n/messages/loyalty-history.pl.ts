// Polish copy for the loyalty admin's "Points for past orders" page (the one-off history award).
import type { Message } from "./en";
import type { loyaltyHistoryEn } from "./loyalty-history.en";

export const loyaltyHistoryPl: Record<keyof typeof loyaltyHistoryEn, Message> = {
  "loyaltyHistory.title": "Punkty za wcześniejsze zamówienia",
  "loyaltyHistory.back": "Program lojalnościowy",
  "loyaltyHistory.explain":
    "Przyznaj klientom punkty, które zdobyliby za wcześniejsze zamówienia, według obecnych zasad programu: wykluczonych produktów, ustawień podatku i wysyłki, poziomów. Anulowane zamówienia nie dają punktów, a zwroty odejmują swoją część. Zamówienie, za które przyznano już punkty, nigdy nie da ich drugi raz, więc ponowne uruchomienie przyzna punkty tylko za zamówienia jeszcze nieuwzględnione. Punkty można wydać od razu.",
  "loyaltyHistory.programOff":
    "Najpierw włącz program lojalnościowy: punkty za wcześniejsze zamówienia przyznaje się tylko wtedy, gdy działa.",
  "loyaltyHistory.programOffLink": "Ustawienia programu",
  "loyaltyHistory.days": "Zamówienia z ostatnich",
  "loyaltyHistory.daysSuffix": "dni",
  "loyaltyHistory.daysHelp": "Z historii zamówień zaimportowanej do Aftercare.",
  "loyaltyHistory.daysError": "Podaj liczbę dni od 1 do 3650.",
  "loyaltyHistory.update": "Odśwież podgląd",
  "loyaltyHistory.preview.heading": "Podgląd",
  "loyaltyHistory.preview.sentence": {
    one: "{customers} klient otrzyma łącznie {points} pkt za zamówienia z ostatnich {days} dni (zamówienia: {orders}).",
    few: "{customers} klientów otrzyma łącznie {points} pkt za zamówienia z ostatnich {days} dni (zamówienia: {orders}).",
    many: "{customers} klientów otrzyma łącznie {points} pkt za zamówienia z ostatnich {days} dni (zamówienia: {orders}).",
    other: "{customers} klienta otrzyma łącznie {points} pkt za zamówienia z ostatnich {days} dni (zamówienia: {orders}).",
  },
  "loyaltyHistory.preview.none":
    "Żaden klient nie otrzyma punktów: wszystkie zamówienia z ostatnich {days} dni zostały już uwzględnione albo nie dają punktów.",
  "loyaltyHistory.start": "Przyznaj punkty",
  "loyaltyHistory.started": "Przyznawanie punktów za wcześniejsze zamówienia",
  "loyaltyHistory.error.running": "Przyznawanie punktów już trwa.",
  "loyaltyHistory.error.programOff": "Program lojalnościowy jest wyłączony.",
  "loyaltyHistory.running.heading": "Przyznawanie punktów",
  "loyaltyHistory.running.progress": "Postęp przyznawania punktów",
  "loyaltyHistory.running.counts": "Klienci: {done} z {total} · dotąd {points} pkt",
  "loyaltyHistory.result.heading": "Ostatnie przyznanie",
  "loyaltyHistory.result.completed": {
    one: "{date}: {customers} klient otrzymał łącznie {points} pkt za zamówienia z ostatnich {days} dni.",
    few: "{date}: klienci ({customers}) otrzymali łącznie {points} pkt za zamówienia z ostatnich {days} dni.",
    many: "{date}: klienci ({customers}) otrzymali łącznie {points} pkt za zamówienia z ostatnich {days} dni.",
    other: "{date}: klienci ({customers}) otrzymali łącznie {points} pkt za zamówienia z ostatnich {days} dni.",
  },
  "loyaltyHistory.result.failed":
    "Przyznawanie z {date} zatrzymało się po {done} z {total} klientów (przyznano {points} pkt): {error}. Uruchom je ponownie, aby przyznać resztę.",
};
