import { parse, type DefaultTreeAdapterTypes as DOM } from "parse5";
import { declaredHtmlCharset, decodeText } from "./decode";
import { expandSpans, gridToText, type SpanCell } from "./grid";
import { ReadError, type ReadResult } from "./types";

const SKIPPED = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "object",
  "embed",
  "svg",
  "math",
  "select",
  "textarea",
  "button",
  "input",
]);
const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "caption",
  "center",
  "dd",
  "details",
  "dialog",
  "dir",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "legend",
  "li",
  "main",
  "menu",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "td",
  "th",
  "tr",
  "ul",
]);
const ROW_GROUPS = new Set(["thead", "tbody", "tfoot"]);
const ROW = new Set(["tr"]);
const CELLS = new Set(["td", "th"]);
const CAPTION = new Set(["caption"]);
/** A cell holding this much text is page layout (a whole article in one <td>), not a data cell. */
const LAYOUT_CELL_CHARS = 400;
const MAX_COLSPAN = 1000;
/**
 * Deeper element nesting is refused: the walk below recurses once per level (and more per nested table), and ran
 * out of stack at about 3,000 nested <div>. Real reports, Word's HTML included, nest a few dozen levels.
 */
const MAX_DEPTH = 1000;

/** CJK ideographs, kana, CJK and full-width punctuation: a line break between two of them is not a space. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

function isElement(node: DOM.Node): node is DOM.Element {
  return "tagName" in node;
}

function isText(node: DOM.Node): node is DOM.TextNode {
  return node.nodeName === "#text";
}

function attribute(element: DOM.Element, name: string): string | null {
  return element.attrs.find((a) => a.name === name)?.value ?? null;
}

/**
 * How CSS shows an element: `removed` (display:none, the hidden attribute) takes it out of the layout, so a
 * removed table cell lets the next cells move left; `invisible` (visibility:hidden or collapse) keeps its box
 * empty. Either way its text is not on the page: portals keep superseded tables in the markup this way.
 */
type Shown = "shown" | "removed" | "invisible";

function shownAs(element: DOM.Element): Shown {
  if (attribute(element, "hidden") !== null) return "removed";
  const style = attribute(element, "style");
  if (style === null) return "shown";
  const declarations = inlineDeclarations(style);
  if (declarations.get("display") === "none") return "removed";
  return /^(hidden|collapse)$/.test(declarations.get("visibility") ?? "") ? "invisible" : "shown";
}

/**
 * An inline style's declarations as the cascade leaves them: the last one of a property wins, unless an
 * earlier one is !important. Values are lower-cased without the !important mark.
 */
function inlineDeclarations(style: string): Map<string, string> {
  const winners = new Map<string, { value: string; important: boolean }>();
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon < 0) continue;
    const property = declaration.slice(0, colon).trim().toLowerCase();
    const raw = declaration
      .slice(colon + 1)
      .trim()
      .toLowerCase();
    const important = /!\s*important$/.test(raw);
    const value = raw.replace(/!\s*important$/, "").trim();
    if (winners.get(property)?.important && !important) continue;
    winners.set(property, { value, important });
  }
  return new Map([...winners].map(([property, { value }]) => [property, value]));
}

/**
 * A hidden element's whole subtree is dropped, also under visibility:hidden, where CSS would still show a
 * descendant that sets visibility:visible again: a report table is never published that way.
 */
function isHidden(element: DOM.Element): boolean {
  return shownAs(element) !== "shown";
}

/**
 * HTML whitespace collapsing as a browser renders it, except that a source line break between two CJK
 * characters disappears (CSS Text segment-break rule) instead of becoming a space inside a word.
 */
export function collapseWhitespace(raw: string): string {
  return raw
    .replace(/[ \t\n\r\f]+/g, (ws: string, at: number, all: string) =>
      /[\n\r]/.test(ws) && CJK.test(all[at - 1] ?? "") && CJK.test(all[at + ws.length] ?? "") ? "" : " ",
    )
    .replace(/\u00a0/g, " ")
    .trim();
}

/** Text collected between block boundaries; each finished segment is a line (body) or a piece of a cell. */
class Flow {
  private readonly segments: string[] = [];
  private raw = "";

  text(value: string): void {
    this.raw += value;
  }

  break(): void {
    const segment = collapseWhitespace(this.raw);
    this.raw = "";
    if (segment) this.segments.push(segment);
  }

  lines(lines: string[]): void {
    this.break();
    this.segments.push(...lines);
  }

  finish(): string[] {
    this.break();
    return this.segments;
  }
}

/** Where a walk is: tables inside a data cell are set aside (emitted after the row), elsewhere they go inline. */
type Context = { nestedTables: string[][] | null };

function walkChildren(parent: DOM.ParentNode, flow: Flow, context: Context): void {
  for (const child of parent.childNodes) walk(child, flow, context);
}

function walk(node: DOM.Node, flow: Flow, context: Context): void {
  if (isText(node)) {
    flow.text(node.value);
    return;
  }
  if (!isElement(node) || SKIPPED.has(node.tagName) || isHidden(node)) return;
  const tag = node.tagName;
  if (tag === "br") {
    flow.break();
    return;
  }
  if (tag === "table") {
    const lines = tableLines(node);
    if (context.nestedTables) context.nestedTables.push(lines);
    else flow.lines(lines);
    return;
  }
  if (tag === "pre") {
    flow.lines(
      textContent(node)
        .split(/\r?\n/)
        .map((line) => line.trimEnd())
        .filter(Boolean),
    );
    return;
  }
  const block = BLOCKS.has(tag);
  if (block) flow.break();
  walkChildren(node, flow, context);
  if (block) flow.break();
}

function textContent(node: DOM.Node): string {
  if (isText(node)) return node.value;
  if (!isElement(node) || SKIPPED.has(node.tagName) || isHidden(node)) return "";
  return node.childNodes.map(textContent).join("");
}

function childElements(parent: DOM.Element, tags: Set<string>): DOM.Element[] {
  return parent.childNodes.filter((n): n is DOM.Element => isElement(n) && tags.has(n.tagName));
}

/** A table row as laid out: its cells that take a place (display:none cells do not), and whether any text shows. */
type RowElement = { cells: DOM.Element[]; invisible: boolean };

/**
 * The table's own rows in document order (nested tables' rows belong to those tables), without the rows
 * CSS removes; a row in an invisible row group is invisible.
 */
function tableRows(table: DOM.Element): RowElement[] {
  return table.childNodes.flatMap((child) => {
    if (!isElement(child)) return [];
    const shown = shownAs(child);
    if (shown === "removed") return [];
    if (child.tagName === "tr") return [rowElement(child, false)];
    if (!ROW_GROUPS.has(child.tagName)) return [];
    return childElements(child, ROW)
      .filter((row) => shownAs(row) !== "removed")
      .map((row) => rowElement(row, shown === "invisible"));
  });
}

function rowElement(row: DOM.Element, inInvisibleGroup: boolean): RowElement {
  const cells = childElements(row, CELLS).filter((cell) => shownAs(cell) !== "removed");
  return { cells, invisible: inInvisibleGroup || shownAs(row) === "invisible" };
}

function integerAttribute(element: DOM.Element, name: string): number | null {
  const value = Number.parseInt(attribute(element, name) ?? "", 10);
  return Number.isFinite(value) ? value : null;
}

/** rowspan="0" spans to the end of the table; no span reaches past it (a huge rowspan must not allocate rows). */
function rowSpanOf(cell: DOM.Element, rowsLeft: number): number {
  const value = integerAttribute(cell, "rowspan") ?? 1;
  return value === 0 ? rowsLeft : Math.min(Math.max(1, value), rowsLeft);
}

function colSpanOf(cell: DOM.Element): number {
  return Math.min(Math.max(1, integerAttribute(cell, "colspan") ?? 1), MAX_COLSPAN);
}

type DataCell = SpanCell & { nestedTables: string[][] };

/**
 * A cell's text is its paragraphs and <br> pieces joined without separators; nested tables are set aside. An
 * invisible cell keeps its place in the grid, empty.
 */
function readCell(cell: DOM.Element, rowsLeft: number, invisibleRow: boolean): DataCell {
  const spans = { rowSpan: rowSpanOf(cell, rowsLeft), colSpan: colSpanOf(cell) };
  if (invisibleRow || isHidden(cell)) return { text: "", ...spans, nestedTables: [] };
  const flow = new Flow();
  const nestedTables: string[][] = [];
  walkChildren(cell, flow, { nestedTables });
  return { text: flow.finish().join(""), ...spans, nestedTables };
}

function isLayoutTable(rows: DataCell[][]): boolean {
  if (rows.every((cells) => cells.length <= 1 && (cells[0]?.colSpan ?? 1) <= 1)) return true;
  return rows.some((cells) => cells.some((cell) => cell.text.length > LAYOUT_CELL_CHARS));
}

/** A layout table reads like the page it lays out: every cell's content as blocks, in document order. */
function layoutLines(rows: RowElement[]): string[] {
  const flow = new Flow();
  for (const row of rows) {
    if (row.invisible) continue;
    for (const cell of row.cells) {
      if (isHidden(cell)) continue;
      flow.break();
      walkChildren(cell, flow, { nestedTables: null });
    }
  }
  return flow.finish();
}

/**
 * Memoised per element: deciding whether a table is layout reads its cells, so nested layout tables would
 * otherwise be read again at every level (exponential in the nesting depth).
 */
const renderedTables = new WeakMap<DOM.Element, string[]>();

function tableLines(table: DOM.Element): string[] {
  let lines = renderedTables.get(table);
  if (!lines) renderedTables.set(table, (lines = renderTable(table)));
  return lines;
}

/** Each row one line of tab-separated cells (spans expanded); tables nested in a row follow that row. */
function renderTable(table: DOM.Element): string[] {
  const caption = childElements(table, CAPTION)
    .map((c) => collapseWhitespace(textContent(c)))
    .filter(Boolean);
  const rowElements = tableRows(table);
  const rows = rowElements.map((row, r) => row.cells.map((cell) => readCell(cell, rowElements.length - r, row.invisible)));
  if (isLayoutTable(rows)) return [...caption, ...layoutLines(rowElements)];
  const grid = expandSpans(rows);
  const lines = [...caption];
  grid.forEach((cells, r) => {
    if (cells.some((cell) => cell !== null && cell.trim() !== "")) lines.push(gridToText([cells]));
    for (const cell of rows[r] ?? []) for (const nested of cell.nestedTables) lines.push(...nested);
  });
  return lines;
}

function findElement(node: DOM.ParentNode, tag: string): DOM.Element | null {
  for (const child of node.childNodes) {
    if (!isElement(child)) continue;
    if (child.tagName === tag) return child;
    const found = findElement(child, tag);
    if (found) return found;
  }
  return null;
}

const compact = (text: string): string => text.replace(/\s+/g, "");

/** How deep elements nest under `root`, counted without recursion (this is what must not overflow). */
function nestingDepth(root: DOM.ParentNode): number {
  let deepest = 0;
  const stack: [DOM.ParentNode, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const child of node.childNodes) if (isElement(child)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * The text of an HTML document: blocks as lines, tables as tab-separated rows, the <title> first when the body lacks
 * it. Throws ReadError for elements nested deeper than MAX_DEPTH.
 */
export function htmlToText(html: string): string {
  const document = parse(html);
  const depth = nestingDepth(document);
  if (depth > MAX_DEPTH) throw new ReadError(`HTML nested ${depth} elements deep (more than ${MAX_DEPTH}): not read as a report`);
  const body = findElement(document, "body");
  const lines = body ? collectLines(body) : [];
  const titleElement = findElement(document, "title");
  const title = titleElement ? collapseWhitespace(textContent(titleElement)) : "";
  const startsWithTitle = compact(lines.slice(0, 5).join("")).startsWith(compact(title));
  return (title && !startsWithTitle ? [title, ...lines] : lines).join("\n");
}

function collectLines(body: DOM.Element): string[] {
  const flow = new Flow();
  walkChildren(body, flow, { nestedTables: null });
  return flow.finish();
}

export async function readHtml(bytes: Uint8Array): Promise<ReadResult> {
  const html = decodeText(bytes, declaredHtmlCharset(bytes));
  return { text: htmlToText(html), mediaType: "text/html", pages: null, pageStarts: null };
}
