// Deterministic demo data for one shop: a Polish homeware catalogue whose items need care advice (with
// drawn product pictures, no network, English titles as the merchant's translations, stock levels with a few
// items sold out, four collections and the "pairs well with" lists a merchant sets in Search & Discovery),
// Polish and English customers with names as they are really written, and a year of PLN orders in every
// after-sales state (shipped, delivered, refunded, cancelled, returned).
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
  collections: number;
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

type Art =
  | "cloth"
  | "mug"
  | "plate"
  | "pan"
  | "pot"
  | "board"
  | "spoons"
  | "wallet"
  | "bag"
  | "blanket"
  | "plant"
  | "candle"
  | "can"
  | "knife"
  | "basket";

// The shop is Polish, so is its catalogue: names, variant names and descriptions (what it is, then how
// to look after it — the care advice Aftercare's messages build on). Tags stay machine-readable slugs.
const CATALOGUE: {
  title: string;
  /** The merchant's English translation of the title (Translate & Adapt); descriptions stay Polish. */
  en: string;
  type: string;
  price: number;
  variants?: string[];
  tags: string[];
  art: Art;
  about: string;
  care: string;
}[] = [
  {
    title: "Lniany obrus Mazury",
    en: "Mazury linen tablecloth",
    type: "Len",
    price: 189,
    variants: ["140×180 cm", "140×240 cm"],
    tags: ["linen", "wash-cold"],
    art: "cloth",
    about: "Obrus z grubego, stonowanego lnu, tkany w Polsce.",
    care: "Pierz w 30 °C bez wybielacza i prasuj lekko wilgotny — z każdym praniem staje się miększy.",
  },
  {
    title: "Lniana pościel Poranek",
    en: "Poranek linen bedding",
    type: "Len",
    price: 459,
    variants: ["160×200 cm", "200×220 cm"],
    tags: ["linen", "wash-cold"],
    art: "cloth",
    about: "Komplet pościeli z lnu pranego kamieniami: poszwa i dwie poszewki.",
    care: "Pierz w 40 °C i susz na sznurze; suszarka bębnowa skraca życie lnu.",
  },
  {
    title: "Kubek ceramiczny Glina",
    en: "Glina ceramic mug",
    type: "Ceramika",
    price: 59,
    variants: ["Grafit", "Piasek", "Mech"],
    tags: ["ceramics", "hand-wash"],
    art: "mug",
    about: "Ręcznie toczony kubek z kamionki, 350 ml — każdy jest trochę inny.",
    care: "Myj ręcznie, a szkliwo zachowa głębię koloru na lata.",
  },
  {
    title: "Talerz obiadowy z kamionki",
    en: "Stoneware dinner plate",
    type: "Ceramika",
    price: 79,
    tags: ["ceramics", "dishwasher-safe"],
    art: "plate",
    about: "Talerz o średnicy 27 cm z matowym brzegiem i szkliwionym środkiem.",
    care: "Można go myć w zmywarce i podgrzewać w kuchence mikrofalowej.",
  },
  {
    title: "Żeliwna patelnia 26 cm",
    en: "Cast-iron frying pan 26 cm",
    type: "Naczynia kuchenne",
    price: 249,
    tags: ["cast-iron", "season-after-use"],
    art: "pan",
    about: "Patelnia z litego żeliwa, wstępnie sezonowana olejem lnianym.",
    care: "Po każdym użyciu umyj ją gorącą wodą bez płynu, wysusz na ogniu i natrzyj cienką warstwą oleju.",
  },
  {
    title: "Żeliwny garnek emaliowany",
    en: "Enamelled cast-iron pot",
    type: "Naczynia kuchenne",
    price: 529,
    variants: ["3,8 l", "5,2 l"],
    tags: ["cast-iron", "season-after-use"],
    art: "pot",
    about: "Garnek do duszenia i pieczenia chleba, na każdą kuchenkę i do piekarnika do 250 °C.",
    care: "Nie stawiaj gorącego garnka na zimnym blacie i nie używaj metalowych drapaków.",
  },
  {
    title: "Deska do krojenia z dębu",
    en: "Oak chopping board",
    type: "Drewno kuchenne",
    price: 139,
    variants: ["Mała", "Duża"],
    tags: ["wood", "oil-monthly"],
    art: "board",
    about: "Deska z litego dębu, klejona krawędziowo.",
    care: "Myj ręcznie, nie mocz i raz w miesiącu natrzyj olejem do drewna.",
  },
  {
    title: "Łyżki do sałaty z drewna oliwnego",
    en: "Olive-wood salad servers",
    type: "Drewno kuchenne",
    price: 99,
    tags: ["wood", "oil-monthly"],
    art: "spoons",
    about: "Para łyżek z drewna oliwnego o wyraźnym usłojeniu.",
    care: "Myj ręcznie, wycieraj od razu i co miesiąc odśwież olejem.",
  },
  {
    title: "Skórzany portfel Rzemieślnik",
    en: "Rzemieślnik leather wallet",
    type: "Skóra",
    price: 219,
    variants: ["Brąz", "Czerń"],
    tags: ["leather", "condition"],
    art: "wallet",
    about: "Portfel ze skóry garbowanej roślinnie, szyty ręcznie woskowaną nicią.",
    care: "Co kilka miesięcy nałóż balsam do skóry i chroń go przed długim deszczem.",
  },
  {
    title: "Skórzana torba podróżna",
    en: "Leather travel bag",
    type: "Skóra",
    price: 899,
    tags: ["leather", "condition"],
    art: "bag",
    about: "Pojemna torba na weekend ze skóry licowej, z mosiężnymi okuciami.",
    care: "Pielęgnuj ją balsamem dwa razy w roku, a zmoczoną susz z dala od grzejnika.",
  },
  {
    title: "Wełniany koc Tatry",
    en: "Tatry wool blanket",
    type: "Wełna",
    price: 349,
    variants: ["Szary", "Beżowy"],
    tags: ["wool", "air-dry"],
    art: "blanket",
    about: "Koc z owczej wełny z góralskim wzorem, 130×200 cm.",
    care: "Zamiast prać, często go wietrz; pierz ręcznie w chłodnej wodzie i susz na płasko.",
  },
  {
    title: "Pled z wełny merino",
    en: "Merino wool throw",
    type: "Wełna",
    price: 429,
    tags: ["wool", "air-dry"],
    art: "blanket",
    about: "Miękki pled z cienkiej wełny merino, który nie gryzie.",
    care: "Pierz ręcznie w 30 °C z płynem do wełny i susz rozłożony na ręczniku.",
  },
  {
    title: "Monstera w donicy",
    en: "Monstera in a pot",
    type: "Rośliny",
    price: 159,
    variants: ["M", "L"],
    tags: ["plant", "water-weekly"],
    art: "plant",
    about: "Monstera dziurawa w ceramicznej donicy, gotowa do postawienia w jasnym miejscu bez ostrego słońca.",
    care: "Podlewaj raz w tygodniu, gdy wierzchnia warstwa ziemi przeschnie.",
  },
  {
    title: "Sansewieria (wężownica)",
    en: "Snake plant (sansevieria)",
    type: "Rośliny",
    price: 89,
    tags: ["plant", "water-monthly"],
    art: "plant",
    about: "Niemal niezniszczalna roślina do sypialni i biura.",
    care: "Podlewaj raz w miesiącu — nadmiar wody szkodzi jej bardziej niż susza.",
  },
  {
    title: "Świeca sojowa Las",
    en: "Las soy candle",
    type: "Świece",
    price: 69,
    variants: ["200 g", "400 g"],
    tags: ["candle", "trim-wick"],
    art: "candle",
    about: "Świeca z wosku sojowego o zapachu igliwia i mchu, z bawełnianym knotem.",
    care: "Przed każdym zapaleniem przytnij knot do 5 mm i pal ją co najmniej godzinę.",
  },
  {
    title: "Miedziana konewka",
    en: "Copper watering can",
    type: "Ogród",
    price: 199,
    tags: ["copper", "polish"],
    art: "can",
    about: "Konewka z miedzi z długą szyjką do roślin doniczkowych, 1,5 l.",
    care: "Patyna to naturalna ochrona; jeśli wolisz połysk, poleruj ją pastą do miedzi.",
  },
  {
    title: "Noże kuchenne ze stali węglowej",
    en: "Carbon-steel kitchen knives",
    type: "Noże",
    price: 379,
    tags: ["carbon-steel", "dry-immediately"],
    art: "knife",
    about: "Zestaw trzech noży ze stali węglowej, które długo trzymają ostrość.",
    care: "Myj ręcznie, wycieraj do sucha od razu, a ostrza czasem natrzyj olejem.",
  },
  {
    title: "Ręczniki bambusowe",
    en: "Bamboo towels",
    type: "Tekstylia",
    price: 169,
    variants: ["Biały", "Szałwia"],
    tags: ["bamboo", "wash-warm"],
    art: "cloth",
    about: "Dwa ręczniki z włókna bambusowego, chłonne i szybkoschnące.",
    care: "Pierz w 40 °C bez płynu zmiękczającego, który zmniejsza chłonność.",
  },
  {
    title: "Jedwabna poszewka na poduszkę",
    en: "Silk pillowcase",
    type: "Tekstylia",
    price: 149,
    variants: ["50×60 cm", "70×80 cm"],
    tags: ["silk", "hand-wash"],
    art: "cloth",
    about: "Poszewka z jedwabiu morwowego, delikatna dla włosów i skóry.",
    care: "Pierz ręcznie w letniej wodzie i susz w cieniu.",
  },
  {
    title: "Kosz z rattanu",
    en: "Rattan basket",
    type: "Dom",
    price: 119,
    variants: ["S", "M", "L"],
    tags: ["rattan", "dust-dry"],
    art: "basket",
    about: "Pleciony kosz na koce, zabawki albo drewno do kominka.",
    care: "Odkurzaj go miękką szczotką; rattan nie lubi długiej wilgoci.",
  },
];

/** Manual collections of the catalogue (items by title), each with the merchant's English title. */
const COLLECTIONS: { title: string; en: string; description: string; items: string[] }[] = [
  {
    title: "Kuchnia i stół",
    en: "Kitchen and table",
    description: "Naczynia, deski i noże, które przy dobrej pielęgnacji służą pokoleniom.",
    items: [
      "Żeliwna patelnia 26 cm",
      "Żeliwny garnek emaliowany",
      "Deska do krojenia z dębu",
      "Łyżki do sałaty z drewna oliwnego",
      "Noże kuchenne ze stali węglowej",
      "Kubek ceramiczny Glina",
      "Talerz obiadowy z kamionki",
      "Lniany obrus Mazury",
    ],
  },
  {
    title: "Sypialnia i tekstylia",
    en: "Bedroom and textiles",
    description: "Len, wełna, jedwab i bambus — naturalne włókna na co dzień.",
    items: [
      "Lniana pościel Poranek",
      "Jedwabna poszewka na poduszkę",
      "Wełniany koc Tatry",
      "Pled z wełny merino",
      "Ręczniki bambusowe",
      "Lniany obrus Mazury",
    ],
  },
  {
    title: "Rośliny i ogród",
    en: "Plants and garden",
    description: "Rośliny do domu i to, czego potrzebują.",
    items: ["Monstera w donicy", "Sansewieria (wężownica)", "Miedziana konewka"],
  },
  {
    title: "Na prezent",
    en: "Gift ideas",
    description: "Rzeczy, które cieszą długo.",
    items: [
      "Skórzany portfel Rzemieślnik",
      "Skórzana torba podróżna",
      "Świeca sojowa Las",
      "Kubek ceramiczny Glina",
      "Wełniany koc Tatry",
      "Kosz z rattanu",
    ],
  },
];

/**
 * "Pairs well with" lists a merchant sets in the Search & Discovery app, kept where that app keeps them: the
 * product metafield shopify--discovery--product_recommendation.complementary_products (list.product_reference).
 * Products not named here have none.
 */
const COMPLEMENTARY: Record<string, string[]> = {
  "Lniany obrus Mazury": ["Talerz obiadowy z kamionki", "Świeca sojowa Las"],
  "Lniana pościel Poranek": ["Jedwabna poszewka na poduszkę", "Pled z wełny merino"],
  "Kubek ceramiczny Glina": ["Talerz obiadowy z kamionki", "Świeca sojowa Las"],
  "Talerz obiadowy z kamionki": ["Kubek ceramiczny Glina", "Lniany obrus Mazury"],
  "Żeliwna patelnia 26 cm": ["Deska do krojenia z dębu", "Noże kuchenne ze stali węglowej", "Łyżki do sałaty z drewna oliwnego"],
  "Żeliwny garnek emaliowany": ["Deska do krojenia z dębu", "Noże kuchenne ze stali węglowej"],
  "Deska do krojenia z dębu": ["Noże kuchenne ze stali węglowej", "Łyżki do sałaty z drewna oliwnego"],
  "Skórzany portfel Rzemieślnik": ["Skórzana torba podróżna"],
  "Skórzana torba podróżna": ["Skórzany portfel Rzemieślnik"],
  "Wełniany koc Tatry": ["Świeca sojowa Las", "Kosz z rattanu"],
  "Monstera w donicy": ["Miedziana konewka"],
  "Sansewieria (wężownica)": ["Miedziana konewka"],
  "Miedziana konewka": ["Monstera w donicy", "Sansewieria (wężownica)"],
  "Noże kuchenne ze stali węglowej": ["Deska do krojenia z dębu"],
};

export const COMPLEMENTARY_NAMESPACE = "shopify--discovery--product_recommendation";
export const COMPLEMENTARY_KEY = "complementary_products";

/** Sold out: every variant of these, and the one variant named per product here. */
const SOLD_OUT = new Set(["Skórzana torba podróżna", "Pled z wełny merino"]);
const SOLD_OUT_VARIANTS: Record<string, string> = { "Kubek ceramiczny Glina": "Mech" };

/** A product picture without the network: a small SVG drawing as a data: URI (light ground, one colour). */
function productArt(art: Art, index: number): string {
  const grounds = ["#f3efe7", "#e9efe9", "#eef0f5", "#f5ece8"];
  const inks = ["#5b4a3a", "#3f5a4a", "#3d4a66", "#7a4636"];
  const ink = inks[index % inks.length];
  const shapes: Record<Art, string> = {
    cloth: `<rect x="50" y="128" width="140" height="30" rx="6"/><rect x="58" y="98" width="124" height="30" rx="6" opacity=".75"/><rect x="66" y="68" width="108" height="30" rx="6"/><path d="M66 83h108" stroke="#fff" stroke-width="3" opacity=".6"/>`,
    mug: `<rect x="66" y="72" width="84" height="100" rx="14"/><path d="M150 96h12a22 22 0 0 1 0 44h-12" fill="none" stroke="${ink}" stroke-width="12"/>`,
    plate: `<circle cx="120" cy="120" r="74"/><circle cx="120" cy="120" r="48" fill="#fff" opacity=".35"/>`,
    pan: `<circle cx="104" cy="124" r="58"/><rect x="158" y="116" width="64" height="16" rx="8"/><circle cx="104" cy="124" r="42" fill="#000" opacity=".2"/>`,
    pot: `<rect x="52" y="96" width="136" height="84" rx="18"/><ellipse cx="120" cy="92" rx="72" ry="12"/><rect x="108" y="70" width="24" height="14" rx="6"/><rect x="34" y="108" width="22" height="14" rx="6"/><rect x="184" y="108" width="22" height="14" rx="6"/>`,
    board: `<rect x="46" y="70" width="130" height="110" rx="14"/><rect x="172" y="112" width="40" height="26" rx="12"/><circle cx="198" cy="125" r="6" fill="#fff"/>`,
    spoons: `<ellipse cx="92" cy="78" rx="22" ry="30"/><rect x="86" y="100" width="12" height="96" rx="6"/><ellipse cx="148" cy="78" rx="22" ry="30"/><rect x="142" y="100" width="12" height="96" rx="6"/>`,
    wallet: `<rect x="50" y="76" width="140" height="96" rx="12"/><path d="M50 108h140" stroke="#fff" stroke-width="3" opacity=".5"/><circle cx="170" cy="124" r="7" fill="#d9b45a"/>`,
    bag: `<path d="M60 104h120l-12 80H72z"/><path d="M92 104v-18a28 28 0 0 1 56 0v18" fill="none" stroke="${ink}" stroke-width="10"/>`,
    blanket: `<rect x="48" y="60" width="144" height="124" rx="8"/><path d="M48 96l18-12 18 12 18-12 18 12 18-12 18 12 18-12 18 12M48 150l18-12 18 12 18-12 18 12 18-12 18 12 18-12 18 12" fill="none" stroke="#fff" stroke-width="4" opacity=".6"/>`,
    plant: `<path d="M84 150h72l-8 44H92z"/><path d="M120 150V96" stroke="${ink}" stroke-width="6"/><ellipse cx="96" cy="104" rx="14" ry="34" transform="rotate(-35 96 104)"/><ellipse cx="144" cy="100" rx="14" ry="38" transform="rotate(30 144 100)"/><ellipse cx="120" cy="78" rx="12" ry="30"/>`,
    candle: `<rect x="78" y="96" width="84" height="92" rx="10"/><path d="M120 96V80" stroke="${ink}" stroke-width="4"/><path d="M120 48c12 14 12 26 0 32-12-6-12-18 0-32z" fill="#e3a13b"/>`,
    can: `<rect x="76" y="96" width="88" height="84" rx="12"/><path d="M164 120l44-40" stroke="${ink}" stroke-width="12" stroke-linecap="round"/><path d="M76 120a30 30 0 0 1 0-40" fill="none" stroke="${ink}" stroke-width="10"/>`,
    knife: `<path d="M26 136C58 100 116 96 158 96v40H26z"/><rect x="158" y="100" width="58" height="32" rx="10" opacity=".75"/><circle cx="176" cy="116" r="4" fill="#fff"/><circle cx="198" cy="116" r="4" fill="#fff"/>`,
    basket: `<path d="M56 96h128l-14 92H70z"/><path d="M62 124h116M66 152h108M100 96l-6 92M140 96l6 92" stroke="#fff" stroke-width="4" opacity=".5"/>`,
  };
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 240 240"><rect width="240" height="240" fill="${grounds[index % grounds.length]}"/><g fill="${ink}">${shapes[art]}</g></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

const POLISH_FIRST = [
  "Anna",
  "Katarzyna",
  "Małgorzata",
  "Agnieszka",
  "Joanna",
  "Zofia",
  "Piotr",
  "Krzysztof",
  "Tomasz",
  "Paweł",
  "Michał",
  "Łukasz",
  "Jakub",
  "Marta",
  "Ewa",
  "Wojciech",
];
const POLISH_WOMEN = new Set(["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Joanna", "Zofia", "Marta", "Ewa"]);
const POLISH_LAST = [
  "Nowak",
  "Kowalski",
  "Wiśniewski",
  "Wójcik",
  "Kamiński",
  "Lewandowski",
  "Zieliński",
  "Szymański",
  "Woźniak",
  "Dąbrowski",
  "Kozłowski",
  "Jankowski",
];

/**
 * Polish surnames that are adjectives agree with the bearer: a woman is Kowalska, Zielińska, Górecka, Czarna;
 * noun surnames (Nowak, Wójcik, Woźniak) are the same for everyone.
 */
export function polishSurname(surname: string, woman: boolean): string {
  if (!woman) return surname;
  return surname.replace(/([sc]k|dzk)i$/, "$1a").replace(/([nłr])y$/, "$1a");
}
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
  const summary: SeedSummary = {
    products: 0,
    collections: 0,
    customers: 0,
    orders: 0,
    fulfilled: 0,
    delivered: 0,
    refunded: 0,
    cancelled: 0,
    returns: 0,
  };

  store.upsertShop(shop, {
    name: "Dom i Pielęgnacja",
    email: "sklep@dom-i-pielegnacja.example",
    ianaTimezone: "Europe/Warsaw",
    currencyCode: "PLN",
    country: "PL",
    locale: "pl",
  });

  return store.withoutEvents(() => {
    const products: ProductRecord[] = CATALOGUE.map((item, index) => {
      summary.products++;
      const skuBase = asciiFold(item.type)
        .replace(/[^a-z]/g, "")
        .slice(0, 4)
        .toUpperCase();
      return store.createProduct(shop, {
        title: item.title,
        productType: item.type,
        vendor: "Dom i Pielęgnacja",
        tags: item.tags,
        description: `${item.about}\n\nPielęgnacja: ${item.care.charAt(0).toLowerCase()}${item.care.slice(1)}`,
        image: { url: productArt(item.art, index), altText: item.title },
        translations: { en: { title: item.en } },
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
      const surname = pick(polish ? POLISH_LAST : ENGLISH_LAST);
      const lastName = polish ? polishSurname(surname, POLISH_WOMEN.has(firstName)) : surname;
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
          address: {
            firstName,
            lastName,
            address1: `ul. Ogrodowa ${1 + Math.floor(random() * 90)}`,
            city: place.city,
            zip: place.zip,
            country: "Poland",
            countryCode: "PL",
            phone: null,
          },
        }),
      );
      summary.customers++;
    }

    const orderTimes = Array.from({ length: options.orders ?? 1000 }, () => now - Math.floor(random() * 365 * DAY)).sort((a, b) => a - b);
    for (const created of orderTimes) {
      const eligible = customers.filter((c) => Date.parse(c.createdAt) <= created);
      const customer = eligible.length > 0 ? pick(eligible) : customers[0];
      const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        variantId: pick(variants),
        quantity: chance(0.8) ? 1 : 2,
      }));
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
          store.requestReturn(shop, order.id, [
            {
              fulfillmentLineItemId: line.id,
              quantity: 1,
              returnReason: pick(["DEFECTIVE", "NOT_AS_DESCRIBED", "UNWANTED", "WRONG_ITEM"] as const),
              customerNote: null,
            },
          ]);
          summary.returns++;
        } else if (deliveredAt + 5 * DAY < now && chance(0.05)) {
          store.refund(shop, order.id, { at: at(deliveredAt + 5 * DAY), note: "Zwrot środków" });
          summary.refunded++;
        }
      }
    }
    // Merchandising and stock come last, so the ids and random draws of everything above stay as they were.
    const byTitle = (title: string) => {
      const product = products.find((p) => p.title === title);
      if (!product) throw new Error(`seed: no product titled ${title}`);
      return product;
    };
    for (const collection of COLLECTIONS) {
      store.createCollection(shop, {
        title: collection.title,
        description: collection.description,
        productIds: collection.items.map((title) => byTitle(title).id),
        translations: { en: { title: collection.en } },
      });
      summary.collections++;
    }
    for (const [title, pairs] of Object.entries(COMPLEMENTARY)) {
      store.setMetafield(shop, {
        ownerId: byTitle(title).id,
        namespace: COMPLEMENTARY_NAMESPACE,
        key: COMPLEMENTARY_KEY,
        type: "list.product_reference",
        value: JSON.stringify(pairs.map((pair) => byTitle(pair).id)),
      });
    }
    // Stock counted after a year of sales: a few units to a few dozen of each variant, some sold out.
    products.forEach((product, index) => {
      product.variantIds.forEach((variantId, v) => {
        const variant = store.shopData(shop).variants[variantId];
        const soldOut = SOLD_OUT.has(product.title) || SOLD_OUT_VARIANTS[product.title] === variant.title;
        store.setInventoryQuantity(shop, variantId, soldOut ? 0 : 3 + ((index * 7 + v * 5) % 29));
      });
    });
    return summary;
  });
}
