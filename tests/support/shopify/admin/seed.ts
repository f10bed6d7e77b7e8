// Deterministic demo data for one shop: a homeware catalogue whose items need care advice, Polish and English
// customers, and a year of PLN orders in every after-sales state (shipped, delivered, refunded, cancelled, returned).
import { fromMinor, isoUtc } from "./ids";
import type { AdminStore } from "./store";
import type { CustomerRecord, ProductRecord } from "./store-types";

export interface SeedOptions {
  now: Date | number;
  customers?: number;
  orders?: number;
  seed?: number;
}

export interface SeedSummary {
  products: number;
  customers: number;
  orders: number;
  fulfilled: number;
  delivered: number;
  refunded: number;
  cancelled: number;
  returns: number;
}

/** mulberry32: tiny, fast and good enough for reproducible demo data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATALOGUE: { title: string; type: string; price: number; variants?: string[]; tags: string[] }[] = [
  { title: "Lniany obrus Mazury", type: "Linen", price: 189, variants: ["140×180", "140×240"], tags: ["linen", "wash-cold"] },
  { title: "Linen Bedding Set", type: "Linen", price: 459, variants: ["160×200", "200×220"], tags: ["linen", "wash-cold"] },
  { title: "Kubek ceramiczny Glina", type: "Ceramics", price: 59, variants: ["Grafit", "Piasek", "Mech"], tags: ["ceramics", "hand-wash"] },
  { title: "Stoneware Dinner Plate", type: "Ceramics", price: 79, tags: ["ceramics", "dishwasher-safe"] },
  { title: "Żeliwna patelnia 26 cm", type: "Cookware", price: 249, tags: ["cast-iron", "season-after-use"] },
  { title: "Cast Iron Dutch Oven", type: "Cookware", price: 529, variants: ["3.8 l", "5.2 l"], tags: ["cast-iron", "season-after-use"] },
  { title: "Deska do krojenia z dębu", type: "Kitchen wood", price: 139, variants: ["Mała", "Duża"], tags: ["wood", "oil-monthly"] },
  { title: "Olive Wood Salad Servers", type: "Kitchen wood", price: 99, tags: ["wood", "oil-monthly"] },
  { title: "Skórzany portfel Rzemieślnik", type: "Leather", price: 219, variants: ["Brąz", "Czerń"], tags: ["leather", "condition"] },
  { title: "Leather Weekender Bag", type: "Leather", price: 899, tags: ["leather", "condition"] },
  { title: "Wełniany koc Tatry", type: "Wool", price: 349, variants: ["Szary", "Beżowy"], tags: ["wool", "air-dry"] },
  { title: "Merino Throw Blanket", type: "Wool", price: 429, tags: ["wool", "air-dry"] },
  { title: "Monstera deliciosa w donicy", type: "Plants", price: 159, variants: ["M", "L"], tags: ["plant", "water-weekly"] },
  { title: "Snake Plant (Sansevieria)", type: "Plants", price: 89, tags: ["plant", "water-monthly"] },
  { title: "Świeca sojowa Las", type: "Candles", price: 69, variants: ["200 g", "400 g"], tags: ["candle", "trim-wick"] },
  { title: "Copper Watering Can", type: "Garden", price: 199, tags: ["copper", "polish"] },
  { title: "Noże kuchenne ze stali węglowej", type: "Cookware", price: 379, tags: ["carbon-steel", "dry-immediately"] },
  { title: "Bamboo Bath Towel Set", type: "Textiles", price: 169, variants: ["Biały", "Szałwia"], tags: ["bamboo", "wash-warm"] },
  { title: "Jedwabna poszewka na poduszkę", type: "Textiles", price: 149, variants: ["50×60", "70×80"], tags: ["silk", "hand-wash"] },
  { title: "Rattan Storage Basket", type: "Home", price: 119, variants: ["S", "M", "L"], tags: ["rattan", "dust-dry"] },
];

const POLISH_FIRST = ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Zofia", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Łukasz", "Jakub", "Marta", "Ewa", "Wojciech"];
const POLISH_LAST = ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski"];
const ENGLISH_FIRST = ["Olivia", "Emma", "Amelia", "Jack", "Harry", "George", "Sophie", "James", "Charlotte", "William", "Grace", "Thomas"];
const ENGLISH_LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Evans", "Walker", "Wright", "Green"];
const CITIES = [
  { city: "Warszawa", zip: "00-950" },
  { city: "Kraków", zip: "30-001" },
  { city: "Gdańsk", zip: "80-001" },
  { city: "Wrocław", zip: "50-001" },
  { city: "Poznań", zip: "60-001" },
];
const CARRIERS = [
  { company: "InPost", url: (n: string) => `https://inpost.pl/sledzenie-przesylek?number=${n}` },
  { company: "DPD", url: (n: string) => `https://tracktrace.dpd.com.pl/parcelDetails?p1=${n}` },
  { company: "Poczta Polska", url: (n: string) => `https://emonitoring.poczta-polska.pl/?numer=${n}` },
];

const DAY = 86_400_000;

function asciiFold(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase();
}

/** Fills `shop` with demo data; the same seed and `now` always produce the same shop. */
export function seedDemoShop(store: AdminStore, shop: string, options: SeedOptions): SeedSummary {
  const now = typeof options.now === "number" ? options.now : options.now.getTime();
  const random = prng(options.seed ?? 20_260_301);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number) => random() < p;
  const at = (ms: number) => isoUtc(new Date(ms));
  const summary: SeedSummary = { products: 0, customers: 0, orders: 0, fulfilled: 0, delivered: 0, refunded: 0, cancelled: 0, returns: 0 };

  store.upsertShop(shop, { name: "Dom i Pielęgnacja", email: "sklep@dom-i-pielegnacja.example", ianaTimezone: "Europe/Warsaw", currencyCode: "PLN", country: "PL", locale: "pl" });

  return store.withoutEvents(() => {
    const products: ProductRecord[] = CATALOGUE.map((item, index) => {
      summary.products++;
      const skuBase = asciiFold(item.type).replace(/[^a-z]/g, "").slice(0, 4).toUpperCase();
      return store.createProduct(shop, {
        title: item.title,
        productType: item.type,
        vendor: "Dom i Pielęgnacja",
        tags: item.tags,
        description: `${item.title}: care matters. Tags: ${item.tags.join(", ")}.`,
        image: { url: `https://cdn.example.com/demo/${index + 1}.jpg`, altText: item.title },
        createdAt: at(now - 400 * DAY + index * DAY),
        variants: (item.variants ?? ["Default Title"]).map((title, v) => ({
          title,
          sku: `${skuBase}-${String(index + 1).padStart(2, "0")}-${v + 1}`,
          price: fromMinor(item.price * 100 + v * 2000),
          grams: 300 + Math.floor(random() * 2000),
        })),
      });
    });
    const variants = products.flatMap((p) => p.variantIds);

    const customers: CustomerRecord[] = [];
    for (let i = 0; i < (options.customers ?? 200); i++) {
      const polish = chance(0.7);
      const firstName = pick(polish ? POLISH_FIRST : ENGLISH_FIRST);
      const lastName = pick(polish ? POLISH_LAST : ENGLISH_LAST);
      const place = pick(CITIES);
      const createdAt = at(now - (380 - Math.floor((i / (options.customers ?? 200)) * 370)) * DAY);
      const subscribed = chance(0.6);
      customers.push(
        store.createCustomer(shop, {
          email: `${asciiFold(firstName)}.${asciiFold(lastName)}.${i + 1}@${polish ? "example.pl" : "example.com"}`,
          firstName,
          lastName,
          locale: polish ? "pl" : "en",
          marketingState: subscribed ? "SUBSCRIBED" : chance(0.3) ? "UNSUBSCRIBED" : "NOT_SUBSCRIBED",
          consentUpdatedAt: subscribed ? createdAt : null,
          createdAt,
          address: { firstName, lastName, address1: `ul. Ogrodowa ${1 + Math.floor(random() * 90)}`, city: place.city, zip: place.zip, country: "Poland", countryCode: "PL", phone: null },
        }),
      );
      summary.customers++;
    }

    const orderTimes = Array.from({ length: options.orders ?? 1000 }, () => now - Math.floor(random() * 365 * DAY)).sort((a, b) => a - b);
    for (const created of orderTimes) {
      const eligible = customers.filter((c) => Date.parse(c.createdAt) <= created);
      const customer = eligible.length > 0 ? pick(eligible) : customers[0];
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ variantId: pick(variants), quantity: chance(0.8) ? 1 : 2 }));
      const unique = lines.filter((line, i) => lines.findIndex((l) => l.variantId === line.variantId) === i);
      const ageDays = (now - created) / DAY;
      const pending = ageDays < 3 && chance(0.3);
      const order = store.createOrder(shop, {
        customerId: customer.id,
        lineItems: unique,
        financialStatus: pending ? "pending" : "paid",
        shippingPrice: chance(0.5) ? "14.99" : "0",
        createdAt: at(created),
      });
      summary.orders++;

      if (!pending && ageDays > 2 && chance(0.03)) {
        store.cancel(shop, order.id, { at: at(created + 6 * 3_600_000), reason: chance(0.7) ? "customer" : "inventory" });
        summary.cancelled++;
        continue;
      }
      if (pending || ageDays < 1 || !chance(ageDays > 10 ? 0.97 : 0.7)) continue;

      const shippedAt = created + (0.5 + random() * 1.5) * DAY;
      const carrier = pick(CARRIERS);
      const number = `${carrier.company === "InPost" ? "6" : "0"}${Math.floor(100_000_000_000 + random() * 899_999_999_999)}`;
      const fulfillment = store.fulfill(shop, order.id, {
        at: at(shippedAt),
        tracking: { company: carrier.company, number, url: carrier.url(number) },
      });
      summary.fulfilled++;
      if (shippedAt + DAY < now) store.markInTransit(shop, fulfillment.id, at(shippedAt + 0.3 * DAY));
      const deliveredAt = shippedAt + (1 + random() * 3) * DAY;
      if (deliveredAt < now && chance(0.92)) {
        store.markDelivered(shop, fulfillment.id, at(deliveredAt));
        summary.delivered++;
        if (deliveredAt + 3 * DAY < now && chance(0.04)) {
          const line = fulfillment.lineItems[0];
          store.requestReturn(shop, order.id, [{ fulfillmentLineItemId: line.id, quantity: 1, returnReason: pick(["DEFECTIVE", "NOT_AS_DESCRIBED", "UNWANTED", "WRONG_ITEM"] as const), customerNote: null }]);
          summary.returns++;
        } else if (deliveredAt + 5 * DAY < now && chance(0.05)) {
          store.refund(shop, order.id, { at: at(deliveredAt + 5 * DAY), note: "Zwrot środków" });
          summary.refunded++;
        }
      }
    }
    return summary;
  });
}
