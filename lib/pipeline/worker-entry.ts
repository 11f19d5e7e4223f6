// pdf.js's two modules, loaded with the readers rather than at the first file (the worker module by pdf.js itself,
// the main one by lib/ingest/read.ts's lazy import): pdf.js then runs its worker in this process
// (`globalThis.pdfjsWorker`), and both modules' polyfills are in place before reader-boot.mjs puts the native
// Array.prototype.push back.
import "pdfjs-dist/legacy/build/pdf.worker.mjs";
import "pdfjs-dist/legacy/build/pdf.mjs";
import { reportFromBytes } from "./job";

type Job = { id: number; name: string; bytes: Uint8Array; maxFileMb: number };

/**
 * A reader process of the pool: parses the bytes the pool sends, one file at a time, `{ id, name, bytes, maxFileMb }`
 * in, `{ id, result }` out. It never reads the file itself. The bytes are not sent back: the pool keeps the bytes it
 * sent, and the report's sha256 says they are the bytes parsed here.
 */
process.on("message", async ({ id, name, bytes, maxFileMb }: Job) => {
  const result = await reportFromBytes(name, bytes, maxFileMb, { onOcr: (pages) => process.send?.({ id, ocr: pages }) });
  process.send?.({ id, result: result.ok ? { ...result, bytes: undefined } : result });
});
