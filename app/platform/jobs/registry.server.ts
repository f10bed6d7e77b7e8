// The job registry: every job definition the app knows, looked up by name by both drivers.
import { PermanentJobError, type JobContext, type JobDefinition } from "./types";

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

  maxAttempts(name: string, fallback: number) {
    return this.byName.get(name)?.maxAttempts ?? fallback;
  }
}
