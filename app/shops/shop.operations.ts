// Admin API operations about the shop itself.
import { defineOperation } from "~/platform/shopify-operation";

export const ShopDetailsQuery = defineOperation<{
  shop: {
    name: string;
    email: string;
    myshopifyDomain: string;
    ianaTimezone: string;
    currencyCode: string;
    primaryDomain: { url: string };
  };
}>(
  "ShopDetails",
  `query ShopDetails {
    shop {
      name
      email
      myshopifyDomain
      ianaTimezone
      currencyCode
      primaryDomain { url }
    }
  }`,
);
