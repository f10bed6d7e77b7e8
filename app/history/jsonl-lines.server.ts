// Splits a downloading JSONL file into lines without holding the file: bytes arrive in chunks, a
// line is yielded once its newline has arrived, and each line carries the byte offset just after
// it — the point a later download can resume from (HTTP Range) with nothing read twice or missed.

export interface JsonlLine {
  text: string;
  /** Offset in the whole file of the byte after this line's newline. */
  end: number;
}

/** Longest line accepted (a customer or order with its inline lists is a few KB). */
const MAX_LINE = 8 * 1024 * 1024;

export async function* jsonlLines(chunks: AsyncIterable<Uint8Array>, startOffset: number): AsyncGenerator<JsonlLine> {
  let offset = startOffset;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let from = 0;
    for (let nl = buf.indexOf(10, from); nl !== -1; nl = buf.indexOf(10, from)) {
      offset += nl + 1 - from;
      const text = buf.toString("utf8", from, nl).trim();
      from = nl + 1;
      if (text) yield { text, end: offset };
    }
    carry = Buffer.from(buf.subarray(from));
    if (carry.length > MAX_LINE) throw new Error(`a line of the file is longer than ${MAX_LINE} bytes`);
  }
  const last = carry.toString("utf8").trim();
  if (last) yield { text: last, end: offset + carry.length };
}
