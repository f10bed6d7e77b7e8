// Creating a redeemed reward in Shopify: a single-use discount code bound to the customer (an
// amount, a percentage, a free product, free shipping) or store credit on their account. The code
// is chosen before the call (it is the redemption's), so a call whose answer was lost can be
// settled by looking the code up instead of guessing.
import { randomBytes } from "node:crypto";
import type { Db } from "~/platform/db.server";
import { AppError } from "~/platform/errors";
import { admin, type ShopifyConfig } from "~/messaging/shopify.server";
import { currencyDigits } from "~/orders/money";
import {
  RewardCodeDeactivate,
  RewardCodeLookup,
  RewardDiscountCreate,
  RewardFreeShippingCreate,
  RewardStoreCredit,
  type RewardCodeCommon,
} from "./loyalty.operations";
import type { RewardType } from "./types";

/** Unambiguous characters (no 0/O, 1/I/L): codes are read off screens and typed at checkout. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newRewardCode(): string {
  const bytes = randomBytes(10);
  let out = "";
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return `PTS-${out.slice(0, 5)}-${out.slice(5)}`;
}

export interface RewardToIssue {
  type: RewardType;
  title: string;
  value: number;
  variantGid: string | null;
  minimumSubtotal: number | null;
  code: string | null;
  customerGid: string;
  currency: string;
}

export function amountOf(minor: number, currency: string): string {
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** Creates the reward in Shopify; returns the discount's GID (null for store credit). Throws AppError. */
export async function issueReward(db: Db, shopify: ShopifyConfig, shop: string, r: RewardToIssue, now: Date): Promise<string | null> {
  const client = await admin(db, shop, shopify);
  if (r.type === "store_credit") {
    const { storeCreditAccountCredit: res } = await client.request(RewardStoreCredit, {
      id: r.customerGid,
      creditInput: { creditAmount: { amount: amountOf(r.value, r.currency), currencyCode: r.currency } },
    });
    if (res.userErrors.length || !res.storeCreditAccountTransaction)
      throw new AppError("SHOPIFY_GRAPHQL_ERROR", `storeCreditAccountCredit: ${res.userErrors.map((e) => e.message).join("; ")}`);
    return null;
  }
  const common: RewardCodeCommon = {
    title: `Loyalty reward: ${r.title} (${r.code})`,
    code: r.code!,
    startsAt: now.toISOString(),
    usageLimit: 1,
    appliesOncePerCustomer: true,
    context: { customers: { add: [r.customerGid] } },
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: r.type !== "free_shipping" },
    minimumRequirement: r.minimumSubtotal ? { subtotal: { greaterThanOrEqualToSubtotal: amountOf(r.minimumSubtotal, r.currency) } } : null,
  };
  if (r.type === "free_shipping") {
    const { discountCodeFreeShippingCreate: res } = await client.request(RewardFreeShippingCreate, {
      freeShippingCodeDiscount: { ...common, destination: { all: true } },
    });
    return created("discountCodeFreeShippingCreate", res);
  }
  const value =
    r.type === "percentage"
      ? { percentage: r.value / 100 }
      : r.type === "free_product"
        ? { percentage: 1 }
        : { discountAmount: { amount: amountOf(r.value, r.currency), appliesOnEachItem: false } };
  const items = r.type === "free_product" && r.variantGid ? { products: { productVariantsToAdd: [r.variantGid] } } : { all: true as const };
  const { discountCodeBasicCreate: res } = await client.request(RewardDiscountCreate, {
    basicCodeDiscount: { ...common, customerGets: { value, items } },
  });
  return created("discountCodeBasicCreate", res);
}

function created(name: string, res: { codeDiscountNode: { id: string } | null; userErrors: { message: string }[] }): string {
  if (res.userErrors.length || !res.codeDiscountNode)
    throw new AppError("SHOPIFY_GRAPHQL_ERROR", `${name}: ${res.userErrors.map((e) => e.message).join("; ") || "no discount returned"}`);
  return res.codeDiscountNode.id;
}

/** The discount Shopify holds under this code, if any (settles a call whose answer was lost). */
export async function findRewardCode(db: Db, shopify: ShopifyConfig, shop: string, code: string): Promise<string | null> {
  const client = await admin(db, shop, shopify);
  return (await client.request(RewardCodeLookup, { code })).codeDiscountNodeByCode?.id ?? null;
}

/** Stops a code from being used (a voided reward). */
export async function deactivateRewardCode(db: Db, shopify: ShopifyConfig, shop: string, discountGid: string): Promise<void> {
  const client = await admin(db, shop, shopify);
  const { discountCodeDeactivate: res } = await client.request(RewardCodeDeactivate, { id: discountGid });
  if (res.userErrors.length)
    throw new AppError("SHOPIFY_GRAPHQL_ERROR", `discountCodeDeactivate: ${res.userErrors.map((e) => e.message).join("; ")}`);
}
