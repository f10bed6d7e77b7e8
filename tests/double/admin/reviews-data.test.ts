// What a product-reviews app sees of the Admin double: the standard `reviews.rating` (rating) and
// `reviews.rating_count` product metafields, metafieldsDelete, and reviews syndicated as Shopify's standard
// `product_review` metaobjects, with Shopify's validation and access scopes.
import { describe, expect, it } from "vitest";
import { AdminGraphqlApi, PRODUCT_REVIEW_TYPE } from "../../support/shopify/admin";
import { SHOP, storeWithOrder } from "./factories";

/** What a reviews app holds once approved for the standard product review syndication program. */
const REVIEW_APP_SCOPES = [
  "read_products",
  "write_products",
  "read_customers",
  "read_orders",
  "write_metaobject_definitions",
  "write_metaobjects",
  "write_product_reviews",
].join(",");

async function run(api: AdminGraphqlApi, query: string, variables: Record<string, unknown> = {}, scope: string = REVIEW_APP_SCOPES) {
  const response = await api.handle(SHOP, { query, variables }, { scope });
  expect(response.status).toBe(200);
  return response.body as { data?: any; errors?: any[] };
}

const without = (scope: string) =>
  REVIEW_APP_SCOPES.split(",")
    .filter((s) => s !== scope)
    .join(",");

const rating = (value: string, min = "1.0", max = "5.0") => JSON.stringify({ value, scale_min: min, scale_max: max });

const METAFIELDS_SET = `mutation($m: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $m) { metafields { id namespace key type value jsonValue ownerType } userErrors { field message code elementIndex } }
}`;
const METAFIELDS_DELETE = `mutation($m: [MetafieldIdentifierInput!]!) {
  metafieldsDelete(metafields: $m) { deletedMetafields { ownerId namespace key } userErrors { field message } }
}`;
const PRODUCT_RATING = `query($id: ID!) {
  product(id: $id) {
    rating: metafield(namespace: "reviews", key: "rating") { type value jsonValue }
    count: metafield(namespace: "reviews", key: "rating_count") { type value jsonValue }
  }
}`;
const ENABLE = `mutation($type: String!) {
  standardMetaobjectDefinitionEnable(type: $type) {
    metaobjectDefinition { id type name displayNameKey capabilities { publishable { enabled } } fieldDefinitions { key name required type { name } } }
    userErrors { field message code }
  }
}`;
const UPSERT = `mutation($handle: MetaobjectHandleInput!, $metaobject: MetaobjectUpsertInput!) {
  metaobjectUpsert(handle: $handle, metaobject: $metaobject) {
    metaobject {
      id handle type displayName updatedAt
      capabilities { publishable { status } }
      rating: field(key: "rating") { type value jsonValue }
      title: field(key: "title") { value }
      product: field(key: "product") { value }
      fields { key type value jsonValue }
    }
    userErrors { field message code elementKey elementIndex }
  }
}`;
const DELETE = `mutation($id: ID!) { metaobjectDelete(id: $id) { deletedId userErrors { field message code } } }`;

function setup() {
  const fixture = storeWithOrder();
  return { ...fixture, api: new AdminGraphqlApi(fixture.store) };
}

/** The fields of a review as an app writes them, with `overrides` (a null value leaves the key out). */
function reviewFields(productId: string, overrides: Record<string, string | null> = {}) {
  const fields: Record<string, string | null> = {
    rating: rating("5.0"),
    title: "Świetna patelnia",
    body: "Trzyma ciepło, smaży równo.",
    submitted_at: "2026-02-20T09:30:00Z",
    source: "aftercare",
    product: productId,
    author_display_name: "Anna N.",
    ...overrides,
  };
  return Object.entries(fields)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => ({ key, value }));
}

async function enableReviews(api: AdminGraphqlApi) {
  const body = await run(api, ENABLE, { type: PRODUCT_REVIEW_TYPE });
  expect(body.data.standardMetaobjectDefinitionEnable.userErrors).toEqual([]);
  return body.data.standardMetaobjectDefinitionEnable.metaobjectDefinition as { id: string };
}

describe("the reviews.rating and reviews.rating_count product metafields", () => {
  it("stores a rating and a count on a product and reads them back typed", async () => {
    const { api, product } = setup();
    const set = await run(api, METAFIELDS_SET, {
      m: [
        { ownerId: product.id, namespace: "reviews", key: "rating", type: "rating", value: rating("4.5") },
        { ownerId: product.id, namespace: "reviews", key: "rating_count", type: "number_integer", value: "12" },
      ],
    });
    expect(set.errors).toBeUndefined();
    expect(set.data.metafieldsSet.userErrors).toEqual([]);
    expect(set.data.metafieldsSet.metafields.map((m: { ownerType: string }) => m.ownerType)).toEqual(["PRODUCT", "PRODUCT"]);

    const read = await run(api, PRODUCT_RATING, { id: product.id });
    expect(read.data.product).toEqual({
      rating: { type: "rating", value: rating("4.5"), jsonValue: { value: "4.5", scale_min: "1.0", scale_max: "5.0" } },
      count: { type: "number_integer", value: "12", jsonValue: 12 },
    });
  });

  it("updates the rating in place when a review comes in", async () => {
    const { api, product } = setup();
    const write = (value: string) =>
      run(api, METAFIELDS_SET, { m: [{ ownerId: product.id, namespace: "reviews", key: "rating", type: "rating", value }] });
    const first = (await write(rating("4.0"))).data.metafieldsSet.metafields[0];
    const second = (await write(rating("4.3"))).data.metafieldsSet.metafields[0];
    expect(second.id).toBe(first.id);
    expect(second.jsonValue.value).toBe("4.3");
  });

  it.each([
    ["a value above the scale", rating("5.5")],
    ["a value below the scale", rating("0.5")],
    ["numbers instead of numbers written as strings", JSON.stringify({ value: 4.5, scale_min: 1, scale_max: 5 })],
    ["a scale that does not go upwards", rating("3.0", "5.0", "1.0")],
    ["a missing scale", JSON.stringify({ value: "4.5", scale_max: "5.0" })],
    ["a bare number", "4.5"],
    ["text that is not JSON", "{value: 4.5}"],
  ])("refuses %s, saving nothing", async (_, value) => {
    const { api, store, product } = setup();
    const body = await run(api, METAFIELDS_SET, {
      m: [
        { ownerId: product.id, namespace: "reviews", key: "rating_count", type: "number_integer", value: "3" },
        { ownerId: product.id, namespace: "reviews", key: "rating", type: "rating", value },
      ],
    });
    expect(body.data.metafieldsSet.metafields).toBeNull();
    expect(body.data.metafieldsSet.userErrors).toEqual([
      { field: ["metafields", "1", "value"], message: expect.stringMatching(/^Value/), code: "INVALID_VALUE", elementIndex: 1 },
    ]);
    expect(store.metafieldsOf(SHOP, product.id)).toEqual([]);
  });

  it("needs write_products to write a product's metafields", async () => {
    const { api, store, product } = setup();
    const body = await run(
      api,
      METAFIELDS_SET,
      { m: [{ ownerId: product.id, namespace: "reviews", key: "rating_count", type: "number_integer", value: "1" }] },
      without("write_products"),
    );
    expect(body.data.metafieldsSet).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "Access denied for metafieldsSet field. Required access: `write_products` access scope.",
        extensions: expect.objectContaining({ code: "ACCESS_DENIED" }),
      }),
    ]);
    expect(store.metafieldsOf(SHOP, product.id)).toEqual([]);
  });

  it("metafieldsDelete removes a product's rating when its last review goes; a missing one reads null", async () => {
    const { api, product } = setup();
    await run(api, METAFIELDS_SET, {
      m: [
        { ownerId: product.id, namespace: "reviews", key: "rating", type: "rating", value: rating("4.0") },
        { ownerId: product.id, namespace: "reviews", key: "rating_count", type: "number_integer", value: "1" },
      ],
    });
    const identifiers = [
      { ownerId: product.id, namespace: "reviews", key: "rating" },
      { ownerId: product.id, namespace: "reviews", key: "rating_count" },
      { ownerId: product.id, namespace: "reviews", key: "never_set" },
    ];
    const deleted = await run(api, METAFIELDS_DELETE, { m: identifiers });
    expect(deleted.data.metafieldsDelete).toEqual({ deletedMetafields: [identifiers[0], identifiers[1], null], userErrors: [] });
    expect((await run(api, PRODUCT_RATING, { id: product.id })).data.product).toEqual({ rating: null, count: null });

    const again = await run(api, METAFIELDS_DELETE, { m: identifiers.slice(0, 1) });
    expect(again.data.metafieldsDelete).toEqual({ deletedMetafields: [null], userErrors: [] });
  });

  it("metafieldsDelete on a product needs write_products too", async () => {
    const { api, store, product } = setup();
    store.setMetafield(SHOP, { ownerId: product.id, namespace: "reviews", key: "rating_count", type: "number_integer", value: "2" });
    const body = await run(
      api,
      METAFIELDS_DELETE,
      { m: [{ ownerId: product.id, namespace: "reviews", key: "rating_count" }] },
      without("write_products"),
    );
    expect(body.errors?.[0].extensions.code).toBe("ACCESS_DENIED");
    expect(store.getMetafield(SHOP, product.id, "reviews", "rating_count")?.value).toBe("2");
  });
});

describe('standardMetaobjectDefinitionEnable(type: "product_review")', () => {
  it("creates Shopify's product review definition with its standard fields", async () => {
    const { api } = setup();
    const body = await run(api, ENABLE, { type: PRODUCT_REVIEW_TYPE });
    const definition = body.data.standardMetaobjectDefinitionEnable.metaobjectDefinition;
    expect(definition).toMatchObject({ type: "product_review", name: "Product Review", capabilities: { publishable: { enabled: true } } });
    const fields = Object.fromEntries(
      definition.fieldDefinitions.map((f: { key: string; required: boolean; type: { name: string } }) => [
        f.key,
        `${f.type.name}${f.required ? "!" : ""}`,
      ]),
    );
    expect(fields).toMatchObject({
      rating: "rating!",
      title: "single_line_text_field",
      body: "multi_line_text_field",
      submitted_at: "date_time!",
      edited_at: "date_time",
      published_at: "date_time",
      source: "single_line_text_field!",
      author: "customer_reference",
      author_display_name: "single_line_text_field",
      order: "order_reference",
      product: "product_reference",
      product_variant: "variant_reference",
      merchant_reply: "multi_line_text_field",
      merchant_replied_at: "date_time",
      media_urls: "list.url",
      language: "single_line_text_field",
    });

    const byType = await run(api, `{ metaobjectDefinitionByType(type: "product_review") { id metaobjectsCount } }`);
    expect(byType.data.metaobjectDefinitionByType).toEqual({ id: definition.id, metaobjectsCount: 0 });
  });

  it("answers a second enable with the definition already enabled, without errors", async () => {
    const { api, store } = setup();
    const first = await enableReviews(api);
    const second = await run(api, ENABLE, { type: PRODUCT_REVIEW_TYPE });
    expect(second.data.standardMetaobjectDefinitionEnable.userErrors).toEqual([]);
    expect(second.data.standardMetaobjectDefinitionEnable.metaobjectDefinition.id).toBe(first.id);
    expect(Object.keys(store.shopData(SHOP).metaobjectDefinitions)).toHaveLength(1);
  });

  it("refuses a type that has no standard template", async () => {
    const { api } = setup();
    const body = await run(api, ENABLE, { type: "product_reviews" });
    expect(body.data.standardMetaobjectDefinitionEnable).toEqual({
      metaobjectDefinition: null,
      userErrors: [
        { field: ["type"], message: "A standard metaobject definition wasn't found for the specified type.", code: "RECORD_NOT_FOUND" },
      ],
    });
  });

  it.each(["write_metaobject_definitions", "write_product_reviews"])("is denied without %s", async (scope) => {
    const { api, store } = setup();
    const body = await run(api, ENABLE, { type: PRODUCT_REVIEW_TYPE }, without(scope));
    expect(body.data.standardMetaobjectDefinitionEnable).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: `Access denied for standardMetaobjectDefinitionEnable field. Required access: \`${scope}\` access scope.`,
        extensions: expect.objectContaining({ code: "ACCESS_DENIED" }),
      }),
    ]);
    expect(store.metaobjectDefinition(SHOP, PRODUCT_REVIEW_TYPE)).toBeNull();
  });
});

describe("product reviews as product_review metaobjects", () => {
  it("creates a review by handle, updates the same one, and deletes it", async () => {
    const { api, store, product } = setup();
    await enableReviews(api);
    const handle = { type: PRODUCT_REVIEW_TYPE, handle: "review-101" };

    const created = await run(api, UPSERT, { handle, metaobject: { fields: reviewFields(product.id) } });
    expect(created.data.metaobjectUpsert.userErrors).toEqual([]);
    const review = created.data.metaobjectUpsert.metaobject;
    expect(review).toMatchObject({
      handle: "review-101",
      type: "product_review",
      displayName: "Świetna patelnia",
      updatedAt: "2026-03-01T10:00:00Z",
      capabilities: { publishable: { status: "DRAFT" } },
      rating: { type: "rating", value: rating("5.0"), jsonValue: { value: "5.0", scale_min: "1.0", scale_max: "5.0" } },
      title: { value: "Świetna patelnia" },
      product: { value: product.id },
    });
    expect(review.id).toMatch(/^gid:\/\/shopify\/Metaobject\/\d+$/);
    expect(review.fields.find((f: { key: string }) => f.key === "edited_at")).toEqual({
      key: "edited_at",
      type: "date_time",
      value: null,
      jsonValue: null,
    });

    const updated = await run(api, UPSERT, {
      handle,
      metaobject: {
        fields: [
          { key: "rating", value: rating("4.0") },
          { key: "title", value: "" },
          { key: "edited_at", value: "2026-02-21T08:00:00Z" },
        ],
        capabilities: { publishable: { status: "ACTIVE" } },
      },
    });
    expect(updated.data.metaobjectUpsert.userErrors).toEqual([]);
    expect(updated.data.metaobjectUpsert.metaobject).toMatchObject({
      id: review.id,
      displayName: "Review 101",
      capabilities: { publishable: { status: "ACTIVE" } },
      rating: { jsonValue: { value: "4.0", scale_min: "1.0", scale_max: "5.0" } },
      title: null,
      product: { value: product.id },
    });
    expect(store.metaobjects(SHOP, PRODUCT_REVIEW_TYPE)).toHaveLength(1);
    expect(store.metaobjectByHandle(SHOP, PRODUCT_REVIEW_TYPE, "review-101")?.fields).toMatchObject({
      rating: rating("4.0"),
      source: "aftercare",
      edited_at: "2026-02-21T08:00:00Z",
    });

    const byHandle = await run(api, `query($h: MetaobjectHandleInput!) { metaobjectByHandle(handle: $h) { id } }`, { h: handle });
    expect(byHandle.data.metaobjectByHandle).toEqual({ id: review.id });

    const deleted = await run(api, DELETE, { id: review.id });
    expect(deleted.data.metaobjectDelete).toEqual({ deletedId: review.id, userErrors: [] });
    expect((await run(api, `query($id: ID!) { metaobject(id: $id) { id } }`, { id: review.id })).data.metaobject).toBeNull();
    expect(store.metaobjects(SHOP, PRODUCT_REVIEW_TYPE)).toEqual([]);

    const again = await run(api, DELETE, { id: review.id });
    expect(again.data.metaobjectDelete).toEqual({
      deletedId: null,
      userErrors: [{ field: ["id"], message: "Record not found", code: "RECORD_NOT_FOUND" }],
    });
  });

  it("lists a product's reviews page by page and finds them by field", async () => {
    const { api, store, product } = setup();
    const other = store.createProduct(SHOP, { title: "Rondel", variants: [{ price: "89.00" }] });
    await enableReviews(api);
    for (const [n, productId] of [
      [1, product.id],
      [2, other.id],
      [3, product.id],
      [4, product.id],
    ] as const) {
      const body = await run(api, UPSERT, {
        handle: { type: PRODUCT_REVIEW_TYPE, handle: `review-${n}` },
        metaobject: { fields: reviewFields(productId, { title: `Opinia ${n}` }) },
      });
      expect(body.data.metaobjectUpsert.userErrors).toEqual([]);
    }
    const LIST = `query($after: String, $query: String) {
      metaobjects(type: "product_review", first: 2, after: $after, query: $query) {
        nodes { handle displayName } pageInfo { hasNextPage endCursor }
      }
    }`;
    const page1 = (await run(api, LIST)).data.metaobjects;
    expect(page1.nodes.map((n: { handle: string }) => n.handle)).toEqual(["review-1", "review-2"]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await run(api, LIST, { after: page1.pageInfo.endCursor })).data.metaobjects;
    expect(page2.nodes.map((n: { handle: string }) => n.handle)).toEqual(["review-3", "review-4"]);
    expect(page2.pageInfo.hasNextPage).toBe(false);

    const forProduct = (await run(api, LIST, { query: `fields.product:"${product.id}"` })).data.metaobjects;
    expect(forProduct.nodes.map((n: { displayName: string }) => n.displayName)).toEqual(["Opinia 1", "Opinia 3"]);

    const count = await run(api, `{ metaobjectDefinitionByType(type: "product_review") { metaobjectsCount } }`);
    expect(count.data.metaobjectDefinitionByType.metaobjectsCount).toBe(4);
  });

  it("refuses a review before the product_review definition is enabled", async () => {
    const { api, product } = setup();
    const body = await run(api, UPSERT, {
      handle: { type: PRODUCT_REVIEW_TYPE, handle: "review-1" },
      metaobject: { fields: reviewFields(product.id) },
    });
    expect(body.data.metaobjectUpsert).toEqual({
      metaobject: null,
      userErrors: [
        {
          field: ["handle", "type"],
          message: 'No metaobject definition exists for type "product_review"',
          code: "UNDEFINED_OBJECT_TYPE",
          elementKey: null,
          elementIndex: null,
        },
      ],
    });
  });

  it("refuses unknown keys and missing required fields, creating nothing", async () => {
    const { api, store, product } = setup();
    await enableReviews(api);
    const body = await run(api, UPSERT, {
      handle: { type: PRODUCT_REVIEW_TYPE, handle: "review-1" },
      metaobject: {
        fields: [...reviewFields(product.id, { submitted_at: null, source: null }), { key: "stars", value: "5" }],
      },
    });
    expect(body.data.metaobjectUpsert.metaobject).toBeNull();
    expect(body.data.metaobjectUpsert.userErrors).toEqual([
      {
        field: ["metaobject", "fields", "5"],
        message: 'Field definition "stars" does not exist',
        code: "UNDEFINED_OBJECT_FIELD",
        elementKey: "stars",
        elementIndex: null,
      },
      {
        field: ["metaobject"],
        message: "Submitted At can't be blank",
        code: "OBJECT_FIELD_REQUIRED",
        elementKey: "submitted_at",
        elementIndex: null,
      },
      { field: ["metaobject"], message: "Source can't be blank", code: "OBJECT_FIELD_REQUIRED", elementKey: "source", elementIndex: null },
    ]);
    expect(store.metaobjects(SHOP, PRODUCT_REVIEW_TYPE)).toEqual([]);
  });

  it.each([
    ["rating", rating("6.0")],
    ["rating", JSON.stringify({ value: 5, scale_min: 1, scale_max: 5 })],
    ["submitted_at", "yesterday"],
    ["product", "gid://shopify/Product/1"],
    ["product", "gid://shopify/Customer/1"],
    ["media_urls", "https://cdn.example.com/a.jpg"],
    ["media_urls", JSON.stringify(["not a url"])],
    ["title", "two\nlines"],
    ["app_verification_status", "trusted"],
  ])("refuses an invalid %s (%s)", async (key, value) => {
    const { api, store, product } = setup();
    await enableReviews(api);
    const fields = reviewFields(product.id, { [key]: value });
    const body = await run(api, UPSERT, { handle: { type: PRODUCT_REVIEW_TYPE, handle: "review-1" }, metaobject: { fields } });
    expect(body.data.metaobjectUpsert.userErrors).toEqual([
      {
        field: ["metaobject", "fields", String(fields.findIndex((f) => f.key === key))],
        message: expect.stringMatching(/^(Value|Each value)/),
        code: "INVALID_VALUE",
        elementKey: key,
        elementIndex: null,
      },
    ]);
    expect(store.metaobjects(SHOP, PRODUCT_REVIEW_TYPE)).toEqual([]);
  });

  it("takes references to the shop's customer, order and variant, media URLs and a verification status", async () => {
    const { api, product, customer, order } = setup();
    await enableReviews(api);
    const body = await run(api, UPSERT, {
      handle: { type: PRODUCT_REVIEW_TYPE, handle: "review-1" },
      metaobject: {
        fields: reviewFields(product.id, {
          author: customer.id,
          order: order.id,
          product_variant: product.variantIds[0],
          media_urls: JSON.stringify(["https://cdn.example.com/a.jpg"]),
          app_verification_status: "verified_buyer",
          language: "pl",
        }),
      },
    });
    expect(body.data.metaobjectUpsert.userErrors).toEqual([]);
    const media = body.data.metaobjectUpsert.metaobject.fields.find((f: { key: string }) => f.key === "media_urls");
    expect(media).toEqual({
      key: "media_urls",
      type: "list.url",
      value: '["https://cdn.example.com/a.jpg"]',
      jsonValue: ["https://cdn.example.com/a.jpg"],
    });
  });

  it("refuses to clear a required field of an existing review", async () => {
    const { api, store, product } = setup();
    await enableReviews(api);
    const handle = { type: PRODUCT_REVIEW_TYPE, handle: "review-1" };
    await run(api, UPSERT, { handle, metaobject: { fields: reviewFields(product.id) } });
    const body = await run(api, UPSERT, { handle, metaobject: { fields: [{ key: "source", value: "" }] } });
    expect(body.data.metaobjectUpsert.userErrors).toMatchObject([{ code: "OBJECT_FIELD_REQUIRED", elementKey: "source" }]);
    expect(store.metaobjectByHandle(SHOP, PRODUCT_REVIEW_TYPE, "review-1")?.fields.source).toBe("aftercare");
  });

  it("writing reviews needs write_metaobjects and write_product_reviews; reading them read_product_reviews", async () => {
    const { api, store, product } = setup();
    await enableReviews(api);
    const variables = { handle: { type: PRODUCT_REVIEW_TYPE, handle: "review-1" }, metaobject: { fields: reviewFields(product.id) } };
    for (const scope of ["write_metaobjects", "write_product_reviews"]) {
      const body = await run(api, UPSERT, variables, without(scope));
      expect(body.data.metaobjectUpsert).toBeNull();
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: `Access denied for metaobjectUpsert field. Required access: \`${scope}\` access scope.`,
          extensions: expect.objectContaining({ code: "ACCESS_DENIED" }),
        }),
      ]);
    }
    expect(store.metaobjects(SHOP, PRODUCT_REVIEW_TYPE)).toEqual([]);

    const { id } = (await run(api, UPSERT, variables)).data.metaobjectUpsert.metaobject;
    const denied = await run(api, DELETE, { id }, without("write_product_reviews"));
    expect(denied.errors?.[0].extensions.code).toBe("ACCESS_DENIED");
    expect(store.metaobject(SHOP, id)).not.toBeNull();

    const readOnly = "read_metaobjects,read_products";
    const list = await run(api, `{ metaobjects(type: "product_review", first: 5) { nodes { id } } }`, {}, readOnly);
    expect(list.errors?.[0]).toMatchObject({
      message: "Access denied for metaobjects field. Required access: `read_product_reviews` access scope.",
      extensions: { code: "ACCESS_DENIED" },
    });
    const one = await run(api, `query($id: ID!) { metaobject(id: $id) { id } }`, { id }, readOnly);
    expect(one.data.metaobject).toBeNull();
    expect(one.errors?.[0].extensions.code).toBe("ACCESS_DENIED");
    const allowed = await run(api, `query($id: ID!) { metaobject(id: $id) { id } }`, { id }, `${readOnly},read_product_reviews`);
    expect(allowed.data.metaobject).toEqual({ id });
  });
});
