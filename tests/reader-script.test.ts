import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readerScript, TSX_BOOT } from "../lib/pipeline/reader-script";

/** What a reader process runs: the readers compiled once into one module, or tsx where that cannot be written. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-readers-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("readerScript", () => {
  it("compiles the reader entry with every reader into one module named by the hash of its inputs, packages left outside", () => {
    const script = readerScript(join(dir, "cache"));
    expect(script).toMatch(/reader-[0-9a-f]{24}\.mjs$/);
    const { inputs } = JSON.parse(readFileSync(join(dir, "cache", "manifest.json"), "utf8")) as { inputs: string[] };
    expect(inputs).toEqual(expect.arrayContaining(["lib/pipeline/worker-entry.ts", "lib/pipeline/job.ts", "lib/ingest/pdf.ts", "lib/report/parse.ts"]));
    const code = readFileSync(script, "utf8");
    expect(code).toContain('from "pdfjs-dist/legacy/build/pdf.mjs"');
    expect(code).toContain("process.on(");
    // Asked again, the same script (a new pool does not build again).
    expect(readerScript(join(dir, "cache"))).toBe(script);
  });

  it("falls back to the tsx boot where the cache folder cannot be made", () => {
    writeFileSync(join(dir, "file"), "");
    expect(readerScript(join(dir, "file", "cache"))).toBe(TSX_BOOT);
  });
});
