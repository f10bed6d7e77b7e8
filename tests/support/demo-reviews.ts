// The demo shop's product reviews: once the history import is in, several products get believable
// reviews, written the way they reach a real shop. Most come from the seeded customers' delivered
// past orders, through the review form their request email links to (POST /r/<token>, the order's
// signed link): verified buyer reviews, on the orders' timelines, published by the default
// auto-publish rule (4★ and up) or held for a look (3★ and below). The merchant then does what a
// merchant does in the admin (the review page's actions, with a session token as App Bridge sends
// it): publishes most of the held ones, answers a few in public and leaves one waiting in the queue;
// and imports a few older reviews from a CSV (unverified, labelled imported). The app's jobs write
// the products' rating metafields to the Shopify double, which the storefront's review blocks read;
// the seeding waits for them. Every start checks again, and each step looks at what is already
// there first, so a start interrupted half-way is finished by the next one and a completed seeding
// adds nothing (nor undoes what the merchant did since: only reviews nobody moderated are published).
import { stringify } from "csv-stringify/sync";
import { createDb, type Db } from "../../app/platform/db.server";
import { reviewToken } from "../../app/reviews/links";
import { publicAuthor, summarize } from "../../app/reviews/rules";
import { historyImported } from "./history-import";
import { appDataRequest, BROWSER_USER_AGENT } from "./app-data-request";
import type { Stack } from "./stack";
import { waitForValue } from "./wait";

type Lang = "pl" | "en";
type Rating = 1 | 2 | 3 | 4 | 5;

/** A review a seeded customer writes through their order's link. */
export interface DemoReview {
  /** The product's title in the demo catalogue. */
  product: string;
  rating: Rating;
  /** The language it is written in; the writer is a customer with that locale. */
  lang: Lang;
  title: string;
  body: string;
  /** The merchant's public reply. */
  reply?: string;
  /** A held review (3★ or below) the merchant publishes; a held one without it stays in the queue. */
  publish?: boolean;
}

/** A review from the shop's previous review widget, brought in with the CSV import (never verified). */
export interface ImportedDemoReview {
  product: string;
  rating: Rating;
  lang: Lang;
  title: string;
  body: string;
  author: string;
  /** How long before the app's installation it was written. */
  daysBefore: number;
  reply?: string;
}

export const DEMO_REVIEWS: DemoReview[] = [
  // The banner's product page: the first product of the catalogue.
  {
    product: "Lniany obrus Mazury",
    rating: 5,
    lang: "pl",
    title: "Piękny, gruby len",
    body: "Porządny, ciężki len w stonowanym kolorze. Po pierwszym praniu zrobił się jeszcze miększy, a na świątecznym stole wyglądał przepięknie.",
    reply: "Dziękujemy! Len z każdym praniem będzie jeszcze ładniejszy — prosimy tylko pamiętać o 30 °C i braku wybielacza.",
  },
  {
    product: "Lniany obrus Mazury",
    rating: 5,
    lang: "en",
    title: "Beautiful, heavy linen",
    body: "Bought the 140×240 cm one for our dining table. The weave is lovely and it drapes well. Washed it at 30 °C as advised and it came out softer.",
  },
  {
    product: "Lniany obrus Mazury",
    rating: 4,
    lang: "pl",
    title: "Ładny, ale trzeba go prasować",
    body: "Obrus bardzo ładny, tylko najlepiej prasować go lekko wilgotny, inaczej zostają zagniecenia. Taki już urok lnu.",
  },
  {
    product: "Lniany obrus Mazury",
    rating: 5,
    lang: "pl",
    title: "Polecam",
    body: "Szybka wysyłka, obrus dokładnie taki jak na zdjęciu. Na pewno kupię drugi, na prezent dla siostry.",
  },
  {
    product: "Lniany obrus Mazury",
    rating: 4,
    lang: "en",
    title: "Good quality",
    body: "Nice thick linen. It shrank a little after the first wash (about 2 cm), so keep that in mind when choosing the size.",
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 5,
    lang: "pl",
    title: "Każdy inny i to jest piękne",
    body: "Zamówiłam trzy kolory — grafitowy jest moim ulubionym. Kubek długo trzyma ciepło, a ucho jest bardzo wygodne.",
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 5,
    lang: "en",
    title: "My favourite mug now",
    body: "Holds a proper amount of tea and feels great in the hand. The Mech glaze is gorgeous in daylight.",
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 4,
    lang: "pl",
    title: "Ładny, trochę mniejszy, niż myślałam",
    body: "Spodziewałam się większego, ale 350 ml to w sam raz na poranną kawę. Szkliwo bez zarzutu.",
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 2,
    lang: "pl",
    title: "Przyszedł wyszczerbiony",
    body: "Kubek dotarł z małym wyszczerbieniem na brzegu. Szkoda, bo sam w sobie jest bardzo ładny.",
    reply: "Bardzo nam przykro! Napisaliśmy do Pani e-mail — wyślemy nowy kubek bez żadnych kosztów, a ten prosimy zatrzymać.",
    publish: true,
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 5,
    lang: "pl",
    title: "Idealny prezent",
    body: "Kupiony dla mamy, która jest zachwycona. Bardzo starannie zapakowany.",
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 3,
    lang: "pl",
    title: "Lekko się chwieje",
    body: "Kubek ładny, ale chwieje się na stole, bo dno jest odrobinę nierówne. Rozumiem, że to ręczna robota.",
    publish: true,
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 4,
    lang: "en",
    title: "Lovely glaze",
    body: "The glaze is even and the colour is true to the photo. Hand-washing only is a small hassle, but worth it.",
  },
  {
    product: "Żeliwna patelnia 26 cm",
    rating: 5,
    lang: "pl",
    title: "Na lata",
    body: "Fabrycznie sezonowana, od razu można smażyć. Steki wychodzą jak z restauracji.",
  },
  {
    product: "Żeliwna patelnia 26 cm",
    rating: 5,
    lang: "en",
    title: "Proper cast iron",
    body: "Heavy, heats evenly and the pre-seasoning is decent. Follow the care tips and it only gets better.",
  },
  {
    product: "Żeliwna patelnia 26 cm",
    rating: 1,
    lang: "pl",
    title: "Pojawiła się rdza",
    body: "Po tygodniu na dnie pojawiły się rdzawe plamy. Jestem rozczarowany, spodziewałem się więcej po takiej cenie.",
    reply:
      "Przykro nam. Rdza na żeliwie to zwykle znak, że patelnia została po myciu odstawiona mokra: wystarczy ją wyszorować, wysuszyć na ogniu i natrzeć cienko olejem. Instrukcję wysłaliśmy e-mailem — jeśli to nie pomoże, wymienimy patelnię.",
    publish: true,
  },
  {
    product: "Żeliwna patelnia 26 cm",
    rating: 4,
    lang: "pl",
    title: "Ciężka, ale świetna",
    body: "Waży swoje i trzeba ją trzymać oburącz, ale smaży rewelacyjnie i równo.",
  },
  {
    product: "Wełniany koc Tatry",
    rating: 5,
    lang: "pl",
    title: "Ciepły i piękny",
    body: "Góralski wzór wygląda świetnie na kanapie. Nie gryzie tak, jak się obawiałam.",
  },
  {
    product: "Wełniany koc Tatry",
    rating: 4,
    lang: "pl",
    title: "Bardzo ciepły",
    body: "Koc bardzo ciepły, przy gołej skórze trochę gryzie, ale narzucony na kołdrę jest idealny.",
  },
  {
    product: "Wełniany koc Tatry",
    rating: 5,
    lang: "en",
    title: "Cosy winter evenings",
    body: "Warm, well made, and the grey goes with everything. Airing it out really does work better than washing.",
  },
  {
    product: "Wełniany koc Tatry",
    rating: 5,
    lang: "pl",
    title: "Prezent dla taty",
    body: "Tata zachwycony — mówi, że jak prosto z Zakopanego.",
  },
  // The one left in the moderation queue.
  {
    product: "Wełniany koc Tatry",
    rating: 3,
    lang: "en",
    title: "Smaller than I expected",
    body: "Lovely wool, but 130×200 cm is a bit short to cover two people on the sofa. Check the size before you order.",
  },
  {
    product: "Świeca sojowa Las",
    rating: 5,
    lang: "pl",
    title: "Pachnie jak las po deszczu",
    body: "Zapach naturalny, nie duszący. Pali się równo i nie kopci.",
  },
  {
    product: "Świeca sojowa Las",
    rating: 4,
    lang: "pl",
    title: "Ładny zapach",
    body: "W sypialni czuć go świetnie, w dużym salonie trochę słabiej. Chętnie kupiłabym mocniejszą wersję.",
  },
  {
    product: "Świeca sojowa Las",
    rating: 5,
    lang: "en",
    title: "Smells like a forest walk",
    body: "A subtle pine and moss scent that burns clean. The 400 g one lasts for ages.",
  },
  {
    product: "Świeca sojowa Las",
    rating: 3,
    lang: "pl",
    title: "Wypaliła się tunelem",
    body: "Świeca wypaliła się dołkiem w środku. Możliwe, że za pierwszym razem paliłam ją za krótko.",
    reply:
      "Dziękujemy za opinię! Przy pierwszym paleniu warto poczekać, aż roztopi się cała powierzchnia (około dwóch godzin) — wtedy świeca pali się równo do końca.",
    publish: true,
  },
  {
    product: "Deska do krojenia z dębu",
    rating: 5,
    lang: "pl",
    title: "Solidna robota",
    body: "Gruba, stabilna deska, nie przesuwa się po blacie. Po naolejowaniu wygląda przepięknie.",
  },
  {
    product: "Deska do krojenia z dębu",
    rating: 5,
    lang: "en",
    title: "Beautiful oak board",
    body: "Heavy and solid, with perfectly even edges. Oil it once a month and it still looks new.",
    reply: "Thank you! Happy chopping — and well done on the monthly oiling.",
  },
  {
    product: "Deska do krojenia z dębu",
    rating: 4,
    lang: "pl",
    title: "Duża jest naprawdę duża",
    body: "Wzięłam dużą i zajmuje pół blatu, ale do krojenia chleba jest idealna.",
  },
  {
    product: "Monstera w donicy",
    rating: 5,
    lang: "pl",
    title: "Dotarła w świetnym stanie",
    body: "Bałem się wysyłki rośliny, ale była świetnie zabezpieczona. Po miesiącu wypuściła nowy liść.",
  },
  {
    product: "Monstera w donicy",
    rating: 4,
    lang: "en",
    title: "Healthy plant",
    body: "Arrived healthy. A couple of leaves were bent in transport but recovered within a week.",
  },
  {
    product: "Monstera w donicy",
    rating: 5,
    lang: "pl",
    title: "Piękna i zdrowa",
    body: "Duża, zdrowa roślina, a donica też bardzo ładna. Polecam rozmiar L.",
  },
  {
    product: "Noże kuchenne ze stali węglowej",
    rating: 5,
    lang: "en",
    title: "Seriously sharp",
    body: "Sharp enough to slice paper out of the box. Dry them right after washing and they stay perfect.",
  },
  {
    product: "Noże kuchenne ze stali węglowej",
    rating: 5,
    lang: "pl",
    title: "Ostre jak brzytwa",
    body: "Kroją pomidory bez nacisku. Trzeba pamiętać o wycieraniu do sucha, ale naprawdę warto.",
  },
  {
    product: "Noże kuchenne ze stali węglowej",
    rating: 4,
    lang: "pl",
    title: "Ciemnieją, ale tak ma być",
    body: "Ostrza nabierają patyny — tak po prostu ma stal węglowa. Ostrość bez zarzutu.",
  },
];

export const IMPORTED_DEMO_REVIEWS: ImportedDemoReview[] = [
  {
    product: "Lniany obrus Mazury",
    rating: 5,
    lang: "pl",
    title: "Najpiękniejszy obrus, jaki mieliśmy",
    body: "Kupiony jeszcze w starym sklepie, po dwóch latach wciąż wygląda świetnie.",
    author: "Magda W.",
    daysBefore: 210,
  },
  {
    product: "Kubek ceramiczny Glina",
    rating: 4,
    lang: "en",
    title: "Sweet little mug",
    body: "Lovely handmade feel. Mine has a tiny glaze drip, which I actually like.",
    author: "Emily R.",
    daysBefore: 160,
  },
  {
    product: "Żeliwna patelnia 26 cm",
    rating: 5,
    lang: "pl",
    title: "Mam ją od lat",
    body: "Najlepsza patelnia w mojej kuchni. Im starsza, tym lepsza.",
    author: "Krzysztof",
    daysBefore: 300,
    reply: "Dziękujemy, Panie Krzysztofie — dokładnie tak działa żeliwo!",
  },
  {
    product: "Kosz z rattanu",
    rating: 5,
    lang: "pl",
    title: "Porządek w salonie",
    body: "Trzymamy w nim koce i wreszcie nie leżą na kanapie. Mocno spleciony, nic nie odstaje.",
    author: "Joanna K.",
    daysBefore: 120,
  },
  {
    product: "Kosz z rattanu",
    rating: 4,
    lang: "pl",
    title: "Ładny, ale pachnie",
    body: "Na początku czuć było wyraźnie zapach rattanu, po tygodniu wywietrzał. Kosz bardzo ładny.",
    author: "Paweł",
    daysBefore: 95,
  },
  {
    product: "Kosz z rattanu",
    rating: 5,
    lang: "en",
    title: "Perfect for firewood",
    body: "The L size holds a good week of logs by the fireplace. Sturdy handles.",
    author: "Tom H.",
    daysBefore: 60,
  },
];

export interface DemoReviewsSeeding {
  /** Reviews written, published, answered or imported by this run. */
  changes: number;
  /** Demo reviews in the shop now (from both sources), and on how many products. */
  reviews: number;
  products: number;
  verified: number;
  imported: number;
  /** Waiting for the merchant in the queue. */
  pending: number;
  /** Planned reviews no suitable order was found for (the seeded shop always has them: 0). */
  missing: number;
}

type SeedStack = Pick<Stack, "files" | "shop" | "apiKey" | "apiSecret" | "urls" | "store" | "customer" | "clock">;

const DAY = 86_400_000;
/** A review is written a while after the parcel came: orders delivered this long before the install at least… */
const MIN_DAYS_AFTER_DELIVERY = 10;
/** …and not longer ago than this. */
const MAX_DAYS_AFTER_DELIVERY = 200;
/** How long the products' metafields may take to follow (the app's jobs run at once; this is generous). */
const METAFIELDS_TIMEOUT_MS = 120_000;

function openAppDb(stack: Pick<Stack, "files">): Db {
  return createDb(`file:${stack.files.database}`);
}

const numeric = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

/**
 * Once the history import is complete, gives the demo products their reviews (what is not there yet)
 * and waits until the products' rating metafields in the double say what the published reviews say.
 * Resolves with the demo's reviews, or null when this run had nothing to add.
 */
export async function seedDemoReviews(stack: SeedStack, signal: AbortSignal): Promise<DemoReviewsSeeding | null> {
  await historyImported(stack.files.database, 120_000);
  if (signal.aborted) return null;
  const db = openAppDb(stack);
  try {
    const shopRow = await db.shop.findUnique({ where: { shop: stack.shop }, select: { installedAt: true } });
    if (!shopRow) throw new Error(`the app does not know ${stack.shop}`);
    const products = productsByTitle(stack);
    const productGid = (title: string) => {
      const gid = products.get(title);
      if (!gid) throw new Error(`the demo shop has no product "${title}"`);
      return gid;
    };
    let changes = 0;
    let missing = 0;

    // 1. The customers write their reviews through their orders' links.
    const written = new Map<DemoReview, string>();
    const candidates = await reviewableOrders(db, stack, shopRow.installedAt);
    const used = new Set(
      (await db.review.findMany({ where: { shop: stack.shop, customerGid: { not: null } }, select: { customerGid: true } })).map(
        (r) => r.customerGid!,
      ),
    );
    for (const planned of DEMO_REVIEWS) {
      if (signal.aborted) return null;
      const gid = productGid(planned.product);
      const existing = await db.review.findFirst({
        where: { shop: stack.shop, productGid: gid, source: "email", title: planned.title },
        select: { id: true },
      });
      if (existing) {
        written.set(planned, existing.id);
        continue;
      }
      const order = candidates.find(
        (o) => o.lang === planned.lang && !used.has(o.customerGid) && o.lines.some((l) => l.productGid === gid),
      );
      if (!order) {
        missing++;
        continue;
      }
      used.add(order.customerGid);
      const line = order.lines.find((l) => l.productGid === gid)!;
      await submitThroughForm(stack, order, line.lineItemGid, planned);
      const review = await db.review.findUnique({
        where: { shop_orderGid_lineItemGid: { shop: stack.shop, orderGid: order.orderGid, lineItemGid: line.lineItemGid } },
        select: { id: true },
      });
      if (!review) throw new Error(`the review form took the review of ${order.name} but no review is stored`);
      written.set(planned, review.id);
      changes++;
    }

    // 2. The merchant answers some in public, and publishes the held ones they decided to (a review
    // someone already moderated is left as it is: publishing sets heldFor to null, unpublishing to manual).
    for (const [planned, id] of written) {
      if (signal.aborted) return null;
      if (!planned.reply) continue;
      const review = await db.review.findFirst({ where: { shop: stack.shop, id }, select: { reply: true } });
      const answeredBefore = await db.afterSalesEvent.count({
        where: { shop: stack.shop, type: "review.replied", detail: { contains: `"reviewId":"${id}"` } },
      });
      if (review?.reply || answeredBefore) continue;
      if (await reviewAction(stack, id, { intent: "reply", reply: planned.reply })) changes++;
    }
    for (const [planned, id] of written) {
      if (signal.aborted) return null;
      if (!planned.publish) continue;
      const review = await db.review.findFirst({ where: { shop: stack.shop, id }, select: { status: true, heldFor: true } });
      if (review?.status !== "pending" || review.heldFor !== "low_rating") continue;
      if (await reviewAction(stack, id, { intent: "publish" })) changes++;
    }

    // 3. Older reviews from the shop's previous widget, imported from a CSV (the same file twice adds nothing).
    const csv = importFile(stack, shopRow.installedAt, productGid);
    const imported = await importThroughAdmin(stack, csv);
    changes += imported;

    // 4. The products' metafields, as the storefront reads them.
    const gids = [...new Set([...DEMO_REVIEWS, ...IMPORTED_DEMO_REVIEWS].map((r) => productGid(r.product)))];
    await metafieldsFollow(db, stack, gids, signal);

    const rows = await db.review.findMany({
      where: { shop: stack.shop, productGid: { in: gids } },
      select: { productGid: true, verified: true, status: true },
    });
    const seeding: DemoReviewsSeeding = {
      changes,
      reviews: rows.length,
      products: new Set(rows.map((r) => r.productGid)).size,
      verified: rows.filter((r) => r.verified).length,
      imported: rows.filter((r) => !r.verified).length,
      pending: rows.filter((r) => r.status === "pending").length,
      missing,
    };
    return changes > 0 || missing > 0 ? seeding : null;
  } finally {
    await db.$disconnect();
  }
}

function productsByTitle(stack: Pick<Stack, "store" | "shop">): Map<string, string> {
  return new Map(Object.values(stack.store.shopData(stack.shop).products).map((p) => [p.title, p.id]));
}

interface ReviewableOrder {
  orderGid: string;
  name: string;
  customerGid: string;
  author: string;
  lang: Lang;
  lines: { lineItemGid: string; productGid: string }[];
}

/**
 * The seeded customers' past orders a review can come from: paid (nothing refunded), delivered a while
 * before the install and not returned, of customers with a name and an email other than the featured
 * shopper (whose own story the live orders tell). Most recently delivered first; stable across starts.
 */
async function reviewableOrders(db: Db, stack: SeedStack, installedAt: Date): Promise<ReviewableOrder[]> {
  const orders = await db.order.findMany({
    where: {
      shop: stack.shop,
      cancelledAt: null,
      financialStatus: "paid",
      customerGid: { not: null },
      NOT: { customerGid: stack.customer.id },
      deliveredAt: {
        gte: new Date(installedAt.getTime() - MAX_DAYS_AFTER_DELIVERY * DAY),
        lte: new Date(installedAt.getTime() - MIN_DAYS_AFTER_DELIVERY * DAY),
      },
    },
    select: { orderGid: true, name: true, customerGid: true, deliveredAt: true },
    orderBy: [{ deliveredAt: "desc" }, { orderGid: "asc" }],
  });
  const customers = new Map(
    (
      await db.customer.findMany({
        where: { shop: stack.shop, customerGid: { in: [...new Set(orders.map((o) => o.customerGid!))] } },
        select: { customerGid: true, firstName: true, lastName: true, email: true, locale: true },
      })
    ).map((c) => [c.customerGid, c]),
  );
  const lines = await db.orderLine.findMany({
    where: { shop: stack.shop, orderGid: { in: orders.map((o) => o.orderGid) }, productGid: { not: null } },
    select: { orderGid: true, lineItemGid: true, productGid: true },
    orderBy: { lineItemGid: "asc" },
  });
  const linesOf = new Map<string, { lineItemGid: string; productGid: string }[]>();
  for (const l of lines)
    linesOf.set(l.orderGid, [...(linesOf.get(l.orderGid) ?? []), { lineItemGid: l.lineItemGid, productGid: l.productGid! }]);
  const out: ReviewableOrder[] = [];
  for (const o of orders) {
    const c = customers.get(o.customerGid!);
    const lang = c?.locale === "pl" || c?.locale === "en" ? c.locale : null;
    if (!c?.firstName || !c.email || !lang || stack.store.returnsOf(stack.shop, o.orderGid).length > 0) continue;
    out.push({
      orderGid: o.orderGid,
      name: o.name,
      customerGid: o.customerGid!,
      author: publicAuthor(c.firstName, c.lastName, ""),
      lang,
      lines: linesOf.get(o.orderGid) ?? [],
    });
  }
  return out;
}

/** The shopper's submission of the review form their request email links to (multipart, as the form posts it). */
async function submitThroughForm(stack: SeedStack, order: ReviewableOrder, lineItemGid: string, review: DemoReview): Promise<void> {
  const token = reviewToken(
    stack.apiSecret,
    { shop: stack.shop, order: order.orderGid, customer: order.customerGid, locale: review.lang },
    stack.clock.now(),
  );
  const item = numeric(lineItemGid);
  const form = new FormData();
  // The form comes with the name filled in as the shop shows it ("Anna K."); the shopper leaves it.
  form.set("name", order.author);
  form.set(`rating_${item}`, String(review.rating));
  form.set(`title_${item}`, review.title);
  form.set(`body_${item}`, review.body);
  const response = await fetch(`${stack.urls.app.replace(/\/$/, "")}/r/${token}`, {
    method: "POST",
    headers: { "user-agent": BROWSER_USER_AGENT },
    body: form,
  });
  const page = await response.text();
  if (response.status !== 200) {
    throw new Error(
      `the review form of ${order.name} answered ${response.status}: ${page
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .slice(0, 300)}`,
    );
  }
}

/** A merchant's request to an admin page's action, with a session token as App Bridge sends it. */
function adminRequest(stack: SeedStack, appPath: string, routeId: string, body: URLSearchParams | FormData): Promise<Response> {
  return appDataRequest({ apiKey: stack.apiKey, apiSecret: stack.apiSecret, shop: stack.shop, appUrl: stack.urls.app }, appPath, routeId, {
    body,
  });
}

/** Publish or reply on the review's admin page; true when it changed something (409: it was so already). */
async function reviewAction(stack: SeedStack, id: string, fields: Record<string, string>): Promise<boolean> {
  const response = await adminRequest(
    stack,
    `/app/reviews/${encodeURIComponent(id)}`,
    "routes/app.reviews.$id",
    new URLSearchParams(fields),
  );
  const text = await response.text();
  if (response.status === 200) return true;
  if (response.status === 409) return false;
  throw new Error(`${fields.intent} on review ${id} answered ${response.status}: ${text.slice(0, 300)}`);
}

/** The previous widget's export as the import page takes it; dates count back from the install, so the file never changes. */
function importFile(stack: Pick<Stack, "shop">, installedAt: Date, productGid: (title: string) => string): string {
  const header = [
    "product_id",
    "product_title",
    "rating",
    "title",
    "body",
    "author",
    "email",
    "created_at",
    "status",
    "reply",
    "replied_at",
    "locale",
  ];
  const rows = IMPORTED_DEMO_REVIEWS.map((r) => {
    const created = new Date(installedAt.getTime() - r.daysBefore * DAY);
    created.setUTCHours(10, 0, 0, 0);
    const replied = r.reply ? new Date(created.getTime() + 2 * DAY).toISOString() : "";
    return [
      numeric(productGid(r.product)),
      r.product,
      String(r.rating),
      r.title,
      r.body,
      r.author,
      "",
      created.toISOString(),
      "published",
      r.reply ?? "",
      replied,
      r.lang,
    ];
  });
  return stringify([header, ...rows]);
}

/** The Import reviews page's upload; resolves with how many reviews came in (0 when the page is not there yet). */
async function importThroughAdmin(stack: SeedStack, csv: string): Promise<number> {
  const form = new FormData();
  form.set("file", new Blob([csv], { type: "text/csv" }), "opinie-poprzedni-sklep.csv");
  const response = await adminRequest(stack, "/app/reviews/import", "routes/app.reviews.import", form);
  const text = await response.text();
  // Without the import (a build of the app without it), the demo still has its verified reviews.
  if (response.status === 404) return 0;
  if (response.status !== 200) throw new Error(`importing reviews answered ${response.status}: ${text.slice(0, 500)}`);
  const answer = JSON.parse(text) as { ok: boolean; imported?: number };
  return answer.imported ?? 0;
}

/** Waits until every product's reviews.rating and reviews.rating_count in the double match its published reviews. */
async function metafieldsFollow(db: Db, stack: SeedStack, productGids: string[], signal: AbortSignal): Promise<void> {
  await waitForValue(
    async () => {
      if (signal.aborted) return true;
      const published = await db.review.findMany({
        where: { shop: stack.shop, productGid: { in: productGids }, status: "published" },
        select: { productGid: true, rating: true },
      });
      for (const gid of productGids) {
        const summary = summarize(published.filter((r) => r.productGid === gid).map((r) => r.rating));
        if (!metafieldsSay(stack, gid, summary)) return null;
      }
      return true;
    },
    METAFIELDS_TIMEOUT_MS,
    250,
    "the reviewed products' rating metafields",
  );
}

/** Whether the product's metafields in the double say `summary` (none at all when it has no published review). */
export function metafieldsSay(
  stack: Pick<Stack, "store" | "shop">,
  productGid: string,
  summary: { average: number; count: number },
): boolean {
  const rating = stack.store.getMetafield(stack.shop, productGid, "reviews", "rating");
  const count = stack.store.getMetafield(stack.shop, productGid, "reviews", "rating_count");
  if (summary.count === 0) return !rating && !count;
  if (!rating || !count) return false;
  try {
    return (JSON.parse(rating.value) as { value?: string }).value === summary.average.toFixed(1) && count.value === String(summary.count);
  } catch {
    return false;
  }
}
