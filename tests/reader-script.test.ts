import { fork } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { READER_BOOT, readerScript, TSX_BOOT } from "../lib/pipeline/reader-script";

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
    // pdf.js's worker module is loaded with the readers, before the boot puts the native push back.
    expect(code).toContain('import "pdfjs-dist/legacy/build/pdf.worker.mjs"');
    expect(code).toContain("process.on(");
    // Asked again, the same script (a new pool does not build again).
    expect(readerScript(join(dir, "cache"))).toBe(script);
  });

  it("falls back to the tsx boot where the cache folder cannot be made", () => {
    writeFileSync(join(dir, "file"), "");
    expect(readerScript(join(dir, "file", "cache"))).toBe(TSX_BOOT);
  });
});

/** Whether Array.prototype.push is, once `script` has loaded (directly or through the boot), the one node started with. */
function pushKeptNative(script: string, throughBoot: boolean): Promise<boolean> {
  const child = throughBoot ? fork(READER_BOOT, [script], { stdio: "ignore" }) : fork(script, [], { stdio: "ignore" });
  return new Promise((resolve, reject) => {
    child.once("message", (native) => resolve(native === true)).once("error", reject);
    child.send("push?");
  });
}

describe("reader-boot.mjs", () => {
  it("loads the reader script, then puts back the native Array.prototype.push that a polyfill replaced while it loaded", async () => {
    // As pdf.js's legacy build does with core-js: push replaced by a JavaScript function when the module is loaded.
    const script = join(dir, "polyfilled-reader.mjs");
    writeFileSync(
      script,
      `const native = Array.prototype.push;
Array.prototype.push = function push(...items) { for (const item of items) this[this.length] = item; return this.length; };
process.on("message", () => { process.send(Array.prototype.push === native); process.disconnect(); });
`,
    );
    expect(await pushKeptNative(script, false)).toBe(false);
    expect(await pushKeptNative(script, true)).toBe(true);
  });
});
