// What the pool forks, with plain node: the reader script named by the first argument (the compiled readers of
// reader-script.ts, or the tsx boot), loaded with Array.prototype.push kept native.
//
// pdf.js's legacy build (both its modules, pdf.mjs and pdf.worker.mjs) replaces Array.prototype.push for the whole
// process with core-js's, a plain JavaScript loop that is about a fifth of a reader's CPU on the bench's PDFs (pdf.js
// and the parser push all the time). core-js replaces it only because V8 before 12.2 (Node 20 has 11.3) does not
// throw on `push()` with no arguments to an array whose length is read-only (V8 issue 12681): no reader does that,
// so the native push reads every file the same way. The reader script loads both pdf.js modules (worker-entry.ts
// imports them up front instead of leaving them to the first file), then the native push is put back.
//
// The compiled readers (a CommonJS script, `.cjs`) are run as a vm.Script with V8's code cache of them, kept in
// `<script>.v8cache`: compiling the script's 5 MB is about half of a reader's start. The first reader to load the
// script without a cache (none yet, or one V8 rejects: another node, other flags) writes it once the script has run,
// so it holds what the load compiled too; later readers start from it.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

const nativePush = Array.prototype.push;
const script = process.argv[2];
if (script.endsWith(".cjs")) runCompiled(script);
else await import(pathToFileURL(script).href);
Object.defineProperty(Array.prototype, "push", { value: nativePush, writable: true, enumerable: false, configurable: true });

/** Runs a CommonJS script as Node's loader would (the same wrapper and arguments), from its code cache if it has one. */
function runCompiled(file) {
  const cacheFile = `${file}.v8cache`;
  const cachedData = readCache(cacheFile);
  const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, "utf8")}\n})`;
  const compiled = new vm.Script(source, {
    filename: file,
    cachedData,
    // pdf.js's computed import()s of optional modules (reader-script.ts turns the others into require()s) go to
    // node's own loader where this node can (20.18 and later); they are not reached in reading text.
    importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const module = { exports: {} };
  compiled.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || compiled.cachedDataRejected) writeCache(cacheFile, compiled.createCachedData());
}

function readCache(cacheFile) {
  try {
    return existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  } catch {
    return undefined;
  }
}

/** Written under a temporary name, then renamed: a reader starting meanwhile never reads half a cache. */
function writeCache(cacheFile, data) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, cacheFile);
  } catch {
    // A read-only install: readers start without a cache, as they would with none.
    rmSync(temporary, { force: true });
  }
}
