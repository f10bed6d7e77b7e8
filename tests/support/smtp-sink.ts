// A real SMTP server in the test process (smtp-server) that keeps what it receives, parsed. It can
// also misbehave like real mail servers do: refuse every message with a 5xx reply, or accept the
// DATA and never answer (a transaction that hangs until the sender dies).
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface SmtpSink {
  url: string;
  port: number;
  messages: ParsedMail[];
  /** Transactions whose DATA arrived (including refused and hanging ones). */
  attempts: number;
  /** Connection errors the server saw (e.g. ECONNRESET from a client that was killed). */
  connectionErrors: Error[];
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Listen here (e.g. the port of a sink that was "down"); default a free one. */
  port?: number;
  /** Refuse each message with this reply code (e.g. 550). */
  rejectWith?: number;
  /** Take the message and never answer. */
  hang?: boolean;
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      attempts++;
      simpleParser(stream)
        .then((mail) => {
          if (options.hang) return;
          if (options.rejectWith) {
            const error = Object.assign(new Error("Mailbox unavailable"), { responseCode: options.rejectWith });
            return callback(error);
          }
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  // A client that dies mid-transaction (a killed worker) resets its socket; smtp-server reports that
  // as an "error" event, which would be an uncaught exception without a listener. Real servers log it.
  const connectionErrors: Error[] = [];
  server.on("error", (error: Error) => connectionErrors.push(error));
  await new Promise<void>((r) => server.listen(options.port ?? 0, "127.0.0.1", r));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    connectionErrors,
    get attempts() {
      return attempts;
    },
    async waitFor(count, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} emails, got ${messages.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return messages;
    },
    close: () =>
      new Promise<void>((r) => {
        // A hanging transaction keeps its socket; close() waits for sockets, so they are dropped first.
        server.close(() => r());
        for (const conn of (server as unknown as { connections?: Set<{ close?: () => void; _socket?: { destroy(): void } }> })
          .connections ?? []) {
          conn._socket?.destroy();
        }
      }),
  };
}
