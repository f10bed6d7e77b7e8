// The privacy registry: for every table, what customers/data_request exports, what customers/redact
// does to a customer's rows, and what shop/redact does to a shop's rows. One entry per Prisma model
// (the compiler and tests/unit/privacy-rules.test.ts fail when a model has none), so a table added
// later cannot be forgotten. Rules run in the order written: Order and Customer come last because
// the other rules find a customer's rows through them, and a redaction stopped half-way must still
// find them when it runs again.
import { createHash } from "node:crypto";
import type { Prisma } from "@prisma/client";
import type { Db } from "~/platform/db.server";
import type { JobQueue } from "~/platform/jobs/types";
import { parseShopifyJson } from "~/webhooks/shopify-json";
import { REDACTED_PAYLOAD, idOfGid, mentionsSubject, namesGid, requestRecord, scrubEventDetail, type DataSubject } from "./data-subject";

export type ModelName = Prisma.ModelName;

/** What customers/redact does with a field of a customer's row. */
export type FieldRule =
  /** Identifies or describes the person: exported, then deleted with the row or nulled/rewritten. */
  | "personal"
  /** Describes the shop's business (amounts, dates, statuses, Shopify ids): exported and kept. */
  | "kept";

export interface HoldsNoCustomerData {
  holds: "nothing";
  /** Why no row of this table is about a shop's customer. */
  because: string;
  /** Fields that look personal but hold no customer's data (a staff member's email, a job's name). */
  notCustomerFields?: string[];
}

export interface RedactionContext {
  db: Db;
  jobs: JobQueue;
  now: Date;
  /** The request being fulfilled: the job completes its own row, the rules leave it alone. */
  request: { id: string; webhookId: string };
}

export type CustomerRedaction =
  { how: "delete" | "anonymise"; run(s: DataSubject, ctx: RedactionContext): Promise<number> } | { how: "keep"; because: string };

export interface HoldsCustomerData {
  holds: "customer";
  /** Every scalar field of the model. */
  fields: Record<string, FieldRule>;
  /** Fields holding JSON text; the export embeds them as JSON, exactly as stored. */
  json?: string[];
  /** The subject's rows, whole (the export is everything we hold, not a selection). */
  find(db: Db, s: DataSubject): Promise<object[]>;
  redact: CustomerRedaction;
}

export interface ShopRedaction {
  how: "delete" | "purge-queue" | "delete-except-record";
  because?: string;
  /** Removes the shop's rows; returns how many. */
  run(shop: string, ctx: RedactionContext): Promise<number>;
}

export interface ModelRule {
  customer: HoldsNoCustomerData | HoldsCustomerData;
  shop: ShopRedaction;
}

/** Lists longer than this are split, keeping every statement well inside SQLite's limits. */
const CHUNK = 200;

function chunks<T>(list: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function sum(parts: Promise<number>[]): Promise<number> {
  let total = 0;
  for (const n of await Promise.all(parts)) total += n;
  return total;
}

const deleted = (p: Promise<{ count: number }>) => p.then((r) => r.count);

/**
 * Moves a customer's loyalty rows (member, entries, redemptions) to one pseudonym in a single
 * transaction: the points liability and the ledger's sums stay, nothing links them to the person.
 * Idempotent: a second run finds no rows under the customer's id.
 */
async function pseudonymiseLoyalty(s: DataSubject, { db }: RedactionContext): Promise<number> {
  const pseudonym = `gid://aftercare/RedactedCustomer/${createHash("sha256").update(`${s.shop}:${s.customerGid}`).digest("hex").slice(0, 24)}`;
  const where = { shop: s.shop, customerGid: s.customerGid };
  const [member, entries, keys, redemptions] = await db.$transaction(async (tx) => {
    const m = await tx.loyaltyMember.updateMany({ where, data: { customerGid: pseudonym, birthday: null } });
    const e = await tx.loyaltyEntry.updateMany({ where, data: { customerGid: pseudonym, note: null } });
    // Keys that name the customer (signup, birthday, tier entry, expiry) are rewritten with the pseudonym.
    const named = await tx.loyaltyEntry.findMany({
      where: { shop: s.shop, key: { contains: s.customerGid } },
      select: { id: true, key: true },
    });
    for (const row of named)
      await tx.loyaltyEntry.update({ where: { id: row.id }, data: { key: row.key.split(s.customerGid).join(pseudonym) } });
    const r = await tx.loyaltyRedemption.updateMany({ where, data: { customerGid: pseudonym } });
    return [m.count, e.count, named.length, r.count];
  });
  return member + entries + keys + redemptions;
}

/** The subject's addresses as given and lowercased (messaging stores them lowercased; older rows may not be). */
const addressesOf = (s: DataSubject) => [...new Set([...s.emails, ...s.emails.map((e) => e.toLowerCase())])];

/** The subject's emails: sent to them, or about their orders. */
const messagesOf = (s: DataSubject) => ({
  shop: s.shop,
  OR: [{ customerGid: s.customerGid }, { email: { in: addressesOf(s) } }, { orderGid: { in: s.orderGids } }],
});

/** The subject's reviews: by customer, by the address on them, or by their orders. */
const reviewsOf = (s: DataSubject) => ({
  shop: s.shop,
  OR: [{ customerGid: s.customerGid }, { authorEmail: { in: addressesOf(s) } }, { orderGid: { in: s.orderGids } }],
});

/** The subject's returns: by customer, by the email the order was looked up with, or by their orders. */
const returnsOf = (s: DataSubject) => ({
  shop: s.shop,
  OR: [{ customerGid: s.customerGid }, { email: { in: addressesOf(s) } }, { orderGid: { in: s.orderGids } }],
});

/** The subject's unsubscribes (stored lowercased). */
const suppressionsOf = (s: DataSubject) => ({
  shop: s.shop,
  OR: [{ customerGid: s.customerGid }, { email: { in: s.emails.map((e) => e.toLowerCase()) } }],
});

/** Orders of the subject, a chunk of them at a time: linked by customer GID, or resolved by email and the request's ids. */
function orderWheres(s: DataSubject): Prisma.OrderWhereInput[] {
  return [{ shop: s.shop, customerGid: s.customerGid }, ...chunks(s.orderGids).map((part) => ({ shop: s.shop, orderGid: { in: part } }))];
}

const DELIVERY_ACTIVE = ["received", "queued", "retrying", "dead", "failed"];

/**
 * Inbox rows about the subject. The database narrows by what the row says it is about (set when
 * processed) and by text the payload must contain; the payload walk then decides, so an id that is
 * merely a substring of another number (or a delivery that never processed) is judged on content.
 */
export async function deliveriesAbout(db: Db, s: DataSubject, o: { unredactedOnly?: boolean } = {}) {
  const texts = [s.customerId, s.customerGid, ...s.emails, ...s.phones];
  const base: Prisma.WebhookDeliveryWhereInput = { shop: s.shop, ...(o.unredactedOnly ? { redactedAt: null } : {}) };
  const filters: Prisma.WebhookDeliveryWhereInput[] = [
    { ...base, OR: [{ customerGid: s.customerGid }, ...texts.map((t) => ({ payload: { contains: t } }))] },
    ...chunks(s.orderGids, 50).map((gids) => ({
      ...base,
      OR: [{ orderGid: { in: gids } }, ...gids.map((g) => ({ payload: { contains: idOfGid(g) } }))],
    })),
  ];
  const candidates = new Map<
    string,
    { webhookId: string; topic: string; status: string; payload: string; customerGid: string | null; orderGid: string | null }
  >();
  for (const where of filters) {
    const rows = await db.webhookDelivery.findMany({
      where,
      select: { webhookId: true, topic: true, status: true, payload: true, customerGid: true, orderGid: true },
    });
    for (const r of rows) candidates.set(r.webhookId, r);
  }
  return [...candidates.values()].filter((r) => {
    if (r.customerGid === s.customerGid) return true;
    if (r.orderGid && s.orderGids.includes(r.orderGid)) return true;
    let payload: unknown;
    try {
      payload = parseShopifyJson(r.payload);
    } catch {
      // Unreadable JSON cannot be walked: it is about the subject if it names them verbatim (a bare
      // customer id could be part of any number, so it does not count here).
      return [s.customerGid, ...s.emails, ...s.phones].some((t) => r.payload.includes(t));
    }
    return mentionsSubject(r.topic, payload, s);
  });
}

export const privacyRules = {
  Session: {
    customer: {
      holds: "nothing",
      because: "Admin sessions of the shop's staff (Shopify's session storage): the names and emails are staff members', not customers'.",
      notCustomerFields: ["firstName", "lastName", "email", "emailVerified", "userId"],
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.session.deleteMany({ where: { shop } })) },
  },

  Shop: {
    customer: {
      holds: "nothing",
      because: "The shop's own settings and install state; its name and email are the merchant's.",
      notCustomerFields: ["name", "email"],
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.shop.deleteMany({ where: { shop } })) },
  },

  Job: {
    customer: {
      holds: "nothing",
      because:
        "Job payloads are references (webhook id, request id, shop), never copies of customer data; the rows they point at are redacted where they live.",
      notCustomerFields: ["name", "payload", "lastError"],
    },
    shop: {
      how: "purge-queue",
      because:
        "Jobs live in the queue's store (this table for the embedded driver, Redis for BullMQ); the queue deletes the shop's jobs in every state.",
      run: (shop, { jobs }) => jobs.purgeShop(shop),
    },
  },

  Effect: {
    customer: {
      holds: "customer",
      fields: { id: "kept", shop: "kept", key: "personal", createdAt: "kept" },
      find: async (db, s) => {
        const gids = [s.customerGid, ...s.orderGids];
        const rows: { key: string }[] = [];
        for (const part of chunks(gids, 50)) {
          rows.push(...(await db.effect.findMany({ where: { shop: s.shop, OR: part.map((g) => ({ key: { contains: g } })) } })));
        }
        return rows.filter((r) => gids.some((g) => namesGid(r.key, g)));
      },
      redact: {
        // Keys naming the customer go; keys naming only an order stay, so an effect already done for
        // an order (now anonymous) is still never done twice.
        how: "delete",
        run: async (s, { db }) => {
          const rows = await db.effect.findMany({
            where: { shop: s.shop, key: { contains: s.customerGid } },
            select: { id: true, key: true },
          });
          const ids = rows.filter((r) => namesGid(r.key, s.customerGid)).map((r) => r.id);
          return sum(chunks(ids).map((part) => deleted(db.effect.deleteMany({ where: { shop: s.shop, id: { in: part } } }))));
        },
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.effect.deleteMany({ where: { shop } })) },
  },

  OrderLine: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        orderGid: "kept",
        lineItemGid: "kept",
        productGid: "kept",
        variantGid: "kept",
        title: "kept",
        variantTitle: "kept",
        sku: "kept",
        quantity: "kept",
        priceMinor: "kept",
      },
      find: (db, s) => db.orderLine.findMany({ where: { shop: s.shop, orderGid: { in: s.orderGids } } }),
      redact: {
        how: "keep",
        because: "What was bought and for how much: once the order no longer names the customer, the lines are the shop's sales figures.",
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.orderLine.deleteMany({ where: { shop } })) },
  },

  Fulfillment: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        fulfillmentGid: "kept",
        orderGid: "kept",
        status: "kept",
        shipmentStatus: "kept",
        trackingCompany: "kept",
        // A tracking number opens the carrier's page with the recipient's name and address.
        trackingNumbers: "personal",
        trackingUrls: "personal",
        deliveredAt: "kept",
        displayStatus: "kept",
        shippedAt: "kept",
        shopifyUpdatedAt: "kept",
        createdAt: "kept",
        updatedAt: "kept",
      },
      json: ["trackingNumbers", "trackingUrls"],
      find: (db, s) => db.fulfillment.findMany({ where: { shop: s.shop, orderGid: { in: s.orderGids } } }),
      redact: {
        how: "anonymise",
        run: (s, { db }) =>
          sum(
            chunks(s.orderGids).map((part) =>
              deleted(
                db.fulfillment.updateMany({
                  where: {
                    shop: s.shop,
                    orderGid: { in: part },
                    OR: [{ trackingNumbers: { not: "[]" } }, { trackingUrls: { not: "[]" } }],
                  },
                  data: { trackingNumbers: "[]", trackingUrls: "[]" },
                }),
              ),
            ),
          ),
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.fulfillment.deleteMany({ where: { shop } })) },
  },

  Refund: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        refundGid: "kept",
        orderGid: "kept",
        amountMinor: "kept",
        currency: "kept",
        // The merchant's note may name the customer or why they returned something.
        note: "personal",
        lines: "kept",
        processedAt: "kept",
        createdAt: "kept",
      },
      json: ["lines"],
      find: (db, s) => db.refund.findMany({ where: { shop: s.shop, orderGid: { in: s.orderGids } }, orderBy: { processedAt: "asc" } }),
      redact: {
        how: "anonymise",
        run: (s, { db }) =>
          sum(
            chunks(s.orderGids).map((part) =>
              deleted(db.refund.updateMany({ where: { shop: s.shop, orderGid: { in: part }, note: { not: null } }, data: { note: null } })),
            ),
          ),
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.refund.deleteMany({ where: { shop } })) },
  },

  AfterSalesEvent: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        key: "kept",
        type: "kept",
        orderGid: "kept",
        // Links the shop's history to the person; removed with the rest of what names them.
        customerGid: "personal",
        occurredAt: "kept",
        history: "kept",
        source: "kept",
        // Notes, carrier messages and tracking numbers; amounts and statuses stay (see scrubEventDetail).
        detail: "personal",
        dispatched: "kept",
        createdAt: "kept",
      },
      json: ["detail"],
      find: (db, s) =>
        db.afterSalesEvent.findMany({
          where: { shop: s.shop, OR: [{ orderGid: { in: s.orderGids } }, { customerGid: s.customerGid }] },
          orderBy: [{ occurredAt: "asc" }, { createdAt: "asc" }],
        }),
      redact: {
        how: "anonymise",
        run: async (s, { db }) => {
          let changed = 0;
          const parts = [...chunks(s.orderGids).map((part) => ({ orderGid: { in: part } })), { customerGid: s.customerGid }];
          for (const where of parts) {
            const rows = await db.afterSalesEvent.findMany({
              where: { shop: s.shop, ...where },
              select: { id: true, detail: true, customerGid: true },
            });
            // Rows whose scrubbed detail is the same are rewritten together.
            const byDetail = new Map<string, string[]>();
            for (const r of rows) {
              const scrubbed = scrubEventDetail(r.detail);
              if (scrubbed !== r.detail || r.customerGid !== null) byDetail.set(scrubbed, [...(byDetail.get(scrubbed) ?? []), r.id]);
            }
            for (const [detail, ids] of byDetail) {
              for (const idPart of chunks(ids)) {
                changed += (
                  await db.afterSalesEvent.updateMany({ where: { shop: s.shop, id: { in: idPart } }, data: { detail, customerGid: null } })
                ).count;
              }
            }
          }
          return changed;
        },
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.afterSalesEvent.deleteMany({ where: { shop } })) },
  },

  MessagingSettings: {
    customer: {
      holds: "nothing",
      because: "The shop's email settings: send window, caps, branding; the sender name and reply-to are the merchant's own.",
      notCustomerFields: ["senderName", "replyTo"],
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.messagingSettings.deleteMany({ where: { shop } })) },
  },

  MessageFlow: {
    customer: { holds: "nothing", because: "A flow's switch and timing, set by the merchant." },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.messageFlow.deleteMany({ where: { shop } })) },
  },

  MessageTemplate: {
    customer: { holds: "nothing", because: "The merchant's wording of an email, with {{variables}} in place of any customer's details." },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.messageTemplate.deleteMany({ where: { shop } })) },
  },

  ProductGuide: {
    customer: { holds: "nothing", because: "Care and how-to links the merchant attaches to products and collections." },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.productGuide.deleteMany({ where: { shop } })) },
  },

  CrossSellRule: {
    customer: { holds: "nothing", because: "The merchant's product-to-product suggestions." },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.crossSellRule.deleteMany({ where: { shop } })) },
  },

  Message: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        // The key names the flow and the order, never the person.
        key: "kept",
        flow: "kept",
        category: "kept",
        orderGid: "kept",
        customerGid: "personal",
        email: "personal",
        locale: "personal",
        items: "kept",
        dueAt: "kept",
        sendAt: "kept",
        status: "kept",
        reason: "kept",
        attempts: "kept",
        // An SMTP server's refusal may quote the address.
        lastError: "personal",
        postponed: "kept",
        immediate: "kept",
        claimedAt: "kept",
        sendingAt: "kept",
        sentAt: "kept",
        // Filled with the customer's first name when the template uses it.
        subject: "personal",
        discountCode: "kept",
        createdAt: "kept",
        updatedAt: "kept",
      },
      json: ["items"],
      find: (db, s) => db.message.findMany({ where: messagesOf(s), orderBy: { createdAt: "asc" } }),
      redact: {
        // What was sent and when stays (the shop's record and the frequency cap's history); who it
        // went to goes, and nothing still planned for the person is sent.
        how: "anonymise",
        run: async (s, { db, now }) => {
          const where = messagesOf(s);
          const stopped = await db.message.updateMany({
            where: { ...where, status: { in: ["planned", "queued", "stuck"] } },
            data: { status: "cancelled", reason: "redacted", updatedAt: now },
          });
          const { count } = await db.message.updateMany({
            where,
            data: { customerGid: null, email: null, locale: "en", lastError: null, subject: null },
          });
          return count + stopped.count;
        },
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.message.deleteMany({ where: { shop } })) },
  },

  MessageSuppression: {
    customer: {
      holds: "customer",
      fields: { id: "kept", shop: "kept", email: "personal", customerGid: "personal", category: "kept", source: "kept", createdAt: "kept" },
      find: (db, s) => db.messageSuppression.findMany({ where: suppressionsOf(s) }),
      redact: { how: "delete", run: (s, { db }) => deleted(db.messageSuppression.deleteMany({ where: suppressionsOf(s) })) },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.messageSuppression.deleteMany({ where: { shop } })) },
  },

  CsatResponse: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        orderGid: "kept",
        customerGid: "personal",
        score: "kept",
        // Free text the customer wrote.
        comment: "personal",
        changes: "kept",
        answeredAt: "kept",
        updatedAt: "kept",
        acknowledgedAt: "kept",
      },
      find: (db, s) =>
        db.csatResponse.findMany({ where: { shop: s.shop, OR: [{ customerGid: s.customerGid }, { orderGid: { in: s.orderGids } }] } }),
      redact: {
        // The score stays in the shop's satisfaction figures; who gave it and what they wrote go.
        how: "anonymise",
        run: (s, { db }) =>
          deleted(
            db.csatResponse.updateMany({
              where: { shop: s.shop, OR: [{ customerGid: s.customerGid }, { orderGid: { in: s.orderGids } }] },
              data: { customerGid: null, comment: null },
            }),
          ),
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.csatResponse.deleteMany({ where: { shop } })) },
  },

  LoyaltyProgram: {
    customer: { holds: "nothing", because: "The shop's points program: earning rules, pending period, expiry, set by the merchant." },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.loyaltyProgram.deleteMany({ where: { shop } })) },
  },

  LoyaltyTier: {
    customer: { holds: "nothing", because: "The merchant's VIP tiers: names, thresholds, multipliers.", notCustomerFields: ["name"] },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.loyaltyTier.deleteMany({ where: { shop } })) },
  },

  LoyaltyReward: {
    customer: { holds: "nothing", because: "The rewards the merchant offers for points." },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.loyaltyReward.deleteMany({ where: { shop } })) },
  },

  LoyaltyMember: {
    customer: {
      holds: "customer",
      fields: {
        shop: "kept",
        customerGid: "personal",
        balance: "kept",
        pending: "kept",
        lifetimeEarned: "kept",
        tierId: "kept",
        birthday: "personal",
        // When the birthday was set: nothing about the person once the row is pseudonymised.
        birthdaySetAt: "kept",
        lastActivityAt: "kept",
        mirroredBalance: "kept",
        mirroredTier: "kept",
        version: "kept",
        createdAt: "kept",
        updatedAt: "kept",
      },
      find: (db, s) => db.loyaltyMember.findMany({ where: { shop: s.shop, customerGid: s.customerGid } }),
      // The ledger's sums stay (the shop's points liability); the member, its entries and its
      // redemptions move together to one pseudonym, so the sums still check (LoyaltyEntry's rule).
      redact: { how: "anonymise", run: (s, ctx) => pseudonymiseLoyalty(s, ctx) },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.loyaltyMember.deleteMany({ where: { shop } })) },
  },

  LoyaltyEntry: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        customerGid: "personal",
        // Keys name the order, refund or redemption, never the person (signup:<customer gid> is rewritten).
        key: "personal",
        kind: "kept",
        points: "kept",
        pendingPoints: "kept",
        reason: "kept",
        source: "kept",
        orderGid: "kept",
        refundGid: "kept",
        redemptionId: "kept",
        availableAt: "kept",
        // The staff member who adjusted, not the customer.
        actor: "kept",
        // Staff may write about the customer.
        note: "personal",
        detail: "kept",
        createdAt: "kept",
      },
      json: ["detail"],
      find: (db, s) => db.loyaltyEntry.findMany({ where: { shop: s.shop, customerGid: s.customerGid }, orderBy: { createdAt: "asc" } }),
      redact: { how: "anonymise", run: (s, ctx) => pseudonymiseLoyalty(s, ctx) },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.loyaltyEntry.deleteMany({ where: { shop } })) },
  },

  LoyaltyHistoryAward: {
    customer: {
      holds: "nothing",
      because: "A run of the one-off award for past orders: counts, dates and status, about no one customer.",
      // Counts of customers, and why a run stopped (a job's error, about the shop's data as a whole).
      notCustomerFields: ["customersTotal", "customersDone", "customersAwarded", "error"],
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.loyaltyHistoryAward.deleteMany({ where: { shop } })) },
  },

  LoyaltyRedemption: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        customerGid: "personal",
        rewardId: "kept",
        requestKey: "kept",
        type: "kept",
        title: "kept",
        cost: "kept",
        value: "kept",
        status: "kept",
        code: "kept",
        discountGid: "kept",
        error: "kept",
        orderGid: "kept",
        createdAt: "kept",
        updatedAt: "kept",
        issuedAt: "kept",
        usedAt: "kept",
        voidedAt: "kept",
      },
      find: (db, s) =>
        db.loyaltyRedemption.findMany({ where: { shop: s.shop, customerGid: s.customerGid }, orderBy: { createdAt: "asc" } }),
      redact: { how: "anonymise", run: (s, ctx) => pseudonymiseLoyalty(s, ctx) },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.loyaltyRedemption.deleteMany({ where: { shop } })) },
  },

  ReviewSettings: {
    customer: {
      holds: "nothing",
      because: "The shop's review rules: auto-publish, blocked words, reminders, incentive, storefront options.",
      // The merchant's own address for low-rating alerts.
      notCustomerFields: ["alertEmail"],
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.reviewSettings.deleteMany({ where: { shop } })) },
  },

  // Before Review: redaction runs in this order, and an anonymised review is no longer found by its author.
  ReviewPhoto: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        reviewId: "kept",
        contentType: "kept",
        size: "kept",
        // A photo may show the person or their home.
        data: "personal",
        position: "kept",
        createdAt: "kept",
      },
      find: async (db, s) => {
        const photos = await db.reviewPhoto.findMany({
          where: { shop: s.shop, review: reviewsOf(s) },
          select: { id: true, shop: true, reviewId: true, contentType: true, size: true, position: true, createdAt: true, data: true },
          orderBy: { createdAt: "asc" },
        });
        // The bytes as base64, so the export stays one JSON document.
        return photos.map((p) => ({ ...p, data: Buffer.from(p.data).toString("base64") }));
      },
      redact: {
        how: "delete",
        run: (s, { db }) => deleted(db.reviewPhoto.deleteMany({ where: { shop: s.shop, review: reviewsOf(s) } })),
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.reviewPhoto.deleteMany({ where: { shop } })) },
  },

  Review: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        productGid: "kept",
        variantGid: "kept",
        productTitle: "kept",
        orderGid: "kept",
        lineItemGid: "kept",
        customerGid: "personal",
        authorName: "personal",
        authorEmail: "personal",
        rating: "kept",
        // The shopper's words about the product, published on the store: kept without their name.
        title: "kept",
        body: "kept",
        locale: "kept",
        status: "kept",
        rejectReason: "kept",
        heldFor: "kept",
        source: "kept",
        verified: "kept",
        incentivised: "kept",
        rewardCode: "kept",
        // The merchant's public answer.
        reply: "kept",
        repliedAt: "kept",
        importKey: "kept",
        metaobjectGid: "kept",
        submittedAt: "kept",
        editedAt: "kept",
        publishedAt: "kept",
        editableUntil: "kept",
        createdAt: "kept",
        updatedAt: "kept",
      },
      find: (db, s) => db.review.findMany({ where: reviewsOf(s), orderBy: { submittedAt: "asc" } }),
      redact: {
        // The rating and the words stay with the product (the shop's reviews); who wrote them goes,
        // their photos go (ReviewPhoto's rule), and the review can no longer be edited by its link.
        how: "anonymise",
        run: async (s, { db, jobs, now }) => {
          const where = reviewsOf(s);
          const rows = await db.review.findMany({ where, select: { id: true, locale: true, productGid: true, status: true } });
          for (const r of rows)
            await db.review.update({
              where: { id: r.id },
              data: { authorName: r.locale === "pl" ? "Anonim" : "Anonymous", authorEmail: null, customerGid: null, editableUntil: now },
            });
          const published = [...new Set(rows.filter((r) => r.status === "published").map((r) => r.productGid))];
          // The products' latest-reviews metafield still names the author: write it again.
          for (const productGid of published)
            await jobs.enqueue(
              "reviews.sync-product",
              { shop: s.shop, productGid },
              { key: `reviews.sync:${s.shop}:${productGid}:redact:${now.getTime()}`, shop: s.shop },
            );
          return rows.length;
        },
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.review.deleteMany({ where: { shop } })) },
  },

  ReturnSettings: {
    customer: {
      holds: "nothing",
      because: "The shop's return policy: window, fees, resolutions, product rules, reasons and approval rules.",
      notCustomerFields: [],
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.returnSettings.deleteMany({ where: { shop } })) },
  },

  // Before ReturnItem and ReturnCase: redaction runs in this order.
  ReturnPhoto: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        itemId: "kept",
        contentType: "kept",
        size: "kept",
        // A photo may show the person or their home.
        data: "personal",
        createdAt: "kept",
      },
      find: async (db, s) => {
        const photos = await db.returnPhoto.findMany({
          where: { shop: s.shop, item: { case: returnsOf(s) } },
          select: { id: true, shop: true, itemId: true, contentType: true, size: true, createdAt: true, data: true },
          orderBy: { createdAt: "asc" },
        });
        return photos.map((p) => ({ ...p, data: Buffer.from(p.data).toString("base64") }));
      },
      redact: {
        how: "delete",
        run: (s, { db }) => deleted(db.returnPhoto.deleteMany({ where: { shop: s.shop, item: { case: returnsOf(s) } } })),
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.returnPhoto.deleteMany({ where: { shop } })) },
  },

  ReturnItem: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        caseId: "kept",
        lineItemGid: "kept",
        fulfillmentLineItemGid: "kept",
        returnLineItemGid: "kept",
        productGid: "kept",
        variantGid: "kept",
        title: "kept",
        variantTitle: "kept",
        quantity: "kept",
        unitPriceMinor: "kept",
        reasonCode: "kept",
        shopifyReason: "kept",
        // The shopper's own words.
        note: "personal",
        exchangeVariantGid: "kept",
        exchangeTitle: "kept",
        exchangeLineItemGid: "kept",
      },
      find: (db, s) => db.returnItem.findMany({ where: { shop: s.shop, case: returnsOf(s) }, orderBy: { id: "asc" } }),
      redact: {
        // What was returned and why stays in the shop's figures; the shopper's note goes.
        how: "anonymise",
        run: async (s, { db }) =>
          (await db.returnItem.updateMany({ where: { shop: s.shop, case: returnsOf(s) }, data: { note: null } })).count,
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.returnItem.deleteMany({ where: { shop } })) },
  },

  ReturnCase: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        orderGid: "kept",
        orderName: "kept",
        customerGid: "personal",
        returnGid: "kept",
        name: "kept",
        status: "kept",
        resolution: "kept",
        approval: "kept",
        riskFlags: "kept",
        trace: "kept",
        currency: "kept",
        itemsMinor: "kept",
        restockingFeeMinor: "kept",
        shippingFeeMinor: "kept",
        bonusMinor: "kept",
        totalMinor: "kept",
        declineReason: "kept",
        // The merchant's messages to this shopper may name them.
        declineMessage: "personal",
        approveMessage: "personal",
        // The label carries the sender's address; the tracking follows the parcel to their door.
        labelUrl: "personal",
        trackingNumber: "personal",
        trackingUrl: "personal",
        carrier: "kept",
        locale: "kept",
        email: "personal",
        customerName: "personal",
        customerNote: "personal",
        source: "kept",
        requestKey: "kept",
        storeCreditMinor: "kept",
        refundGid: "kept",
        pendingAction: "kept",
        pendingAt: "kept",
        requestedAt: "kept",
        approvedAt: "kept",
        declinedAt: "kept",
        labelAt: "kept",
        receivedAt: "kept",
        processedAt: "kept",
        closedAt: "kept",
        cancelledAt: "kept",
        createdAt: "kept",
        updatedAt: "kept",
      },
      find: (db, s) => db.returnCase.findMany({ where: returnsOf(s), orderBy: { requestedAt: "asc" } }),
      redact: {
        // The return stays in the shop's figures (rate, reasons, retained revenue) without the person.
        how: "anonymise",
        run: async (s, { db }) =>
          (
            await db.returnCase.updateMany({
              where: returnsOf(s),
              data: {
                customerGid: null,
                email: null,
                customerName: null,
                customerNote: null,
                declineMessage: null,
                approveMessage: null,
                labelUrl: null,
                trackingNumber: null,
                trackingUrl: null,
              },
            })
          ).count,
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.returnCase.deleteMany({ where: { shop } })) },
  },

  Backfill: {
    customer: {
      holds: "nothing",
      because:
        "A history import's progress: counts, byte offsets, the bulk operation's id and why it failed (Shopify's reason, never a customer's data).",
      notCustomerFields: ["customersImported", "error"],
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.backfill.deleteMany({ where: { shop } })) },
  },

  WebhookDelivery: {
    customer: {
      holds: "customer",
      fields: {
        webhookId: "kept",
        shop: "kept",
        topic: "kept",
        apiVersion: "kept",
        eventId: "kept",
        triggeredAt: "kept",
        // The body as Shopify sent it: names, emails, phones, addresses.
        payload: "personal",
        status: "kept",
        attempts: "kept",
        // Error texts may quote the payload.
        lastError: "personal",
        nextAttemptAt: "kept",
        replays: "kept",
        orderGid: "kept",
        customerGid: "personal",
        receivedAt: "kept",
        processedAt: "kept",
        redactedAt: "kept",
      },
      json: ["payload"],
      find: async (db, s) => {
        const ids = (await deliveriesAbout(db, s)).map((r) => r.webhookId);
        const rows = [];
        for (const part of chunks(ids)) {
          rows.push(
            ...(await db.webhookDelivery.findMany({ where: { shop: s.shop, webhookId: { in: part } }, orderBy: { receivedAt: "asc" } })),
          );
        }
        return rows;
      },
      redact: {
        how: "anonymise",
        run: async (s, { db, now, request }) => {
          const rows = await deliveriesAbout(db, s, { unredactedOnly: true });
          // A delivery still waiting to be (re)processed would fail on the replaced payload: it is
          // skipped instead, saying why. The request's own delivery has been processed already.
          const waiting = rows
            .filter((r) => r.webhookId !== request.webhookId && DELIVERY_ACTIVE.includes(r.status))
            .map((r) => r.webhookId);
          const done = rows.filter((r) => !waiting.includes(r.webhookId)).map((r) => r.webhookId);
          const erased = { payload: REDACTED_PAYLOAD, customerGid: null, redactedAt: now };
          return sum([
            ...chunks(done).map((part) =>
              deleted(
                db.webhookDelivery.updateMany({ where: { shop: s.shop, webhookId: { in: part } }, data: { ...erased, lastError: null } }),
              ),
            ),
            ...chunks(waiting).map((part) =>
              deleted(
                db.webhookDelivery.updateMany({
                  where: { shop: s.shop, webhookId: { in: part } },
                  data: {
                    ...erased,
                    status: "skipped",
                    nextAttemptAt: null,
                    lastError: "Payload erased at the customer's request (customers/redact)",
                  },
                }),
              ),
            ),
          ]);
        },
      },
    },
    shop: {
      how: "delete-except-record",
      because:
        "The shop/redact deliveries stay with their request record: they hold only the shop's id and domain, and the inbox is keyed by webhook id, so a duplicate delivery is recognised instead of run again. Retention prunes them like any processed delivery.",
      run: (shop, { db }) => deleted(db.webhookDelivery.deleteMany({ where: { shop, NOT: { topic: "shop/redact" } } })),
    },
  },

  ComplianceRequest: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        topic: "kept",
        // Kept: the record of whose request was fulfilled is Shopify's own opaque id, nothing more.
        customerGid: "kept",
        webhookId: "kept",
        // Email and phone; reduced to the ids (see requestRecord).
        payload: "personal",
        status: "kept",
        // A data request's export is a copy of the customer's data.
        result: "personal",
        error: "kept",
        attempts: "kept",
        receivedAt: "kept",
        completedAt: "kept",
      },
      json: ["payload", "result"],
      find: (db, s) =>
        db.complianceRequest.findMany({ where: { shop: s.shop, customerGid: s.customerGid }, orderBy: { receivedAt: "asc" } }),
      redact: {
        how: "anonymise",
        run: async (s, { db, request }) => {
          const rows = await db.complianceRequest.findMany({
            where: { shop: s.shop, customerGid: s.customerGid, NOT: { id: request.id } },
            select: { id: true, topic: true, payload: true, result: true },
          });
          let changed = 0;
          for (const r of rows) {
            const payload = recordOf(r.payload);
            const result = r.topic === "customers/data_request" ? null : r.result;
            if (payload === r.payload && result === r.result) continue;
            changed += (await db.complianceRequest.updateMany({ where: { shop: s.shop, id: r.id }, data: { payload, result } })).count;
          }
          return changed;
        },
      },
    },
    shop: {
      how: "delete-except-record",
      because:
        "The shop's shop/redact requests stay as the record that the shop's data was erased; they hold only the shop's id and domain.",
      run: (shop, { db }) => deleted(db.complianceRequest.deleteMany({ where: { shop, NOT: { topic: "shop/redact" } } })),
    },
  },

  Order: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        orderGid: "kept",
        // The order number (#1001), not the customer's name.
        name: "kept",
        email: "personal",
        customerGid: "personal",
        currency: "kept",
        totalMinor: "kept",
        subtotalMinor: "kept",
        taxMinor: "kept",
        shippingMinor: "kept",
        taxesIncluded: "kept",
        discountCodes: "kept",
        financialStatus: "kept",
        fulfillmentStatus: "kept",
        // The storefront language: kept for reports by language once nothing links it to a person.
        locale: "kept",
        processedAt: "kept",
        cancelledAt: "kept",
        deliveredAt: "kept",
        deliverySource: "kept",
        shopifyUpdatedAt: "kept",
        createdAt: "kept",
        updatedAt: "kept",
      },
      find: async (db, s) => {
        const rows = new Map<string, { id: string }>();
        for (const where of orderWheres(s))
          for (const r of await db.order.findMany({ where, orderBy: { processedAt: "asc" } })) rows.set(r.id, r);
        return [...rows.values()];
      },
      redact: {
        // Totals and dates stay for the shop's figures; nothing links the order to the person.
        how: "anonymise",
        run: async (s, { db }) => {
          let changed = 0;
          for (const where of orderWheres(s)) {
            const notYetAnonymous = { OR: [{ email: { not: null } }, { customerGid: { not: null } }] };
            changed += (await db.order.updateMany({ where: { ...where, ...notYetAnonymous }, data: { email: null, customerGid: null } }))
              .count;
          }
          return changed;
        },
      },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.order.deleteMany({ where: { shop } })) },
  },

  Customer: {
    customer: {
      holds: "customer",
      fields: {
        id: "kept",
        shop: "kept",
        customerGid: "personal",
        email: "personal",
        firstName: "personal",
        lastName: "personal",
        locale: "personal",
        marketingState: "personal",
        marketingUpdated: "personal",
        shopifyCreatedAt: "personal",
        shopifyUpdatedAt: "kept",
        createdAt: "kept",
        updatedAt: "kept",
      },
      find: (db, s) => db.customer.findMany({ where: customerWhere(s) }),
      redact: { how: "delete", run: (s, { db }) => deleted(db.customer.deleteMany({ where: customerWhere(s) })) },
    },
    shop: { how: "delete", run: (shop, { db }) => deleted(db.customer.deleteMany({ where: { shop } })) },
  },
} satisfies Record<ModelName, ModelRule>;

function customerWhere(s: DataSubject): Prisma.CustomerWhereInput {
  return { shop: s.shop, OR: [{ customerGid: s.customerGid }, { email: { in: s.emails } }] };
}

/** A request's payload reduced to its ids; a payload that is not a customer request (unreadable) becomes {}. */
export function recordOf(payload: string): string {
  let parsed: unknown;
  try {
    parsed = parseShopifyJson(payload);
  } catch {
    return "{}";
  }
  return requestRecord(parsed) ?? "{}";
}

export const ruleFor = (model: ModelName): ModelRule => (privacyRules as Record<ModelName, ModelRule>)[model];

/** Models in the order rules run. */
export const ruleOrder = Object.keys(privacyRules) as ModelName[];
