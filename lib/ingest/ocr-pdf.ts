import { createCanvas } from "@napi-rs/canvas";
import { OPS, type PDFDocumentProxy, type PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";
import { OcrEngine } from "./ocr-engine";
import { findTables, type Table } from "./ocr-grid";
import { readPage } from "./ocr-page";
import { OCR_DPI, type PreparedImage, prepareImage } from "./ocr-image";
import { type OcrNumber, type ReadHooks, ReadError } from "./types";

/**
 * The OCR reader for PDFs without a text layer (scans): every page rendered at its scan's own resolution and prepared
 * (ocr-image.ts: despeckled, enlarged to 300 dpi when coarser, deskewed by the angle of its lines), its tables found
 * by their rules (ocr-grid.ts) and read cell by cell (ocr-page.ts). A long scan is not read in full: past
 * `FULL_TEXT_PAGES` pages only the first page and the pages with tables are read, the others' text is skipped
 * (finding a page's tables takes a fraction of a second; reading a page of text takes seconds).
 */
/** A scan of at most this many pages has all its text read; a longer one only its first page and its tables. */
export const FULL_TEXT_PAGES = 12;
/** A page is rendered at no more pixels than this (a poster-size page is rendered below 300 dpi). */
const MAX_PAGE_PIXELS = 40_000_000;
/** Page images coarser than this are not read: at 30 dpi a digit is a few pixels, and any reading would be a guess. */
export const MIN_SCAN_DPI = 100;

/** A page rendered at its scan's own resolution (at most OCR_DPI), then prepared for OCR (ocr-image.ts). */
async function renderPage(doc: PDFDocumentProxy, n: number): Promise<PreparedImage> {
  const page = await doc.getPage(n);
  const unit = page.getViewport({ scale: 1 });
  const native = (await imageDpi(page)) ?? OCR_DPI;
  const scale = Math.min(Math.min(OCR_DPI, Math.max(MIN_SCAN_DPI, native)) / 72, Math.sqrt(MAX_PAGE_PIXELS / (unit.width * unit.height)));
  const viewport = page.getViewport({ scale });
  const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  // pdf.js draws on any 2D context with the DOM's API; @napi-rs/canvas is the one it uses in Node.
  await page.render({ canvasContext: ctx as unknown as CanvasRenderingContext2D, canvas: canvas as unknown as HTMLCanvasElement, viewport }).promise;
  page.cleanup();
  return prepareImage(canvas, scale * 72);
}

/** The resolution of the largest image painted on a page (dots per inch of the page), or null for a page without one. */
async function imageDpi(page: PDFPageProxy): Promise<number | null> {
  const operators = await page.getOperatorList();
  const { width } = page.getViewport({ scale: 1 });
  let best: number | null = null;
  operators.fnArray.forEach((fn, i) => {
    if (fn !== OPS.paintImageXObject) return;
    const id = operators.argsArray[i]?.[0] as string;
    const image = (page.objs.has(id) ? page.objs.get(id) : page.commonObjs.has(id) ? page.commonObjs.get(id) : null) as { width?: number } | null;
    if (image?.width) best = Math.max(best ?? 0, (image.width * 72) / width);
  });
  return best;
}

export type OcrText = { text: string; pageStarts: number[]; ocr: OcrNumber[] };

/** Reads a scanned PDF by OCR. `hooks.onOcr` is told first, with the page count. */
export async function ocrPdf(doc: PDFDocumentProxy, hooks: ReadHooks = {}): Promise<OcrText> {
  const dpi = await imageDpi(await doc.getPage(1));
  if (dpi !== null && dpi < MIN_SCAN_DPI)
    throw new ReadError(`scanned PDF: page images of ${Math.round(dpi)} dpi, too coarse to read by OCR (${MIN_SCAN_DPI} dpi at least)`);
  hooks.onOcr?.(doc.numPages);
  const engine = await OcrEngine.start();
  let text = "";
  const pageStarts: number[] = [];
  const ocr: OcrNumber[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const { binary, grid, dpi } = await renderPage(doc, n);
      const tables: Table[] = findTables(grid, dpi);
      const withText = doc.numPages <= FULL_TEXT_PAGES || n === 1;
      pageStarts.push(text.length);
      if (!withText && tables.length === 0) continue;
      const page = await readPage(engine, binary, tables, dpi, withText);
      const lineStarts: number[] = [];
      for (const line of page.lines) {
        lineStarts.push(text.length);
        text += `${line}\n`;
      }
      for (const { line, start, ...number } of page.numbers) ocr.push({ ...number, at: lineStarts[line]! + start, page: n });
    }
  } finally {
    await engine.stop();
  }
  return { text: text.trimEnd(), pageStarts, ocr };
}
