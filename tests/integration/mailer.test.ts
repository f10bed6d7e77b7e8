// Email goes through a real SMTP server; effects keyed by idempotency keys happen once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "~/platform/db.server";
import { once } from "~/platform/effects.server";
import { AppError } from "~/platform/errors";
import { createMailer } from "~/platform/mailer.server";
import { migrate } from "~/platform/migrate.server";
import { freshDatabaseUrl } from "../support/app-harness";
import { startSmtpSink, type SmtpSink } from "../support/smtp-sink";

let sink: SmtpSink;
let db: Db;
beforeAll(async () => {
  sink = await startSmtpSink();
  const url = await freshDatabaseUrl();
  await migrate(url);
  db = createDb(url);
});
afterAll(async () => {
  await sink.close();
  await db.$disconnect();
});

describe("mailer", () => {
  it("delivers a Polish transactional email intact", async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: "Sklep Anny <sklep@anna.pl>" });
    await mailer.send({
      to: "zofia@example.pl",
      subject: "Twoja paczka dotarła — żółć",
      text: "Dziękujemy za zakupy!",
      category: "transactional",
    });
    const [mail] = await sink.waitFor(1);
    expect(mail.subject).toBe("Twoja paczka dotarła — żółć");
    expect(mail.text?.trim()).toBe("Dziękujemy za zakupy!");
    expect(mail.from?.text).toContain("sklep@anna.pl");
    expect(mail.headers.get("x-aftercare-category")).toBe("transactional");
    mailer.close();
  });

  it("adds one-click unsubscribe to marketing email and refuses marketing without it", async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: "shop@example.com" });
    await expect(mailer.send({ to: "a@example.com", subject: "x", text: "x", category: "marketing" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    const before = sink.messages.length;
    await mailer.send({
      to: "a@example.com",
      subject: "You may also like",
      text: "…",
      category: "marketing",
      unsubscribeUrl: "https://app.example.com/u/abc",
    });
    const mail = (await sink.waitFor(before + 1)).at(-1)!;
    const lines = Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line]));
    expect(lines["list-unsubscribe-post"]).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(lines["list-unsubscribe"]).toBe("List-Unsubscribe: <https://app.example.com/u/abc>");
    mailer.close();
  });

  it("reports an unreachable SMTP server as a retryable error", async () => {
    const mailer = createMailer({ smtpUrl: "smtp://127.0.0.1:1", from: "shop@example.com" });
    const error = await mailer.send({ to: "a@example.com", subject: "x", text: "x", category: "transactional" }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error.retryable).toBe(true);
  });

  it("says clearly when SMTP is not configured", async () => {
    const mailer = createMailer({ from: "shop@example.com" });
    await expect(mailer.send({ to: "a@example.com", subject: "x", text: "x", category: "transactional" })).rejects.toMatchObject({
      code: "MAIL_NOT_CONFIGURED",
    });
  });
});

describe("once", () => {
  it("sends an effect once however many times it is attempted at the same moment", async () => {
    const mailer = createMailer({ smtpUrl: sink.url, from: "shop@example.com" });
    const before = sink.messages.length;
    const key = "gid://shopify/Order/1:delivery-followup";
    const send = () =>
      once(db, "a.myshopify.com", key, () =>
        mailer.send({ to: "b@example.com", subject: "Follow-up", text: "…", category: "transactional", idempotencyKey: key }),
      );
    // Every attempt has returned, so every SMTP transaction that was going to happen has ended.
    const results = await Promise.all([send(), send(), send(), send()]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    await sink.waitFor(before + 1);
    expect(sink.messages.length).toBe(before + 1);
    mailer.close();
  });

  it("keys effects per shop and releases the key when the effect fails", async () => {
    const key = "gid://shopify/Order/2:thing";
    await expect(
      once(db, "a.myshopify.com", key, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await once(db, "a.myshopify.com", key, async () => 1)).toEqual({ ran: true, value: 1 });
    expect(await once(db, "a.myshopify.com", key, async () => 2)).toEqual({ ran: false });
    expect(await once(db, "b.myshopify.com", key, async () => 3)).toEqual({ ran: true, value: 3 });
  });
});
