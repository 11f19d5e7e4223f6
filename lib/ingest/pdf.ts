import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { getDocument, Util, VerbosityLevel, type PDFDocumentProxy, type PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api";
import { layoutRows } from "./pdf-layout";
import type { Fragment } from "./pdf-lines";
import { assemblePages, type PageRows } from "./pdf-pages";
import { type ReadHooks, ReadError, type ReadResult } from "./types";

export const PDF_MEDIA_TYPE = "application/pdf";

/** Fewer non-space characters than this per page, on average, and the PDF is taken for a scan. */
const MIN_CHARS_PER_PAGE = 20;

const PDFJS_ROOT = dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/**
 * The same options for the reader and the benchmark's bare extraction. Without the CMaps and standard font
 * data, text in non-embedded CJK fonts (STSong-Light + UniGB-UCS2-H) vanishes without any error.
 */
function loadOptions(bytes: Uint8Array) {
  return {
    // A fresh plain Uint8Array: pdf.js refuses Node Buffers and may transfer (detach) the buffer it is given.
    data: new Uint8Array(bytes),
    cMapUrl: `${join(PDFJS_ROOT, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${join(PDFJS_ROOT, "standard_fonts")}/`,
    isEvalSupported: false,
    verbosity: VerbosityLevel.ERRORS,
  };
}

function openError(error: unknown): ReadError {
  const e = error as { name?: string; message?: string };
  if (e?.name === "PasswordException") return new ReadError("encrypted PDF: needs a password to open");
  return new ReadError(`corrupt PDF: ${e?.message ?? String(error)}`);
}

async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  try {
    return await getDocument(loadOptions(bytes)).promise;
  } catch (error) {
    throw openError(error);
  }
}

/** Runs `work` on every page in order; a page pdf.js cannot parse makes the whole file corrupt. */
async function eachPage<T>(doc: PDFDocumentProxy, work: (page: PDFPageProxy) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    try {
      results.push(await work(await doc.getPage(n)));
    } catch (error) {
      throw openError(error);
    }
  }
  return results;
}

function isTextItem(item: object): item is TextItem {
  return "str" in item;
}

/** The bare pdf.js text of every page (the benchmark's baseline for readPdf). */
export async function extractBareText(bytes: Uint8Array): Promise<string> {
  const doc = await openPdf(bytes);
  try {
    const pages = await eachPage(doc, async (page) => {
      const content = await page.getTextContent();
      return content.items.map((item) => (isTextItem(item) ? item.str : "")).join("");
    });
    return pages.join("\n");
  } finally {
    await doc.destroy();
  }
}

type PageText = { fragments: Fragment[]; height: number; chars: number };

async function pageFragments(page: PDFPageProxy): Promise<PageText> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const fragments: Fragment[] = [];
  let chars = 0;
  content.items.forEach((item, index) => {
    if (!isTextItem(item)) return;
    const text = item.str.replace(/\s+/g, " ").trim();
    if (!text) return;
    chars += text.replace(/\s/g, "").length;
    // Viewport space: top-left origin, y down; the item's origin is its baseline start.
    const [, , c, d, x, y] = Util.transform(viewport.transform, item.transform) as number[];
    const size = Math.hypot(c!, d!) || item.height || 1;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return;
    fragments.push({ text, x0: x!, x1: x! + Math.max(item.width, 0), y: y!, size, index });
  });
  return { fragments, height: viewport.height, chars };
}

/** pdf-parse's plain text, for a PDF whose text items could not be placed at all. */
async function plainText(bytes: Uint8Array): Promise<{ text: string; pageStarts: number[] }> {
  const { PDFParse } = await import("pdf-parse");
  const parser = new PDFParse(loadOptions(bytes));
  try {
    const result = await parser.getText({ pageJoiner: "" });
    const pageStarts: number[] = [];
    let text = "";
    for (const page of result.pages) {
      pageStarts.push(text.length);
      text += `${page.text.trim()}\n`;
    }
    return { text: text.trimEnd(), pageStarts };
  } finally {
    await parser.destroy();
  }
}

/**
 * Reads a PDF's text layer: narrative as lines, tables as one row per line with tab-separated cells. A PDF without a
 * text layer (a scan) is read by OCR (ocr-pdf.ts), its numbers listed in `ocr`. Throws ReadError for encrypted and
 * corrupt files.
 */
export async function readPdf(bytes: Uint8Array, hooks: ReadHooks = {}): Promise<ReadResult> {
  const doc = await openPdf(bytes);
  let pages: PageText[];
  try {
    pages = await eachPage(doc, pageFragments);
    const chars = pages.reduce((sum, p) => sum + p.chars, 0);
    if (chars < MIN_CHARS_PER_PAGE * Math.max(1, pages.length)) {
      const { ocrPdf } = await import("./ocr-pdf");
      const scan = await ocrPdf(doc, hooks).catch((error: unknown) => {
        if (error instanceof ReadError) throw error;
        throw new ReadError(`scanned PDF: OCR failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      if (!scan.text.trim()) throw new ReadError("scanned PDF: OCR found no text");
      return { text: scan.text, mediaType: PDF_MEDIA_TYPE, pages: pages.length, pageStarts: scan.pageStarts, ocr: scan.ocr };
    }
  } finally {
    await doc.destroy();
  }

  const rows: PageRows[] = pages.map((p) => ({ rows: layoutRows(p.fragments), height: p.height }));
  let { text, pageStarts } = assemblePages(rows);
  if (!text.trim()) ({ text, pageStarts } = await plainText(bytes));
  return { text, mediaType: PDF_MEDIA_TYPE, pages: pages.length, pageStarts };
}
