// Lines of a JSONL download come out whole, with the offset a resumed download starts from,
// however the bytes were cut into chunks.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { jsonlLines } from "~/history/jsonl-lines.server";

async function* chunked(bytes: Buffer, cuts: number[]) {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= from || cut >= bytes.length) continue;
    yield new Uint8Array(bytes.subarray(from, cut));
    from = cut;
  }
  yield new Uint8Array(bytes.subarray(from));
}

async function collect(bytes: Buffer, cuts: number[], start = 0) {
  const out: { text: string; end: number }[] = [];
  for await (const line of jsonlLines(chunked(bytes, cuts), start)) out.push(line);
  return out;
}

describe("jsonlLines", () => {
  it("yields each line once with the byte offset after it, whatever the chunking (multi-byte text included)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((s) => !s.includes("\n") && s.trim() === s && s.length > 0),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.array(fc.nat(2_000), { maxLength: 30 }),
        fc.boolean(),
        async (lines, cuts, trailingNewline) => {
          const text = lines.join("\n") + (trailingNewline ? "\n" : "");
          const bytes = Buffer.from(text, "utf8");
          const got = await collect(bytes, cuts);
          expect(got.map((l) => l.text)).toEqual(lines);
          // Each offset is where the next line starts: resuming there yields exactly the rest.
          for (const [i, l] of got.entries()) {
            const rest = await collect(bytes.subarray(l.end), [], l.end);
            expect(rest.map((r) => r.text)).toEqual(lines.slice(i + 1));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("skips blank lines and refuses a line that never ends", async () => {
    expect((await collect(Buffer.from('{"a":1}\n\n{"b":2}\n'), [3])).map((l) => l.text)).toEqual(['{"a":1}', '{"b":2}']);
    async function* endless() {
      for (let i = 0; i < 20; i++) yield new Uint8Array(1024 * 1024).fill(97);
    }
    await expect(async () => {
      for await (const _ of jsonlLines(endless(), 0)) void _;
    }).rejects.toThrow(/longer than/);
  });
});
