import type { Options } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";

/**
 * CSV as Excel opens it: UTF-8 with a byte-order mark, CRLF line ends (RFC 4180), a header of dictionary keys,
 * an empty cell for a missing value (never 0), true/false for booleans, text that could start a formula defused.
 */

export type CsvColumn<T> = { header: string; value: (row: T) => unknown };
export type CsvTable<T> = { fileName: string; columns: CsvColumn<T>[]; rows: Iterable<T> };
/** A table whose rows may come from the Store as they are read (an async iterable), or be at hand. */
export type CsvSource<T> = Omit<CsvTable<T>, "rows"> & { rows: Iterable<T> | AsyncIterable<T> };

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

const recordOf = <T>(table: CsvSource<T>, row: T): unknown[] => table.columns.map((column) => column.value(row) ?? null);

/**
 * The table as a stream of CSV bytes, rows read as the client takes them: one batch of rows a pull, and the
 * next pull only once the client has taken what was queued. A stream of one record a chunk cost one write to
 * the socket per row (10⁵ for a national comparison).
 */
export function csvStream<T>(table: CsvSource<T>): ReadableStream<Uint8Array> {
  const chunks = csvChunksOf(table);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** Records gathered into batches of CSV text; the first batch has the BOM and header. */
function batches(headers: string[], batchSize: number) {
  let batch: unknown[][] = [];
  let first = true;
  const flush = () => {
    const text = stringifySync(batch, options(headers, first));
    first = false;
    batch = [];
    return text;
  };
  return {
    /** The text of a full batch once this record fills it. */
    add: (record: unknown[]): string | null => (batch.push(record) >= batchSize ? flush() : null),
    /** The text of the last batch (the header alone for a table of no rows). */
    end: (): string | null => (batch.length || first ? flush() : null),
  };
}

/** The table as CSV text in batches of rows; the first batch has the BOM and header. */
export function* csvChunks<T>(table: CsvTable<T>, batchSize = 1000): Generator<string> {
  const text = batches(
    table.columns.map((c) => c.header),
    batchSize,
  );
  for (const row of table.rows) {
    const full = text.add(recordOf(table, row));
    if (full !== null) yield full;
  }
  const last = text.end();
  if (last !== null) yield last;
}

/** The same batches from rows at hand or read as they come (the Store's async iterables: the zip export, streamed CSVs). */
export async function* csvChunksOf<T>(table: CsvSource<T>, batchSize = 1000): AsyncGenerator<string> {
  const rows = table.rows;
  if (Symbol.iterator in rows) return yield* csvChunks({ ...table, rows }, batchSize);
  const text = batches(
    table.columns.map((c) => c.header),
    batchSize,
  );
  for await (const row of rows) {
    const full = text.add(recordOf(table, row));
    if (full !== null) yield full;
  }
  const last = text.end();
  if (last !== null) yield last;
}

export function contentDisposition(fileName: string, kind: "attachment" | "inline" = "attachment"): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  // RFC 5987 allows none of ' ( ) * ! in an ext-value; encodeURIComponent leaves them.
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export function csvResponse<T>(table: CsvSource<T>): Response {
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
