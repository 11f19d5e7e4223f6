import type { OcrReading } from "../report/schema";

/** What every format reader gives the parser: the document as text, tables as tab-separated rows. */
export type ReadResult = {
  /** The document text; each table row on one line, its cells separated by tabs (spans expanded, covered cells empty). */
  text: string;
  /** IANA media type of the original file (application/pdf, text/html, …). */
  mediaType: string;
  /** Page count (PDF), else null. */
  pages: number | null;
  /** For PDFs: the text offset at which each page starts (pageStarts[0] = 0), so a number can be traced to its page. */
  pageStarts: number[] | null;
  /** For scans: every number read by OCR, where it stands in `text`, how sure the reading is, and whether to review it. */
  ocr?: OcrNumber[];
};

/** A number read by OCR from a table cell (the schema's OcrReading: where it stands in the text, how sure). */
export type OcrNumber = OcrReading;

/** What a reader may tell its caller while it works: OCR is slow, so the pool gives it a longer time limit. */
export type ReadHooks = { onOcr?: (pages: number) => void };

/** A file that cannot be read: `reason` says why, in words a user can act on. */
export class ReadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ReadError";
  }
}

export type Reader = (bytes: Uint8Array, hooks?: ReadHooks) => Promise<ReadResult>;
