// The job registry: every job definition the app knows, looked up by name by both drivers. It owns
// what a driver must not decide on its own: payload validation before a run, and telling a job
// about its failed attempts without letting that notice change what happens next.
import { PermanentJobError, type JobAttemptFailure, type JobContext, type JobDefinition } from "./types";

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export class JobRegistry {
  private readonly byName = new Map<string, JobDefinition<unknown>>();

  constructor(definitions: JobDefinition<any>[] = []) {
    for (const d of definitions) this.add(d);
  }

  add(definition: JobDefinition<any>) {
    if (this.byName.has(definition.name)) throw new Error(`Job ${definition.name} is defined twice`);
    this.byName.set(definition.name, definition);
  }

  get(name: string): JobDefinition<unknown> | undefined {
    return this.byName.get(name);
  }

  /** Validates the payload and runs the job; unknown jobs and bad payloads are permanent failures. */
  async run(name: string, rawPayload: unknown, ctx: JobContext) {
    const definition = this.byName.get(name);
    if (!definition) throw new PermanentJobError(`No job named ${name}`);
    const parsed = definition.schema.safeParse(rawPayload);
    if (!parsed.success) throw new PermanentJobError(`Invalid payload for ${name}: ${parsed.error.message}`);
    await definition.run(parsed.data, ctx);
  }

  /**
   * Tells the job's `onFailure` what the driver decided. A payload that failed validation is
   * passed as stored: the notice is how such a job gets marked dead where a merchant looks.
   * Errors are logged and swallowed, since the decision is already made.
   */
  async notifyFailure(name: string, rawPayload: unknown, failure: JobAttemptFailure, ctx: JobContext) {
    const definition = this.byName.get(name);
    if (!definition?.onFailure) return;
    const parsed = definition.schema.safeParse(rawPayload);
    try {
      await definition.onFailure(parsed.success ? parsed.data : rawPayload, failure, ctx);
    } catch (error) {
      ctx.log.error({ err: error, attempt: failure.attempt }, "job onFailure hook failed");
    }
  }

  maxAttempts(name: string, fallback: number) {
    return this.byName.get(name)?.maxAttempts ?? fallback;
  }
}
