import { createCanvas, loadImage } from "@napi-rs/canvas";
import { DOCX_MEDIA_TYPE, docxPart, docxToHtml } from "./docx";
import { htmlToText } from "./html";
import { OcrEngine } from "./ocr-engine";
import { findTables } from "./ocr-grid";
import { OCR_DPI, prepareImage } from "./ocr-image";
import { type PageText, readPage } from "./ocr-page";
import { type OcrNumber, type ReadHooks, ReadError, type ReadResult } from "./types";

/**
 * A DOCX whose tables are pictures (a scan or a screenshot pasted in): its text as mammoth reads it, each picture
 * replaced by what OCR reads in it, tables one row a line, as a scanned PDF's page is read (ocr-image.ts, ocr-grid.ts,
 * ocr-page.ts). A picture's resolution comes from the size it is shown at (wp:extent); `page` of an OCR reading is the
 * picture's number (a DOCX has no pages).
 */
const EMU_PER_INCH = 914_400;
/** The width a picture of unknown size is taken to fill: an A4 page's text, in inches. */
const TEXT_WIDTH_INCHES = 6;
/** Pictures smaller than this (pixels) are logos, seals, signatures: not read. */
const MIN_PICTURE = { width: 300, height: 60 };
/** A picture is read at no coarser than this and no finer than OCR_DPI (dots per inch). */
const MIN_PICTURE_DPI = 72;

const marker = (n: number) => `NIANBAO-OCR-PICTURE-${n}`;
const MARKER = /NIANBAO-OCR-PICTURE-(\d+)/;

/** The widths (inches) the inline and anchored pictures are shown at, in document order. */
export function pictureWidths(documentXml: string): (number | null)[] {
  return [...documentXml.matchAll(/<w:drawing>([\s\S]*?)<\/w:drawing>/g)].map(([, drawing]) => {
    const cx = /<wp:extent\b[^>]*\bcx="(\d+)"/.exec(drawing!)?.[1];
    return cx ? Number(cx) / EMU_PER_INCH : null;
  });
}

/** One picture read by OCR, or null for one too small to hold a table. */
async function readPicture(engine: OcrEngine, bytes: Buffer, widthInches: number | null): Promise<PageText | null> {
  const image = await loadImage(bytes).catch(() => null);
  if (!image || image.width < MIN_PICTURE.width || image.height < MIN_PICTURE.height) return null;
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0);
  const shown = image.width / (widthInches ?? TEXT_WIDTH_INCHES);
  const prepared = prepareImage(canvas, Math.min(OCR_DPI, Math.max(MIN_PICTURE_DPI, shown)));
  return readPage(engine, prepared.binary, findTables(prepared.grid, prepared.dpi), prepared.dpi, true);
}

/** The text with each picture's marker replaced by the picture's lines, and the OCR readings placed in it. */
export function spliceOcr(text: string, pictures: (PageText | null)[]): { text: string; ocr: OcrNumber[] } {
  const out: string[] = [];
  const ocr: OcrNumber[] = [];
  let at = 0;
  const push = (line: string) => {
    out.push(line);
    at += line.length + 1;
  };
  for (const line of text.split("\n")) {
    const found = MARKER.exec(line);
    if (!found) {
      push(line);
      continue;
    }
    const n = Number(found[1]);
    const before = line.slice(0, found.index).trim();
    const after = line.slice(found.index + found[0].length).trim();
    if (before) push(before);
    const page = pictures[n];
    const lineStarts: number[] = [];
    for (const pictureLine of page?.lines ?? []) {
      lineStarts.push(at);
      push(pictureLine);
    }
    for (const { line: index, start, ...number } of page?.numbers ?? []) ocr.push({ ...number, at: lineStarts[index]! + start, page: n + 1 });
    if (after) push(after);
  }
  return { text: out.join("\n").trim(), ocr };
}

export async function readDocxPictures(bytes: Uint8Array, hooks: ReadHooks = {}): Promise<ReadResult> {
  const pictures: Buffer[] = [];
  const html = await docxToHtml(bytes, (picture) => marker(pictures.push(picture) - 1));
  // The <img> becomes its marker's text, in the paragraph that held it.
  const marked = html.replace(/<img\b[^>]*\bsrc="(NIANBAO-OCR-PICTURE-\d+)"[^>]*>/g, "<span>$1</span>");
  const widths = pictureWidths(docxPart(bytes, "word/document.xml") ?? "");
  // The extents count only when there is one for each picture: then they are in the same order.
  const width = (i: number) => (widths.length === pictures.length ? (widths[i] ?? null) : null);
  hooks.onOcr?.(pictures.length);
  const engine = await OcrEngine.start().catch((error: unknown) => {
    throw new ReadError(`DOCX pictures: the OCR engine did not start (${(error as Error).message})`);
  });
  const read: (PageText | null)[] = [];
  try {
    for (const [i, picture] of pictures.entries()) read.push(await readPicture(engine, picture, width(i)));
  } finally {
    await engine.stop();
  }
  const { text, ocr } = spliceOcr(htmlToText(marked), read);
  return { text, mediaType: DOCX_MEDIA_TYPE, pages: null, pageStarts: null, ocr };
}
