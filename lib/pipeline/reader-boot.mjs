// What the pool forks, with plain node: the reader script named by the first argument (the compiled readers of
// reader-script.ts, or the tsx boot), loaded with Array.prototype.push kept native.
//
// pdf.js's legacy build (both its modules, pdf.mjs and pdf.worker.mjs) replaces Array.prototype.push for the whole
// process with core-js's, a plain JavaScript loop that is about a fifth of a reader's CPU on the bench's PDFs (pdf.js
// and the parser push all the time). core-js replaces it only because V8 before 12.2 (Node 20 has 11.3) does not
// throw on `push()` with no arguments to an array whose length is read-only (V8 issue 12681): no reader does that,
// so the native push reads every file the same way. The reader script loads both pdf.js modules (worker-entry.ts
// imports the worker module instead of leaving pdf.js to load it at the first file), then the native push is put back.
import { pathToFileURL } from "node:url";

const nativePush = Array.prototype.push;
await import(pathToFileURL(process.argv[2]).href);
Object.defineProperty(Array.prototype, "push", { value: nativePush, writable: true, enumerable: false, configurable: true });
