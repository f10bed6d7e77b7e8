// Outgoing email over SMTP (nodemailer). Every message has a category: marketing mail must carry
// one-click unsubscribe (RFC 8058) and is refused without it; consent is checked by the caller's
// capability before it gets here.
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
          from: config.from,
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
        // Connection and server errors are worth retrying later; the job layer will.
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
