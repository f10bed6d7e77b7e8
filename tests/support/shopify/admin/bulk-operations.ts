// Bulk query operations of the Admin double: accepts or refuses bulkOperationRunQuery and bulkOperationCancel
// as Shopify does, then runs the query in the background, one chunk of root objects at a time, streaming
// JSONL lines to a file on disk, and finishes the operation record (which fires bulk_operations/finish).
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import { BulkExecutor, type NodeResult } from "./bulk-executor";
import { BULK_URL_TTL_MS, newBulkFile } from "./bulk-files";
import { analyseBulkQuery, canRead, type BulkQueryPlan } from "./bulk-query";
import { adminSchema } from "./executable-schema";
import { FaultPlan, type BulkFault } from "./faults";
import { isoUtc, parseGid } from "./ids";
import type { AdminContext } from "./resolvers";
import type { AdminStore, BulkOperationOutcome } from "./store";
import type { BulkFileRecord, BulkOperationErrorCode, BulkOperationRecord } from "./store-types";

export interface BulkOperationsOptions {
  /** Where result files go; by default the process's temporary directory (see `temporaryDirectory`). */
  directory?: string;
  /** Faults that reach the runner (the HTTP face shares its plan, so `POST /_double/faults` reaches it too). */
  faults?: FaultPlan;
  /** Root objects per chunk: each chunk is executed, written, then the event loop gets a turn. */
  chunkSize?: number;
  /** Bulk query operations one shop may run at once. */
  maxConcurrentQueries?: number;
}

export interface BulkUserError {
  field: string[] | null;
  message: string;
  code?: "INVALID" | "OPERATION_IN_PROGRESS";
}

export interface BulkPayload {
  bulkOperation: BulkOperationRecord | null;
  userErrors: BulkUserError[];
}

export const DEFAULT_BULK_CHUNK_SIZE = 250;

const TEMPORARY_PREFIX = "shopify-double-bulk-";
let temporary: string | null = null;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The process's default result directory, `<tmp>/shopify-double-bulk-<pid>`, removed at a clean exit; one left
 * behind by a process that is gone (test workers are often killed) is removed the next time one is made.
 */
function temporaryDirectory(): string {
  if (!temporary) {
    for (const name of fs.readdirSync(os.tmpdir())) {
      const pid = new RegExp(`^${TEMPORARY_PREFIX}(\\d+)$`).exec(name)?.[1];
      if (pid && !alive(Number(pid))) fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
    }
    const dir = path.join(os.tmpdir(), `${TEMPORARY_PREFIX}${process.pid}`);
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    temporary = dir;
  }
  fs.mkdirSync(temporary, { recursive: true });
  return temporary;
}

/**
 * Writes one chunk of root nodes as JSONL lines. Grouped: each node directly followed by its children.
 * Ungrouped (Shopify's default since 2026-01): the chunk's root lines, then their children, so a child's
 * parent is only guaranteed to come earlier in the file. Returns the number of lines.
 */
function writeChunk(writer: JsonlWriter, roots: NodeResult[], grouped: boolean): number {
  let objects = 0;
  const line = (result: NodeResult, parentId: unknown) => {
    if (parentId !== undefined) result.object.__parentId = parentId;
    writer.line(JSON.stringify(result.object));
    objects++;
  };
  if (grouped) {
    const visit = (result: NodeResult, parentId: unknown): void => {
      line(result, parentId);
      for (const child of result.children) visit(child, result.object.id);
    };
    for (const root of roots) visit(root, undefined);
  } else {
    let level = roots.map((result) => ({ result, parentId: undefined as unknown }));
    while (level.length > 0) {
      for (const { result, parentId } of level) line(result, parentId);
      level = level.flatMap(({ result }) => result.children.map((child) => ({ result: child, parentId: result.object.id })));
    }
  }
  return objects;
}

/**
 * A JSONL file written line by line into byte buffers handed to the disk as they fill. Lines never gather into
 * one large string: strings that big live outside V8's young generation and would make every chunk cost a
 * full garbage collection of the store.
 */
class JsonlWriter {
  private static readonly BUFFER_BYTES = 256 * 1024;
  private readonly stream: fs.WriteStream;
  private failure: Error | null = null;
  private buffer = Buffer.allocUnsafe(JsonlWriter.BUFFER_BYTES);
  private used = 0;
  private full = false;
  bytes = 0;

  constructor(readonly file: string) {
    this.stream = fs.createWriteStream(file);
    this.stream.on("error", (error) => (this.failure = error));
  }

  line(text: string): void {
    // Three bytes per UTF-16 unit is the most UTF-8 can need.
    if (this.used + text.length * 3 + 1 > this.buffer.length) this.flush();
    if (text.length * 3 + 1 > this.buffer.length) {
      this.push(Buffer.from(`${text}\n`));
      return;
    }
    this.used += this.buffer.write(text, this.used);
    this.buffer[this.used++] = 0x0a;
  }

  /** Waits while the disk is behind (call between chunks). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.full) await once(this.stream, "drain");
    this.full = false;
  }

  async close(): Promise<number> {
    this.flush();
    if (!this.stream.closed) await new Promise<void>((resolve) => this.stream.end(resolve));
    if (this.failure) throw this.failure;
    return this.bytes;
  }

  async discard(): Promise<void> {
    await this.close().catch(() => undefined);
    await fs.promises.rm(this.file, { force: true });
  }

  private flush(): void {
    if (this.used === 0) return;
    this.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(JsonlWriter.BUFFER_BYTES);
    this.used = 0;
  }

  private push(bytes: Buffer): void {
    this.bytes += bytes.length;
    if (!this.stream.write(bytes)) this.full = true;
  }
}

export class BulkOperations {
  readonly faults: FaultPlan;
  /** The last unexpected error an operation failed on (Shopify only says INTERNAL_SERVER_ERROR). */
  lastError: unknown = null;
  private configuredDirectory: string | null;
  private readonly chunkSize: number;
  private readonly maxConcurrentQueries: number;
  private readonly runs = new Set<Promise<void>>();
  private paused = false;

  constructor(
    private readonly store: AdminStore,
    options: BulkOperationsOptions = {},
  ) {
    this.faults = options.faults ?? new FaultPlan();
    this.configuredDirectory = options.directory ?? null;
    this.chunkSize = options.chunkSize ?? DEFAULT_BULK_CHUNK_SIZE;
    this.maxConcurrentQueries = options.maxConcurrentQueries ?? 1;
  }

  /** The directory result files are written to (created when first needed). */
  get directory(): string {
    if (this.configuredDirectory) fs.mkdirSync(this.configuredDirectory, { recursive: true });
    else this.configuredDirectory = temporaryDirectory();
    return this.configuredDirectory;
  }

  /** `bulkOperationRunQuery`: a new CREATED operation that starts running once the mutation has answered. */
  runQuery(shop: string, input: { query: string; groupObjects: boolean; scope: string | null }): BulkPayload {
    const analysis = analyseBulkQuery(input.query, adminSchema());
    if (!analysis.ok) {
      return { bulkOperation: null, userErrors: analysis.errors.map((message) => ({ field: ["query"], message, code: "INVALID" })) };
    }
    const running = this.store.unfinishedBulkOperations(shop, "QUERY");
    if (running.length >= this.maxConcurrentQueries) {
      const message = `A bulk query operation for this app and shop is already in progress: ${running[0].id}.`;
      return { bulkOperation: null, userErrors: [{ field: null, message, code: "OPERATION_IN_PROGRESS" }] };
    }
    const operation = this.store.createBulkOperation(shop, { type: "QUERY", ...input });
    const faults = { slow: this.faults.takeBulk(shop, "bulkSlow"), fail: this.faults.takeBulk(shop, "bulkFail") };
    const run: Promise<void> = this.run(shop, operation.id, analysis.plan, faults)
      .catch((error: unknown) => {
        this.lastError = error;
      })
      .finally(() => this.runs.delete(run));
    this.runs.add(run);
    return { bulkOperation: operation, userErrors: [] };
  }

  /** `bulkOperationCancel`: CANCELING now, CANCELED once the runner has stopped. */
  cancel(shop: string, id: string): BulkPayload {
    const operation = parseGid(id)?.type === "BulkOperation" ? this.store.bulkOperation(shop, id) : null;
    if (!operation) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    const status = this.store.bulkOperationStatus(operation);
    if (status === "CREATED" || status === "RUNNING") operation.status = "CANCELING";
    else if (status !== "CANCELING") {
      return {
        bulkOperation: operation,
        userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${status.toLowerCase()}` }],
      };
    }
    return { bulkOperation: operation, userErrors: [] };
  }

  /** Holds every operation before its next chunk until `resume()`. */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.faults.resumeBulk();
  }

  /** Makes an operation's result URLs (the shop's latest query operation by default) expire now. */
  expire(shop: string, id?: string): BulkOperationRecord | null {
    const operation = id ? this.store.bulkOperation(shop, id) : this.store.currentBulkOperation(shop, "QUERY");
    const now = isoUtc(this.store.now());
    if (operation?.file) operation.file.expiresAt = now;
    if (operation?.partialFile) operation.partialFile.expiresAt = now;
    return operation;
  }

  /** Resolves once every operation started so far has finished. */
  async settled(): Promise<void> {
    while (this.runs.size > 0) await Promise.all([...this.runs]);
  }

  private finish(shop: string, id: string, outcome: BulkOperationOutcome): void {
    const operation = this.store.bulkOperation(shop, id);
    if (operation && (operation.status === "CREATED" || operation.status === "RUNNING" || operation.status === "CANCELING")) {
      this.store.finishBulkOperation(shop, id, outcome);
    }
  }

  private kept(file: BulkFileRecord, size: number): BulkFileRecord {
    return { ...file, size, expiresAt: isoUtc(new Date(this.store.now().getTime() + BULK_URL_TTL_MS)) };
  }

  private async run(shop: string, id: string, plan: BulkQueryPlan, faults: { slow: BulkFault | null; fail: BulkFault | null }) {
    await nextTurn();
    const live = () => this.store.bulkOperation(shop, id);
    const started = live();
    if (started?.status === "CANCELING") return this.finish(shop, id, { status: "CANCELED" });
    if (started?.status !== "CREATED") return;
    started.status = "RUNNING";
    if (plan.resources.some((resource) => !canRead(started.scope, resource))) {
      return this.finish(shop, id, { status: "FAILED", errorCode: "ACCESS_DENIED" });
    }

    let file: BulkFileRecord | null = null;
    let writer: JsonlWriter | null = null;
    // What a failed operation wrote stays downloadable at partialDataUrl.
    const failWith = async (errorCode: BulkOperationErrorCode, written: number) => {
      const size = writer ? await writer.close().catch(() => 0) : 0;
      const kept = file && written > 0 && size > 0 ? this.kept(file, size) : null;
      if (file && !kept) await fs.promises.rm(file.path, { force: true }).catch(() => undefined);
      this.finish(shop, id, { status: "FAILED", errorCode, partialFile: kept });
    };
    try {
      file = newBulkFile(this.directory, this.store.now());
      writer = new JsonlWriter(file.path);
      const context: AdminContext = { store: this.store, shop, bulk: this, scope: started.scope, origin: "" };
      const executor = new BulkExecutor(adminSchema(), plan, context);
      const roots = executor.rootNodes();
      const chunkSize = faults.slow?.chunkSize ?? this.chunkSize;
      for (let start = 0; ; start += chunkSize) {
        await (faults.slow ? sleep(faults.slow.delayMs) : nextTurn());
        await this.whilePaused(shop, id);
        const operation = live();
        // Gone or already finished: the store was restored from a snapshot while this ran.
        if (!operation || (operation.status !== "RUNNING" && operation.status !== "CANCELING")) return await writer.discard();
        if (operation.status === "CANCELING") {
          await writer.discard();
          return this.finish(shop, id, { status: "CANCELED" });
        }
        const done = start >= roots.length;
        if (faults.fail && (operation.objectCount >= faults.fail.afterObjects || done))
          return await failWith(faults.fail.errorCode, operation.objectCount);
        if (done) break;
        const chunk = roots.slice(start, start + chunkSize);
        operation.objectCount += writeChunk(
          writer,
          chunk.map((node) => executor.run(node)),
          operation.groupObjects,
        );
        operation.rootObjectCount += chunk.length;
        await writer.drain();
      }
      const size = await writer.close();
      // Shopify gives no file (and no url) for an export that found nothing.
      if (size === 0) await fs.promises.rm(file.path, { force: true });
      this.finish(shop, id, { status: "COMPLETED", file: size > 0 ? this.kept(file, size) : null });
    } catch (error) {
      this.lastError = error;
      await failWith("INTERNAL_SERVER_ERROR", live()?.objectCount ?? 0);
    }
  }

  private async whilePaused(shop: string, id: string): Promise<void> {
    while ((this.paused || this.faults.bulkPaused(shop)) && this.store.bulkOperation(shop, id)?.status === "RUNNING") await sleep(10);
  }
}
