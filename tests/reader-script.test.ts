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
  it("compiles the reader entry with every reader and pdf.js into one strict script named by the hash of its inputs, native packages left outside", () => {
    const script = readerScript(join(dir, "cache"));
    expect(script).toMatch(/reader-[0-9a-f]{24}\.cjs$/);
    const { inputs } = JSON.parse(readFileSync(join(dir, "cache", "manifest.json"), "utf8")) as { inputs: string[] };
    expect(inputs).toEqual(expect.arrayContaining(["lib/pipeline/worker-entry.ts", "lib/pipeline/job.ts", "lib/ingest/pdf.ts", "lib/report/parse.ts"]));
    // pdf.js's two modules are compiled in (their code goes into the code cache) and run when the script loads,
    // before the boot puts the native push back: neither is left to a lazy import at the first file.
    for (const module of ["pdf.mjs", "pdf.worker.mjs"]) expect(inputs.some((input) => input.endsWith(`pdfjs-dist/legacy/build/${module}`))).toBe(true);
    const code = readFileSync(script, "utf8");
    expect(code.startsWith('"use strict";')).toBe(true);
    expect(code).not.toMatch(/require\("pdfjs-dist/);
    expect(code).toContain('require("@napi-rs/canvas")');
    expect(code).not.toContain("import.meta");
    // import() in a vm.Script fails on Node 20 without a flag: the lazy imports of the DOCX reader and the PDF fallback
    // are require()s of the packages.
    expect(code).not.toMatch(/\bimport\(["'](mammoth|pdf-parse)["']\)/);
    for (const name of ["mammoth", "pdf-parse"]) expect(code).toContain(`require("${name}")`);
    // The worker module runs at the top level of the script (not indented into a lazy init), and the entry starts by
    // running pdf.mjs's init.
    const entry = code.indexOf("// lib/pipeline/worker-entry.ts\n");
    expect(code.search(/\nglobalThis\.pdfjsWorker = \{/)).toBeGreaterThan(0);
    expect(code.search(/\nglobalThis\.pdfjsWorker = \{/)).toBeLessThan(entry);
    expect(code.slice(entry).split("\n")[1]).toMatch(/^init_pdf\d*\(\);$/);
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

/** Starts `script` through the boot and waits for its answer to one message. */
function bootAnswer(script: string): Promise<unknown> {
  const child = fork(READER_BOOT, [script], { stdio: "ignore" });
  return new Promise((resolve, reject) => {
    child.once("message", resolve).once("error", reject);
    child.send("ready?");
  });
}

describe("reader-boot.mjs", () => {
  it("runs a compiled script (.cjs) with its V8 code cache, written by the first reader, rewritten when V8 rejects it", async () => {
    const script = join(dir, "reader-0.cjs");
    writeFileSync(
      script,
      `"use strict";
const { basename } = require("node:path");
const square = (n) => n * n;
process.on("message", () => { process.send({ name: basename(__filename), sum: [1, 2, 3].map(square).reduce((a, b) => a + b), strict: this === module.exports && (function () { return this; })() === undefined }); process.disconnect(); });
`,
    );
    const cache = `${script}.v8cache`;
    const answer = { name: "reader-0.cjs", sum: 14, strict: true };
    expect(await bootAnswer(script)).toEqual(answer);
    const written = readFileSync(cache);
    expect(written.length).toBeGreaterThan(0);
    // Accepted: left as it is.
    expect(await bootAnswer(script)).toEqual(answer);
    expect(readFileSync(cache).equals(written)).toBe(true);
    // Not V8's (another node, a damaged file): rejected, the script runs all the same and the cache is written again.
    writeFileSync(cache, "not a code cache");
    expect(await bootAnswer(script)).toEqual(answer);
    const rewritten = readFileSync(cache);
    expect(rewritten.toString("latin1")).not.toContain("not a code cache");
    expect(rewritten.length).toBeGreaterThan(16);
    expect(await bootAnswer(script)).toEqual(answer);
    expect(readFileSync(cache).equals(rewritten)).toBe(true);
  });

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
