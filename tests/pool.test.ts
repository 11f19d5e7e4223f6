import { readFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ReaderPool } from "../lib/pipeline/pool";
import { fixtureDirs } from "./support/fixtures";

const pdf = join(fixtureDirs("pdf-bordered")[0] as string, "input.pdf");

describe("the parse pool bounds every file in time and memory", () => {
  it("parses a file in a worker", async () => {
    const pool = new ReaderPool(1);
    const result = await pool.report(pdf, readFileSync(pdf));
    await pool.close();
    expect(result.ok && result.report.source.mediaType).toBe("application/pdf");
  });

  it("refuses a file that takes longer than the time limit and goes on with the next", async () => {
    const pool = new ReaderPool(1, { timeoutMs: 1, maxMemoryMb: 1024 });
    const slow = await pool.report(pdf, readFileSync(pdf));
    expect(slow).toEqual({ ok: false, path: pdf, reason: "refused: reading it took longer than 0.001 s" });
    await pool.close();
  });

  it("refuses a file whose reading needs more memory than the limit, also when the worker dies before the job", async () => {
    for (const maxMemoryMb of [4, 16]) {
      const pool = new ReaderPool(1, { timeoutMs: 60_000, maxMemoryMb });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const result = await pool.report(pdf, readFileSync(pdf));
      await pool.close();
      expect(result).toMatchObject({
        ok: false,
        path: pdf,
        reason: expect.stringMatching(new RegExp(`^refused: reading it needs more than ${maxMemoryMb} MB of memory`)),
      });
    }
  });

  it("bounds a reader's resident memory, not only its heap: a PDF whose page inflates to 200 MB is refused with the figure", async () => {
    const pool = new ReaderPool(1, { timeoutMs: 60_000, maxMemoryMb: 250 });
    try {
      const started = performance.now();
      const heavy = await pool.report("heavy.pdf", heavyPdf(200));
      expect(heavy).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^refused: reading it needs more than 250 MB of memory \(the reader held \d+ MB resident\)$/),
      });
      const held = Number(/held (\d+) MB/.exec((heavy as { reason: string }).reason)![1]);
      expect(held).toBeGreaterThan(250);
      expect(held).toBeLessThan(450);
      expect(performance.now() - started).toBeLessThan(15_000);
      // The reader is replaced, and the next file is read under the same limit (a text report needs about 100 MB).
      const seed = join(fixtureDirs("seed-000")[0] as string, "input.txt");
      const next = await pool.report(seed, readFileSync(seed));
      expect(next.ok && next.report.source.mediaType).toBe("text/plain");
    } finally {
      await pool.close();
    }
  }, 60_000);
});

/**
 * A one-page PDF whose content stream inflates to an inline image of `mb` MB (about 1 KB per MB on disk): pdf.js
 * holds the inflated stream and the image's bytes in typed arrays, outside the V8 heap, and copies them without
 * giving back control. (Path operators inflating to as much, read once, grow a reader of precompiled code by
 * under 10 MB a second: too slowly to show the bound within the test's time.)
 */
function heavyPdf(mb: number): Uint8Array {
  const width = 10_240;
  const image = Buffer.alloc(mb * 1024 * 1024, 0);
  const inline = Buffer.concat([Buffer.from(`BI /W ${width} /H ${image.length / width} /BPC 8 /CS /G ID\n`), image, Buffer.from("\nEI\n")]);
  const content = deflateSync(inline, { level: 9 });
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  const push = (bytes: Buffer) => {
    parts.push(bytes);
    length += bytes.length;
  };
  objects.forEach((body, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`));
  });
  offsets.push(length);
  push(Buffer.from(`4 0 obj\n<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`));
  push(content);
  push(Buffer.from("\nendstream\nendobj\n"));
  const xref = length;
  const entries = offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("");
  push(Buffer.from(`xref\n0 5\n0000000000 65535 f \n${entries}trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(parts));
}
