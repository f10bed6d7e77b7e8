// Polish copy of the emails (fixed strings and the built-in default copy of each flow) and of the
// shopper-facing pages they link to (CSAT thank-you, unsubscribe). Gender-neutral wording throughout.
import type { Message } from "./en";
import type { emailEn } from "./email.en";

export const emailPl: Record<keyof typeof emailEn, Message> = {
  "email.default.delivery_follow_up.subject": "Jak sprawdza się Twoje zamówienie {{order_name}}?",
  "email.default.delivery_follow_up.heading": "Twoje zamówienie już do Ciebie dotarło",
  "email.default.delivery_follow_up.body":
    "Cześć {{first_name}},\n\nTwoje zamówienie {{order_name}} zostało niedawno dostarczone. Mamy nadzieję, że wszystko Ci się podoba.\n\nDaj nam znać, jak oceniasz zakupy — wystarczy jedno kliknięcie, a bardzo nam to pomaga. Jeśli coś jest nie tak, napisz do nas, a chętnie pomożemy.\n\nDziękujemy za zakupy w sklepie {{shop_name}}!",
  "email.default.cross_sell.subject": "{{first_name}}, wybraliśmy coś dla Ciebie",
  "email.default.cross_sell.heading": "Coś, co może Ci się spodobać",
  "email.default.cross_sell.body":
    "Cześć {{first_name}},\n\nJeszcze raz dziękujemy za zamówienie {{order_name}}. Wybraliśmy kilka produktów, które świetnie pasują do Twoich zakupów.\n\nZajrzyj — może coś wpadnie Ci w oko.",
  "email.default.review_request.subject": "Jak Ci się podoba zamówienie {{order_name}}, {{first_name}}?",
  "email.default.review_request.heading": "Podziel się opinią",
  "email.default.review_request.body":
    "Cześć {{first_name}},\n\nMasz już swoje zamówienie {{order_name}} od jakiegoś czasu. Jak się sprawdza?\n\nKrótka opinia pomaga innym w wyborze, a sklepowi {{shop_name}} być lepszym. Kliknij gwiazdkę, aby zacząć — to zajmie minutę.",
  "email.default.review_reminder.subject": "Minutka na opinię, {{first_name}}?",
  "email.default.review_reminder.heading": "Twoje zdanie się liczy",
  "email.default.review_reminder.body":
    "Cześć {{first_name}},\n\nWciąż chętnie poznamy Twoją opinię o zamówieniu {{order_name}}. Kliknij gwiazdkę poniżej — nie trzeba dużo pisać.",
  "email.default.points_expiry_warning.subject": "{{first_name}}, Twoje punkty w sklepie {{shop_name}} wkrótce wygasną",
  "email.default.points_expiry_warning.heading": "Twoje punkty wkrótce wygasną",
  "email.default.points_expiry_warning.body":
    "Cześć {{first_name}},\n\nW sklepie {{shop_name}} czekają na Ciebie punkty, które wygasną, jeśli ich nie wykorzystasz.\n\nWymień je na nagrodę albo zbierz nowe przy kolejnym zamówieniu — w obu przypadkach zostaną z Tobą.",
  "email.default.points_last_chance.subject": "Ostatnia szansa na wykorzystanie punktów, {{first_name}}",
  "email.default.points_last_chance.heading": "Twoje punkty wygasną za kilka dni",
  "email.default.points_last_chance.body":
    "Cześć {{first_name}},\n\nTo ostatnie przypomnienie: Twoje punkty w sklepie {{shop_name}} wygasną za kilka dni.\n\nWymień je teraz na nagrodę albo złóż zamówienie, aby zebrać nowe i zachować wszystkie.",
  "email.default.return_requested.subject": "Otrzymaliśmy zgłoszenie zwrotu do zamówienia {{order_name}}",
  "email.default.return_requested.heading": "Zgłoszenie zwrotu przyjęte",
  "email.default.return_requested.body":
    "Cześć {{first_name}},\n\ndziękujemy za informację. Otrzymaliśmy zgłoszenie zwrotu produktów z zamówienia {{order_name}}.\n\nCo dalej: sklep {{shop_name}} rozpatrzy je zwykle w ciągu kilku dni roboczych, a my od razu napiszemy, jaka jest decyzja i jak odesłać produkty. Prosimy nie wysyłać niczego przed tą wiadomością.",
  "email.default.return_approved.subject": "Zwrot do zamówienia {{order_name}} został przyjęty",
  "email.default.return_approved.heading": "Zwrot przyjęty",
  "email.default.return_approved.body":
    "Cześć {{first_name}},\n\nmamy dobrą wiadomość: zwrot do zamówienia {{order_name}} został przyjęty.\n\nJak odesłać produkty: zapakuj je starannie, razem z metkami i akcesoriami. Jeśli poniżej jest etykieta zwrotna, wydrukuj ją i naklej na paczkę; jeśli nie, wkrótce ją prześlemy. Gdy produkty do nas dotrą, zakończymy zwrot i damy znać.",
  "email.default.return_declined.subject": "W sprawie zgłoszenia zwrotu do zamówienia {{order_name}}",
  "email.default.return_declined.heading": "Nie możemy przyjąć zwrotu",
  "email.default.return_declined.body":
    "Cześć {{first_name}},\n\nsprawdziliśmy zgłoszenie zwrotu do zamówienia {{order_name}} i niestety nie możemy go przyjąć.\n\nJeśli masz pytania albo uważasz, że to pomyłka, skontaktuj się ze sklepem {{shop_name}} — chętnie pomożemy.",
  "email.default.return_label_added.subject": "Etykieta zwrotna do zamówienia {{order_name}}",
  "email.default.return_label_added.heading": "Etykieta zwrotna jest gotowa",
  "email.default.return_label_added.body":
    "Cześć {{first_name}},\n\netykieta zwrotna do zamówienia {{order_name}} jest gotowa: wydrukuj ją, naklej na paczkę i nadaj przesyłkę.\n\nPaczkę możesz śledzić po numerze przesyłki. Damy znać, gdy do nas dotrze.",
  "email.default.return_received.subject": "Zwrócone produkty z zamówienia {{order_name}} dotarły",
  "email.default.return_received.heading": "Zwrot do nas dotarł",
  "email.default.return_received.body":
    "Cześć {{first_name}},\n\nprodukty odesłane z zamówienia {{order_name}} dotarły do sklepu {{shop_name}}.\n\nSprawdzimy je i wkrótce zakończymy zwrot; napiszemy, gdy wszystko będzie gotowe.",
  "email.default.return_processed.subject": "Zwrot do zamówienia {{order_name}} został zakończony",
  "email.default.return_processed.heading": "Zwrot zakończony",
  "email.default.return_processed.body":
    "Cześć {{first_name}},\n\nzakończyliśmy zwrot do zamówienia {{order_name}}. Szczegóły znajdziesz poniżej.\n\nDziękujemy za zakupy w sklepie {{shop_name}}.",
  "email.default.return_closed.subject": "Zwrot do zamówienia {{order_name}} został zamknięty",
  "email.default.return_closed.heading": "Zwrot zamknięty",
  "email.default.return_closed.body":
    "Cześć {{first_name}},\n\nzwrot do zamówienia {{order_name}} został zamknięty — nie musisz już nic robić.\n\nDziękujemy za zakupy w sklepie {{shop_name}}. Do zobaczenia!",

  "email.items.heading": "Twoje zamówienie",
  "email.items.quantity": "Ilość: {count}",
  "email.items.guides": "Jak dbać o produkt",
  "email.csat.question": "Jak oceniasz swoje zamówienie?",
  "email.csat.score.1": "Bardzo źle",
  "email.csat.score.2": "Źle",
  "email.csat.score.3": "Przeciętnie",
  "email.csat.score.4": "Dobrze",
  "email.csat.score.5": "Bardzo dobrze",
  "email.csat.hint": "Wystarczy jedno kliknięcie. Zmiana zdania? Po prostu kliknij inną odpowiedź.",
  "email.products.heading": "Może Ci się spodobać",
  "email.products.view": "Zobacz",
  "email.products.viewLabel": "Zobacz: {title}",
  "email.points.label": "Twoje punkty",
  "email.points.expires": "Twoje punkty wygasną {date}",
  "email.points.lastChance": "Ostatnia szansa: Twoje punkty wygasną {date}",
  "email.points.use": "Wykorzystaj punkty",
  "email.points.keep": "Zbierz lub wydaj punkty przed tym dniem, a żaden z nich nie wygaśnie.",
  "email.return.heading": "Zwrot {name}",
  "email.return.headingUnnamed": "Twój zwrot",
  "email.return.item": "{quantity} × {title}",
  "email.return.exchangeFor": "Wymiana na: {item}",
  "email.return.resolution.refund": "Zwrot pieniędzy: {amount}",
  "email.return.resolution.store_credit": "Środki do wykorzystania w sklepie: {amount}",
  "email.return.resolution.exchange": "Wymiana",
  "email.return.bonus": "w tym premia {bonus}",
  "email.return.processed.refund":
    "Zwróciliśmy {amount}. W zależności od banku środki mogą pojawić się na koncie w ciągu kilku dni roboczych.",
  "email.return.processed.store_credit": "Dodaliśmy {amount} do środków na Twoim koncie w sklepie.",
  "email.return.processed.store_creditBonus": "Dodaliśmy {amount} do środków na Twoim koncie w sklepie, w tym premię {bonus}.",
  "email.return.processed.exchange": "Przygotowujemy wymianę: {items}.",
  "email.return.processed.exchangeUnnamed": "Przygotowujemy wymianę.",
  "email.return.message": "Wiadomość od sklepu {shop}:",
  "email.return.label": "Pobierz etykietę zwrotną",
  "email.return.carrier": "Przewoźnik: {carrier}",
  "email.return.tracking": "Numer przesyłki: {number}",
  "email.return.track": "Śledź przesyłkę",
  "email.return.status": "Zobacz status zwrotu",
  "email.discount.text": "{percent}% rabatu na kolejne zamówienie z kodem {code}, ważnym do {date}",
  "email.footer.sentBy": "Wysłane przez {shop}",
  "email.footer.questions": "Masz pytania?",
  "email.footer.contact": "Skontaktuj się z nami",
  "email.footer.transactional": "Otrzymujesz tę wiadomość w związku z zamówieniem w sklepie {shop}.",
  "email.footer.unsubscribe": "Wypisz się z wiadomości marketingowych",
  "email.footer.marketingNote":
    "Po wypisaniu się nie dostaniesz już wiadomości marketingowych, ale informacje o Twoich zamówieniach nadal będą docierać.",

  "email.page.backToShop": "Wróć do sklepu",
  "email.csat.page.title": "Twoja opinia",
  "email.csat.thanks.heading": "Dziękujemy!",
  "email.csat.thanks.body": "Twoja ocena zamówienia: {score} na 5. Dziękujemy, że dajesz nam znać.",
  "email.csat.changed": "Zmieniliśmy Twoją ocenę — teraz to {score} na 5.",
  "email.csat.low":
    "Przykro nam, że zamówienie nie spełniło Twoich oczekiwań. Zespół sklepu się tym zajmie, a jeśli napiszesz poniżej, co poszło nie tak, szybciej znajdziemy rozwiązanie.",
  "email.csat.comment.label": "Chcesz coś dodać?",
  "email.csat.comment.hint": "Nieobowiązkowe. Komentarz trafi bezpośrednio do zespołu sklepu.",
  "email.csat.comment.submit": "Wyślij komentarz",
  "email.csat.comment.saved": "Dziękujemy, otrzymaliśmy Twój komentarz.",
  "email.csat.invalid": "Ten link jest uszkodzony lub wygasł, więc nie udało się zapisać odpowiedzi. Użyj pełnego linku z wiadomości.",
  "email.unsubscribe.title": "Rezygnacja z wiadomości marketingowych",
  "email.unsubscribe.body": "Czy chcesz przestać otrzymywać wiadomości marketingowe od {shop} na adres {email}?",
  "email.unsubscribe.button": "Wypisz mnie",
  "email.unsubscribe.done":
    "Wypisaliśmy Cię z wiadomości marketingowych. Wiadomości dotyczące Twoich zamówień, na przykład o dostawie, nadal będą docierać.",
  "email.unsubscribe.already": "Ten adres jest już wypisany z wiadomości marketingowych.",
  "email.unsubscribe.invalid":
    "Ten link do wypisania się jest uszkodzony lub wygasł. Użyj pełnego linku z wiadomości albo skontaktuj się ze sklepem, a wypisze Cię ręcznie.",
};
