// The privacy registry covers the whole schema: walking Prisma's generated model list, every table
// has a rule for customers/redact (even if the rule is "holds no customer data, because …") and for
// shop/redact, and every field of a table holding customer data is classified. A table or column
// added later fails here until someone decides what a privacy request does with it.
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { privacyRules, ruleFor, ruleOrder, type ModelName } from "~/privacy/rules.server";

const models = Prisma.dmmf.datamodel.models;
const scalarFields = (model: (typeof models)[number]) => model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
/** Field names that suggest a person: such a field in a table said to hold no customer data needs a word of explanation. */
const LOOKS_PERSONAL = /email|phone|name|address|customer|payload|note|detail|tracking|error|message/i;

describe("privacy rules registry", () => {
  it("has a rule for every table in the schema, and none for tables that do not exist", () => {
    expect(models.length).toBeGreaterThan(0);
    expect(Object.keys(privacyRules).sort()).toEqual(models.map((m) => m.name).sort());
    expect([...ruleOrder].sort()).toEqual(models.map((m) => m.name).sort());
  });

  it.each(models.map((m) => [m.name, m] as const))("%s: says what customers/redact and shop/redact do", (name, model) => {
    const rule = ruleFor(name as ModelName);
    const customer = rule.customer;
    if (customer.holds === "nothing") {
      expect(customer.because.length, `${name}: say why it holds no customer data`).toBeGreaterThan(20);
    } else {
      expect(customer.holds).toBe("customer");
      expect(typeof customer.find).toBe("function");
    }
    // Every table with a shop column is emptied for the shop (or, for the request records, explains what stays).
    if (model.fields.some((f) => f.name === "shop")) {
      expect(["delete", "purge-queue", "delete-except-record"]).toContain(rule.shop.how);
      if (rule.shop.how !== "delete") expect(rule.shop.because, `${name}: say why shop/redact does not simply delete`).toBeTruthy();
    }
    expect(typeof rule.shop.run).toBe("function");
  });

  it.each(models.map((m) => [m.name, m] as const))(
    "%s: every field of a table with customer data is classified, personal ones are removed",
    (name, model) => {
      const customer = ruleFor(name as ModelName).customer;
      if (customer.holds === "nothing") return;
      const fields = scalarFields(model).map((f) => f.name);
      expect(Object.keys(customer.fields).sort(), `${name}: classify every field as personal or kept`).toEqual([...fields].sort());
      const personal = Object.entries(customer.fields)
        .filter(([, v]) => v === "personal")
        .map(([k]) => k);
      if (personal.length) {
        expect(customer.redact.how, `${name} holds ${personal.join(", ")}: customers/redact must delete or anonymise`).not.toBe("keep");
      } else {
        expect(customer.redact.how === "keep" ? customer.redact.because : "").not.toBe("");
      }
      for (const f of customer.json ?? []) {
        expect(fields, `${name}.${f} is declared JSON but does not exist`).toContain(f);
        expect(scalarFields(model).find((x) => x.name === f)?.type).toBe("String");
      }
    },
  );

  it.each(models.map((m) => [m.name, m] as const))(
    "%s: a table said to hold no customer data explains its personal-looking fields",
    (name, model) => {
      const customer = ruleFor(name as ModelName).customer;
      if (customer.holds !== "nothing") return;
      const lookalikes = scalarFields(model)
        .map((f) => f.name)
        .filter((f) => f !== "shop" && LOOKS_PERSONAL.test(f));
      for (const f of lookalikes) {
        expect(
          customer.notCustomerFields ?? [],
          `${name}.${f} looks personal: classify the table as holding customer data, or list it in notCustomerFields`,
        ).toContain(f);
      }
    },
  );

  it("redacts Order and Customer last, since the other rules find a customer's rows through them", () => {
    expect(ruleOrder.slice(-2)).toEqual(["Order", "Customer"]);
  });
});
