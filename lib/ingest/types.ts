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
};

/** A file that cannot be read: `reason` says why, in words a user can act on. */
export class ReadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ReadError";
  }
}

export type Reader = (bytes: Uint8Array) => Promise<ReadResult>;
