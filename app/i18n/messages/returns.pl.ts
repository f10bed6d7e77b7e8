// Polish copy of the returns capability outside the admin pages (keys as in returns.en.ts).
import type { Message } from "./en";
import type { returnsEn } from "./returns.en";

export const returnsPl: Record<keyof typeof returnsEn, Message> = {
  "returns.refusal.not_fulfilled": "Ten produkt nie został jeszcze wysłany, więc nie można go zwrócić.",
  "returns.refusal.out_of_window": "Termin zwrotu tego produktu minął.",
  "returns.refusal.final_sale": "Ten produkt był w wyprzedaży bez możliwości zwrotu.",
  "returns.refusal.already_returned": "Ten produkt został już zwrócony.",
  "returns.refusal.unknown_item": "Tego produktu nie ma w zamówieniu.",
  "returns.refusal.quantity_invalid": "Wybierz, ile sztuk chcesz zwrócić (co najmniej jedną).",
  "returns.refusal.quantity_too_high": "Nie możesz zwrócić więcej sztuk, niż pozostało do zwrotu.",
  "returns.refusal.unknown_reason": "Wybierz powód zwrotu tego produktu.",
  "returns.refusal.photo_required": "Dodaj zdjęcie przy tym powodzie.",
  "returns.refusal.resolution_not_allowed": "Ta opcja nie jest dostępna dla tego produktu.",
  "returns.refusal.exchange_variant_invalid": "Wybierz inny dostępny wariant tego samego produktu.",
  "returns.refusal.nothing": "Wybierz co najmniej jeden produkt do zwrotu.",
  "returns.refusal.duplicate": "Ten produkt jest na liście dwa razy.",
  "returns.refusal.too_long": "Ta notatka jest za długa.",
  "returns.refusal.too_many": "Najwyżej 5 zdjęć na produkt.",
  "returns.refusal.not_image": "Ten plik nie jest zdjęciem JPEG, PNG, WebP ani GIF.",
  "returns.refusal.too_large": "To zdjęcie ma więcej niż 5 MB.",
  "returns.refusal.empty": "Ten plik jest pusty.",
  "returns.refusal.expired": "Sesja wygasła. Wyszukaj zamówienie ponownie, aby kontynuować.",
  "returns.refusal.shopify": "Sklep nie mógł przyjąć tego zwrotu.",
  "event.return.label_added": "Dodano etykietę zwrotną",
  "event.return.received": "Zwrócone produkty dotarły",
  "event.return.processed": "Zwrot rozliczony",
  "event.detail.returnItems": "{items}",
  "event.detail.returnResolution.refund": "Zwrot pieniędzy: {amount}",
  "event.detail.returnResolution.store_credit": "Środki w sklepie: {amount}",
  "event.detail.returnResolution.exchange": "Wymiana o wartości {amount}",
  "event.detail.returnTracking": "Numer przesyłki: {tracking}",
};
