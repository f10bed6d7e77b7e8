// The Shopify double's webhook delivery: signs and POSTs topics to the app with Shopify's real headers,
// and reproduces what production delivery does to apps (duplicates, delays, reordering, retries).
import { createHmac, randomUUID } from "node:crypto";

/** A JSON string (sent verbatim) or a value to serialise; bigint values become exact JSON numbers. */
export type WebhookPayload = unknown;

export interface WebhookSenderOptions {
  appUrl: string;
  apiSecret: string;
  apiVersion?: string;
  fetch?: typeof fetch;
  /** Path the app subscribes with in shopify.app.toml. */
  path?: string;
  /** Shopify retries 8 times over 4 hours; tests want few and fast. */
  retries?: number;
  /** Delay before retry n (1-based); a number means base * 2^(n-1). */
  backoffMs?: number | ((attempt: number) => number);
  /** Shopify gives up on a delivery that has not answered within 5 s. */
  timeoutMs?: number;
}

export interface DeliverOptions {
  /** The same delivery (same webhook id, body and signature) is sent this many extra times. */
  duplicate?: number;
  delayMs?: number;
  webhookId?: string;
  eventId?: string;
  triggeredAt?: Date;
  retries?: number;
}

export interface DeliveryAttempt {
  status: number | null;
  error?: string;
  at: string;
}

export interface DeliveryResult {
  shop: string;
  topic: string;
  webhookId: string;
  eventId: string;
  /** 0 for the original delivery, 1..n for duplicates. */
  copy: number;
  attempts: DeliveryAttempt[];
  /** Status of the last attempt (null when it never got an HTTP answer). */
  status: number | null;
  ok: boolean;
}

export type ReleaseOrder = "fifo" | "reverse" | "shuffle";

interface Envelope {
  shop: string;
  topic: string;
  body: string;
  headers: Record<string, string>;
  webhookId: string;
  eventId: string;
  copy: number;
  delayMs: number;
  retries: number;
}

interface Queued {
  envelope: Envelope;
  settle: (result: DeliveryResult) => void;
}

/** Base64 HMAC-SHA256 of the raw body, as Shopify puts in X-Shopify-Hmac-Sha256. */
export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WebhookSender {
  readonly history: DeliveryResult[] = [];
  private readonly appUrl: string;
  private readonly apiSecret: string;
  private readonly apiVersion: string;
  private readonly fetchImpl: typeof fetch;
  private readonly path: string;
  private readonly retries: number;
  private readonly backoff: (attempt: number) => number;
  private readonly timeoutMs: number;
  private held = false;
  private queue: Queued[] = [];

  constructor(options: WebhookSenderOptions) {
    this.appUrl = options.appUrl.replace(/\/+$/, "");
    this.apiSecret = options.apiSecret;
    this.apiVersion = options.apiVersion ?? "2026-10";
    this.fetchImpl = options.fetch ?? fetch;
    this.path = options.path ?? "/webhooks";
    this.retries = options.retries ?? 3;
    const backoff = options.backoffMs ?? 25;
    this.backoff = typeof backoff === "function" ? backoff : (attempt) => backoff * 2 ** (attempt - 1);
    this.timeoutMs = options.timeoutMs ?? 5_000;
  }

  /**
   * Sends one event (plus duplicates). Resolves with one result per copy once each has been
   * delivered or given up on; while the sender is held, that happens only after `release()`.
   * A string payload is sent verbatim and bigint values are written exactly, so 64-bit ids survive.
   */
  deliver(shop: string, topic: string, payload: WebhookPayload, opts: DeliverOptions = {}): Promise<DeliveryResult[]> {
    const body = typeof payload === "string" ? payload : serialise(payload);
    const webhookId = opts.webhookId ?? randomUUID();
    const eventId = opts.eventId ?? randomUUID();
    const triggeredAt = (opts.triggeredAt ?? new Date()).toISOString();
    const headers = {
      "Content-Type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-API-Version": this.apiVersion,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Event-Id": eventId,
      "X-Shopify-Triggered-At": triggeredAt,
      "X-Shopify-Hmac-Sha256": signWebhook(body, this.apiSecret),
    };
    const copies = 1 + Math.max(0, opts.duplicate ?? 0);
    const envelopes: Envelope[] = Array.from({ length: copies }, (_, copy) => ({
      shop,
      topic,
      body,
      headers,
      webhookId,
      eventId,
      copy,
      delayMs: opts.delayMs ?? 0,
      retries: opts.retries ?? this.retries,
    }));

    if (this.held) {
      return Promise.all(envelopes.map((envelope) => new Promise<DeliveryResult>((settle) => this.queue.push({ envelope, settle }))));
    }
    return this.sendInOrder(envelopes);
  }

  /** Queue deliveries instead of sending them, so a test can choose the order they arrive in. */
  hold(): void {
    this.held = true;
  }

  /** Sends everything queued since `hold()`, one after another, in the chosen order, and stops holding. */
  async release(opts: { order?: ReleaseOrder; random?: () => number } = {}): Promise<DeliveryResult[]> {
    this.held = false;
    const queued = this.queue;
    this.queue = [];
    const order = opts.order ?? "fifo";
    if (order === "reverse") queued.reverse();
    if (order === "shuffle") shuffle(queued, opts.random ?? Math.random);
    const results: DeliveryResult[] = [];
    for (const item of queued) {
      const result = await this.send(item.envelope);
      item.settle(result);
      results.push(result);
    }
    return results;
  }

  get pending(): number {
    return this.queue.length;
  }

  private async sendInOrder(envelopes: Envelope[]): Promise<DeliveryResult[]> {
    const results: DeliveryResult[] = [];
    for (const envelope of envelopes) results.push(await this.send(envelope));
    return results;
  }

  private async send(envelope: Envelope): Promise<DeliveryResult> {
    if (envelope.delayMs > 0) await sleep(envelope.delayMs);
    const attempts: DeliveryAttempt[] = [];
    for (let attempt = 0; attempt <= envelope.retries; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt));
      const at = new Date().toISOString();
      try {
        const response = await this.fetchImpl(`${this.appUrl}${this.path}`, {
          method: "POST",
          headers: envelope.headers,
          body: envelope.body,
          redirect: "manual",
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        // Shopify ignores the response body; draining it frees the connection.
        await response.arrayBuffer().catch(() => undefined);
        attempts.push({ status: response.status, at });
        if (response.status >= 200 && response.status < 300) break;
      } catch (error) {
        attempts.push({ status: null, error: error instanceof Error ? error.message : String(error), at });
      }
    }
    const last = attempts[attempts.length - 1];
    const status = last?.status ?? null;
    const result: DeliveryResult = {
      shop: envelope.shop,
      topic: envelope.topic,
      webhookId: envelope.webhookId,
      eventId: envelope.eventId,
      copy: envelope.copy,
      attempts,
      status,
      ok: status !== null && status >= 200 && status < 300,
    };
    this.history.push(result);
    return result;
  }
}

// 64-bit ids do not fit a double; bigint ids are written as the exact digits Shopify sends.
function serialise(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) =>
    typeof value === "bigint" ? (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON(value.toString()) : value,
  );
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
