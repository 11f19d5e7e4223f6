import { tableGrid, type Block, type ReportDocument, type Table, type TableCell } from "./render";

/**
 * The document model (lib/report/render.ts) as an HTML page (pure): headings and paragraphs as blocks, the
 * three tables as real <table> elements whose rowspan/colspan are exactly the model's spans.
 *
 * `charset` only names the encoding in <meta charset>; the caller turns the string into bytes with
 * `encodeHtml` (GBK pages are what many county portals still serve).
 */

export type HtmlCharset = "utf-8" | "gbk";

export type HtmlOptions = {
  charset?: HtmlCharset;
  /** Ruled tables (border="1"), as most portals print them; false gives borderless tables. */
  borders?: boolean;
};

export function renderHtml(doc: ReportDocument, options: HtmlOptions = {}): string {
  const charset = options.charset ?? "utf-8";
  const body = [`<h1>${escapeHtml(doc.title)}</h1>`, ...doc.blocks.map((block) => htmlBlock(block, options.borders ?? true))];
  return [
    "<!DOCTYPE html>",
    `<html lang="zh-CN">`,
    `<head>`,
    `<meta charset="${charset}">`,
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>body { font-family: "Noto Sans CJK SC", sans-serif; } table { border-collapse: collapse; } td, th { padding: 2px 4px; }</style>`,
    `</head>`,
    `<body>`,
    ...body,
    `</body>`,
    `</html>`,
    "",
  ].join("\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function htmlBlock(block: Block, borders: boolean): string {
  if (block.kind === "heading") return `<h2>${escapeHtml(block.text)}</h2>`;
  if (block.kind === "paragraph") return `<p>${escapeHtml(block.text)}</p>`;
  return htmlTable(block.table, borders);
}

function htmlTable(table: Table, borders: boolean): string {
  const rows = table.rows.map((cells) => `<tr>${cells.map(htmlCell).join("")}</tr>`);
  const headerRows = leadingHeaderRows(table);
  const sections =
    headerRows > 0 ? [`<thead>`, ...rows.slice(0, headerRows), `</thead>`, `<tbody>`, ...rows.slice(headerRows), `</tbody>`] : [`<tbody>`, ...rows, `</tbody>`];
  return [`<table border="${borders ? 1 : 0}" cellspacing="0" data-table="${table.id}">`, ...sections, `</table>`].join("\n");
}

function htmlCell(cell: TableCell): string {
  const tag = cell.role === "header" ? "th" : "td";
  const spans = `${cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : ""}${cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : ""}`;
  return `<${tag}${spans}>${escapeHtml(cell.text)}</${tag}>`;
}

/**
 * How many rows at the top of a table hold only header cells: a header cell with a rowspan reaching further
 * down makes the block longer (表三's note spans its three header rows).
 */
export function leadingHeaderRows(table: Table): number {
  const grid = tableGrid(table);
  let count = 0;
  while (count < grid.length && grid[count]!.every((slot) => slot.cell.role === "header")) count++;
  return count;
}

// ---------------------------------------------------------------------------------------------
// Bytes

let gbkCodes: Map<string, number> | null = null;

/**
 * GBK's two-byte codes, read off the WHATWG decoder (Node's TextDecoder has no encoder for it), so no
 * iconv package is needed; built once, on first use.
 */
function gbkTable(): Map<string, number> {
  if (gbkCodes) return gbkCodes;
  const decoder = new TextDecoder("gbk");
  const codes = new Map<string, number>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== "\ufffd" && !codes.has(char)) codes.set(char, (lead << 8) | trail);
    }
  }
  gbkCodes = codes;
  return codes;
}

/** GBK bytes of an HTML page; a character GBK lacks becomes a numeric character reference (&#x…;). */
export function encodeGbk(html: string): Uint8Array {
  const table = gbkTable();
  const bytes: number[] = [];
  for (const char of html) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) {
      bytes.push(code);
      continue;
    }
    const gbk = table.get(char);
    if (gbk === undefined) for (const ascii of `&#x${code.toString(16)};`) bytes.push(ascii.charCodeAt(0));
    else bytes.push(gbk >> 8, gbk & 0xff);
  }
  return new Uint8Array(bytes);
}

/** The page's bytes in the charset its <meta> names. */
export function encodeHtml(html: string, charset: HtmlCharset): Uint8Array {
  return charset === "gbk" ? encodeGbk(html) : new TextEncoder().encode(html);
}
