// Outgoing email over SMTP (nodemailer). Every message has a category: marketing mail must carry
// one-click unsubscribe (RFC 8058) and is refused without it; consent is checked by the caller's
// capability before it gets here. A failure is MAIL_REJECTED when the server refused the message
// for good (a 5xx reply: retrying cannot help) and MAIL_UNAVAILABLE otherwise (worth retrying).
import nodemailer, { type Transporter } from "nodemailer";
import { AppError } from "./errors";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  category: "transactional" | "marketing";
  /** Required for marketing: an https URL that unsubscribes with a single POST. */
  unsubscribeUrl?: string;
  replyTo?: string;
  /** Shown in logs and headers to trace the business effect that sent it. */
  idempotencyKey?: string;
  /** A stable RFC 5322 Message-ID (with angle brackets); nodemailer makes one up otherwise. */
  messageId?: string;
  /** Display name for the configured sender address (e.g. the shop's name). */
  fromName?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<{ messageId: string }>;
  verify(): Promise<void>;
  close(): void;
}

export function createMailer(config: { smtpUrl?: string; from: string }): Mailer {
  let transport: Transporter | undefined;
  const get = () => {
    if (!config.smtpUrl) throw new AppError("MAIL_NOT_CONFIGURED", "SMTP_URL is not set: Aftercare cannot send email");
    transport ??= nodemailer.createTransport(config.smtpUrl);
    return transport;
  };
  return {
    async send(m) {
      if (m.category === "marketing" && !m.unsubscribeUrl) {
        throw new AppError("BAD_REQUEST", "Marketing email needs an unsubscribe URL");
      }
      const headers: Record<string, string> = { "X-Aftercare-Category": m.category };
      if (m.idempotencyKey) headers["X-Aftercare-Key"] = m.idempotencyKey;
      if (m.unsubscribeUrl) {
        headers["List-Unsubscribe"] = `<${m.unsubscribeUrl}>`;
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      }
      try {
        const info = await get().sendMail({
          from: m.fromName ? { name: m.fromName, address: senderAddress(config.from) } : config.from,
          messageId: m.messageId,
          to: m.to,
          replyTo: m.replyTo,
          subject: m.subject,
          text: m.text,
          html: m.html,
          headers,
        });
        return { messageId: info.messageId };
      } catch (error) {
        if (error instanceof AppError) throw error;
        const responseCode = (error as { responseCode?: number }).responseCode;
        if (responseCode && responseCode >= 500 && responseCode < 600) {
          throw new AppError("MAIL_REJECTED", `Email refused by the mail server: ${(error as Error).message}`, { responseCode });
        }
        // Connection errors and temporary (4xx) refusals are worth retrying later; the job layer will.
        throw new AppError("MAIL_UNAVAILABLE", `Email not sent: ${(error as Error).message}`, error);
      }
    },
    async verify() {
      await get().verify();
    },
    close() {
      transport?.close();
    },
  };
}

/** The address part of MAIL_FROM ("Aftercare <no-reply@x>" → no-reply@x). */
function senderAddress(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}
