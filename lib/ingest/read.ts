import { detectFormat, type Format } from "./detect";
import { readDoc } from "./doc";
import { readDocx } from "./docx";
import { readHtml } from "./html";
import { readMht } from "./mht";
import { readText } from "./text";
import { type ReadHooks, ReadError, type Reader, type ReadResult } from "./types";

/** pdf.js is large and slow to load, so a worker that never meets a PDF never loads it. */
const readPdf: Reader = async (bytes, hooks) => (await import("./pdf")).readPdf(bytes, hooks);

const READERS: Record<Exclude<Format, "unknown">, Reader> = {
  pdf: readPdf,
  docx: readDocx,
  doc: readDoc,
  rtf: async () => {
    throw new ReadError("RTF is not supported: save it as DOCX or PDF");
  },
  mht: readMht,
  html: readHtml,
  text: readText,
};

/** Reads a file of any supported format, chosen from its content (never its name). Throws ReadError. */
export async function readDocument(bytes: Uint8Array, hooks: ReadHooks = {}): Promise<ReadResult> {
  if (bytes.length === 0) throw new ReadError("empty file (0 bytes)");
  const format = detectFormat(bytes);
  if (format === "unknown") throw new ReadError("unrecognised file format (neither PDF, DOCX, DOC, HTML, MHT nor text)");
  return READERS[format](bytes, hooks);
}
