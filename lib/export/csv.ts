import type { Options } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";

/**
 * CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF line ends (RFC 4180), a header of dictionary keys,
 * an empty cell for a missing value (never 0), true/false for booleans, text that could start a formula defused.
 */

export type CsvColumn<T> = { header: string; value: (row: T) => unknown };
export type CsvTable<T> = { fileName: string; columns: CsvColumn<T>[]; rows: Iterable<T> };

/**
 * A text cell a spreadsheet would read as a formula (OWASP, CSV injection): = + - @ tab CR, and the full-width
 * = + - @ that Apple Numbers normalises to them. Numbers are written as numbers and never match: a negative count
 * stays a number.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A text cell as data: one that could start a formula is prefixed with a single quote and quoted. */
export function neutraliseFormula(value: string): string | { value: string; quoted: true } {
  return FORMULA_START.test(value) ? { value: `'${value}`, quoted: true } : value;
}

// Records are arrays with numbered keys: a header such as `applications.granted.total` would be read as a path.
function options(headers: string[], header: boolean): Options {
  return {
    bom: header,
    header,
    record_delimiter: "windows",
    columns: headers.map((name, i) => ({ key: String(i), header: name })),
    cast: { boolean: (value) => (value ? "true" : "false"), string: neutraliseFormula },
  };
}

function* records<T>(table: CsvTable<T>): Generator<unknown[]> {
  for (const row of table.rows) yield table.columns.map((column) => column.value(row) ?? null);
}

/**
 * The table as a stream of CSV bytes, rows read as the client takes them: one batch of rows a pull, and the
 * next pull only once the client has taken what was queued. A stream of one record a chunk cost one write to
 * the socket per row (10⁵ for a national comparison).
 */
export function csvStream<T>(table: CsvTable<T>): ReadableStream<Uint8Array> {
  const chunks = csvChunks(table);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      chunks.return(undefined);
    },
  });
}

/** The table as CSV text in batches of rows (for the zip export); the first batch has the BOM and header. */
export function* csvChunks<T>(table: CsvTable<T>, batchSize = 1000): Generator<string> {
  const headers = table.columns.map((c) => c.header);
  let batch: unknown[][] = [];
  let first = true;
  const flush = () => {
    const text = stringifySync(batch, options(headers, first));
    first = false;
    batch = [];
    return text;
  };
  for (const record of records(table)) {
    batch.push(record);
    if (batch.length >= batchSize) yield flush();
  }
  if (batch.length || first) yield flush();
}

export function contentDisposition(fileName: string, kind: "attachment" | "inline" = "attachment"): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  // RFC 5987 allows none of ' ( ) * ! in an ext-value; encodeURIComponent leaves them.
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function csvResponse<T>(table: CsvTable<T>): Response {
  return new Response(csvStream(table), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(table.fileName),
      "Cache-Control": "no-store",
    },
  });
}

export function jsonResponse(data: unknown, status = 200): Response {
  return Response.json(data, { status, headers: { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" } });
}
