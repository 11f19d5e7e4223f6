/**
 * `npx tsx scripts/make-pdf-fixtures.ts`: builds the PDF reader's fixtures in tests/fixtures/pdf-<case>/.
 *
 * Each report fixture is one document model (paragraphs and span tables) built from a seed report
 * (tests/fixtures/seed-*), written as source.txt (tables as tab-separated rows: what the PDF must parse
 * like), as source.html or source.docx, and as input.pdf by LibreOffice; the non-embedded-font PDF is
 * written by hand (cmap-font: cells column by column; empty-first-cell: row by row, with empty first 表二
 * values). pdf-encrypted and pdf-scanned are made from pdf-bordered. Needs soffice, pdftoppm, qpdf and
 * img2pdf on the PATH, except for the hand-written cases alone (`… make-pdf-fixtures.ts empty-first-cell`).
 * The outputs are committed, so tests never run this.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BorderStyle, Document, Packer, Paragraph, Table as DocxTable, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType } from "docx";
import { expandSpans, gridToText, type SpanCell } from "../lib/ingest/grid";
import { writeCmapPdf, type CellOrder } from "../lib/synth/render-pdf";
import { parseReport } from "../lib/report/parse";
import { APPLICANT_COLUMNS, OTHER_SUB_ROWS, PRINTED_ROWS, REVIEW_FIELDS, REVIEW_GROUPS, type Report } from "../lib/report/schema";
import {
  APPLICANTS_LABEL,
  APPLICATIONS_NOTE,
  COLUMN_LABELS,
  LITIGATION_LABEL,
  ORGANISATIONS_LABEL,
  PROACTIVE_TEMPLATE,
  REVIEW_FIELD_LABELS,
  REVIEW_GROUP_LABELS,
  ROW_LABELS,
} from "../lib/report/template";

const ROOT = join(import.meta.dirname, "..");
const FIXTURES = join(ROOT, "tests", "fixtures");

type Role = "proactive" | "applications" | "reviewLitigation";
type Table = { kind: "table"; role: Role; rows: SpanCell[][]; headerRows: number };
type Block = { kind: "p"; text: string; heading: boolean } | Table;

// ---------------------------------------------------------------------------------------------------------
// The document model, from a seed report's narrative and its parsed table values

function cell(text: string, colSpan = 1, rowSpan = 1): SpanCell {
  return { text, colSpan, rowSpan };
}

function show(value: number | null): string {
  return value === null ? "" : String(value);
}

function proactiveTable(report: Report): Table {
  const rows: SpanCell[][] = [];
  const cells = new Map(report.proactive.map((c) => [c.key, c.raw]));
  for (const band of PROACTIVE_TEMPLATE[report.formatVersion]) {
    rows.push([cell(band.heading, 4)]);
    rows.push([cell("信息内容"), ...band.metrics.map((m, i) => cell(m, i === band.metrics.length - 1 ? 4 - band.metrics.length : 1))]);
    for (const row of band.rows) {
      const values = row.fields.map((f) => cells.get(f.key) ?? "");
      rows.push([cell(row.category), ...values.map((v, i) => cell(v, i === values.length - 1 ? 4 - values.length : 1))]);
    }
  }
  return { kind: "table", role: "proactive", rows, headerRows: 0 };
}

/** 表三 as the national template prints it: three label columns with rowspans, seven numbers. */
function applicationsTable(report: Report): Table {
  const rows: SpanCell[][] = [
    [cell(APPLICATIONS_NOTE, 3, 3), cell(APPLICANTS_LABEL, 7)],
    [cell(COLUMN_LABELS.naturalPerson, 1, 2), cell(ORGANISATIONS_LABEL, 5), cell(COLUMN_LABELS.total, 1, 2)],
    APPLICANT_COLUMNS.slice(1, 6).map((c) => cell(COLUMN_LABELS[c])),
  ];
  const printed = PRINTED_ROWS[report.formatVersion];
  const seen = new Set<string>();
  for (const row of printed) {
    const { parents, label } = ROW_LABELS[row];
    const numbers = APPLICANT_COLUMNS.map((c) => cell(show(report.applications[row][c])));
    const labels: SpanCell[] = [];
    parents.forEach((parent, level) => {
      if (seen.has(parent)) return;
      seen.add(parent);
      labels.push(cell(parent, 1, printed.filter((r) => ROW_LABELS[r].parents[level] === parent).length));
    });
    labels.push(cell(label, 3 - parents.length));
    rows.push([...labels, ...numbers]);
  }
  return { kind: "table", role: "applications", rows, headerRows: 3 };
}

function reviewLitigationTable(report: Report): Table {
  const fields = REVIEW_FIELDS.map((f) => REVIEW_FIELD_LABELS[f]);
  return {
    kind: "table",
    role: "reviewLitigation",
    headerRows: 3,
    rows: [
      [cell(REVIEW_GROUP_LABELS.reconsideration, 5), cell(LITIGATION_LABEL, 10)],
      [...fields.map((f) => cell(f, 1, 2)), cell(REVIEW_GROUP_LABELS.litigationDirect, 5), cell(REVIEW_GROUP_LABELS.litigationAfterReconsideration, 5)],
      [...fields, ...fields].map((f) => cell(f)),
      REVIEW_GROUPS.flatMap((g) => REVIEW_FIELDS.map((f) => cell(show(report.reviewLitigation[g][f])))),
    ],
  };
}

const PART_HEADING = /^\s*[一二三四五六1-6]、/;
const TABLE_PARTS: [RegExp, (r: Report) => Table][] = [
  [/^\s*[二2]、\s*主动公开/, proactiveTable],
  [/^\s*[三3]、\s*收到和处理/, applicationsTable],
  [/^\s*[四4]、.*复议/, reviewLitigationTable],
];

/** The seed's narrative lines, with the bodies of parts 二–四 replaced by the template tables. */
function buildModel(seed: string, report: Report): Block[] {
  const blocks: Block[] = [];
  let inTablePart = false;
  for (const raw of seed.split("\n")) {
    const line = raw.trim();
    if (!line || raw.includes("\t")) continue;
    const table = TABLE_PARTS.find(([heading]) => heading.test(line));
    if (PART_HEADING.test(line)) inTablePart = false;
    if (inTablePart) continue;
    blocks.push({ kind: "p", text: line, heading: PART_HEADING.test(line) || blocks.length === 0 });
    if (table) {
      blocks.push(table[1](report));
      inTablePart = true;
    }
  }
  return blocks;
}

function modelText(blocks: Block[]): string {
  return `${blocks.map((b) => (b.kind === "p" ? b.text : gridToText(expandSpans(b.rows)))).join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Value variants: large, distinct numbers so that wrapped cells (103/5) and mis-mapped columns show

function bigNumbers(report: Report): Report {
  const copy = structuredClone(report);
  PRINTED_ROWS[copy.formatVersion].forEach((row, i) => {
    const values = [97 * i + 13, 11 * i + 2, i % 4, (i * 7) % 10, 3, 1];
    APPLICANT_COLUMNS.forEach((c, k) => {
      copy.applications[row][c] = k < 6 ? (values[k] as number) : values.reduce((a, b) => a + b, 0);
    });
  });
  // 2021 does not print （六）其他处理: the parser derives it from its three sub-rows.
  if (copy.formatVersion === "2021") {
    for (const c of APPLICANT_COLUMNS) copy.applications.otherTotal[c] = OTHER_SUB_ROWS.reduce((sum, row) => sum + (copy.applications[row][c] ?? 0), 0);
  }
  REVIEW_GROUPS.forEach((g, gi) => {
    const values = [100 + gi, 2 * gi + 1, gi, 4];
    REVIEW_FIELDS.forEach((f, k) => {
      copy.reviewLitigation[g][f] = k < 4 ? (values[k] as number) : values.reduce((a, b) => a + b, 0);
    });
  });
  return copy;
}

/**
 * Empty first value cells in 表二 (规章 and 行政规范性文件 本年制发件数, 行政处罚's only value) among distinct
 * numbers, so that a row shifted left shows.
 */
const EMPTY_FIRST_VALUES: Record<string, string> = {
  "regulations.issued": "",
  "regulations.repealed": "3",
  "regulations.inForce": "17",
  "normativeDocs.issued": "",
  "normativeDocs.repealed": "5",
  "normativeDocs.inForce": "29",
  "licensing.decisions": "12",
  "punishment.decisions": "",
  "coercion.decisions": "4",
  "fees.amount": "1.5",
};

function emptyFirstCells(report: Report): Report {
  const copy = structuredClone(report);
  for (const cell of copy.proactive) {
    const raw = EMPTY_FIRST_VALUES[cell.key];
    if (raw !== undefined) Object.assign(cell, { raw, value: raw === "" ? null : Number(raw) });
  }
  return copy;
}

// ---------------------------------------------------------------------------------------------------------
// HTML for LibreOffice

type Style = {
  border: boolean;
  fontPt: number;
  tablePt: number;
  /** Column widths (pt) of 表三: three label columns, then the seven numbers. */
  applicationsWidths: number[];
  valign: "top" | "middle";
};

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function htmlTable(table: Table, style: Style): string {
  const widths = table.role === "applications" ? style.applicationsWidths : [];
  const cols = widths.map((w) => `<col width="${Math.round((w * 96) / 72)}">`).join("");
  const rows = table.rows.map((cells, r) => {
    const tds = cells.map((c) => {
      const spans = `${c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ""}${c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ""}`;
      return `<td${spans} valign="${style.valign}"><p style="font-size:${style.tablePt}pt">${escapeHtml(c.text)}</p></td>`;
    });
    const row = `<tr>${tds.join("")}</tr>`;
    return r === 0 && table.headerRows ? `<thead>${row}` : r === table.headerRows - 1 ? `${row}</thead><tbody>` : row;
  });
  const border = style.border ? ` border="1"` : ` border="0"`;
  const width = widths.length ? String(Math.round((widths.reduce((a, b) => a + b, 0) * 96) / 72)) : "100%";
  return `<table${border} cellspacing="0" cellpadding="3" width="${width}">${cols}${rows.join("\n")}${table.headerRows ? "</tbody>" : ""}</table>`;
}

function toHtml(blocks: Block[], style: Style): string {
  const body = blocks.map((b) => {
    if (b.kind === "table") return htmlTable(b, style);
    const weight = b.heading ? "font-weight:bold;" : "";
    return `<p style="${weight}font-size:${style.fontPt}pt">${escapeHtml(b.text)}</p>`;
  });
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>report</title>
<style>body { font-family: "Noto Serif CJK SC"; } td p { margin: 0; }</style></head>
<body>
${body.join("\n")}
</body></html>
`;
}

function sofficeToPdf(sourcePath: string, outDir: string): string {
  const filter = sourcePath.endsWith(".html") ? ["--infilter=HTML (StarWriter)"] : [];
  execFileSync("soffice", ["--headless", ...filter, "--convert-to", "pdf:writer_pdf_Export", "--outdir", outDir, sourcePath], { stdio: "pipe" });
  return join(
    outDir,
    sourcePath
      .split("/")
      .pop()!
      .replace(/\.\w+$/, ".pdf"),
  );
}

// ---------------------------------------------------------------------------------------------------------
// DOCX for LibreOffice: Word's fixed table layout wraps a number that does not fit its column (2507 as 250/7),
// which HTML's automatic layout never does

const TWIPS_PER_PT = 20;
const FONT = "Noto Serif CJK SC";

function docxParagraph(text: string, pt: number, bold = false): Paragraph {
  return new Paragraph({ children: [new TextRun({ text, font: FONT, size: Math.round(pt * 2), bold })] });
}

function docxTable(table: Table, style: Style): DocxTable {
  const expanded = expandSpans(table.rows);
  const columns = expanded[0]?.length ?? 1;
  const total = 480;
  const widths = table.role === "applications" ? style.applicationsWidths : Array<number>(columns).fill(total / columns);
  let slot = 0;
  const rows = table.rows.map((cells, r) => {
    const children = cells.map((c) => {
      const width = widths.slice(slot, slot + c.colSpan).reduce((a, b) => a + b, 0);
      slot += c.colSpan;
      return new TableCell({
        children: [docxParagraph(c.text, style.tablePt)],
        columnSpan: c.colSpan,
        rowSpan: c.rowSpan,
        verticalAlign: style.valign === "top" ? VerticalAlign.TOP : VerticalAlign.CENTER,
        width: { size: width * TWIPS_PER_PT, type: WidthType.DXA },
      });
    });
    slot = 0;
    return new TableRow({ children, tableHeader: r < table.headerRows });
  });
  const line = { style: style.border ? BorderStyle.SINGLE : BorderStyle.NONE, size: 4, color: "000000" };
  return new DocxTable({
    rows,
    layout: TableLayoutType.FIXED,
    columnWidths: widths.map((w) => w * TWIPS_PER_PT),
    width: { size: widths.reduce((a, b) => a + b, 0) * TWIPS_PER_PT, type: WidthType.DXA },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
  });
}

async function toDocx(blocks: Block[], style: Style): Promise<Uint8Array> {
  const children = blocks.map((b) => (b.kind === "table" ? docxTable(b, style) : docxParagraph(b.text, style.fontPt, b.heading)));
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

// ---------------------------------------------------------------------------------------------------------
// Cases

/** A case without `html` or `docx` is written by hand, its table cells in `order` (default: column by column). */
type ReportCase = { name: string; seed: string; values?: (r: Report) => Report; html?: Style; docx?: Style; order?: CellOrder };

const WIDE_NUMBERS = [60, 70, 150, 38, 38, 38, 38, 38, 38, 38];
const CASES: ReportCase[] = [
  { name: "bordered", seed: "000", html: { border: true, fontPt: 12, tablePt: 10.5, applicationsWidths: WIDE_NUMBERS, valign: "middle" } },
  { name: "borderless", seed: "003", html: { border: false, fontPt: 12, tablePt: 10.5, applicationsWidths: WIDE_NUMBERS, valign: "middle" } },
  {
    name: "wrapped-numbers",
    seed: "004",
    values: bigNumbers,
    // The 总计 column fits three digits: four-digit totals wrap as 250/7.
    docx: { border: true, fontPt: 12, tablePt: 10.5, applicationsWidths: [48, 56, 130, 34, 30, 28, 28, 28, 28, 28], valign: "top" },
  },
  { name: "cmap-font", seed: "002" },
  { name: "empty-first-cell", seed: "000", values: emptyFirstCells, order: "rows" },
];

function sameValues(a: Report, b: Report): boolean {
  const pick = (r: Report) => JSON.stringify([r.applications, r.reviewLitigation, r.proactive]);
  return pick(a) === pick(b);
}

function parsed(text: string, what: string): Report {
  const outcome = parseReport(text);
  if (!outcome.ok) throw new Error(`${what}: ${outcome.reason}`);
  return outcome.report;
}

async function buildCase(c: ReportCase, work: string): Promise<string> {
  const seed = readFileSync(join(FIXTURES, `seed-${c.seed}`, "input.txt"), "utf8");
  const original = parsed(seed, c.seed);
  const report = c.values ? c.values(original) : original;
  const blocks = buildModel(seed, report);
  const text = modelText(blocks);
  const dir = join(FIXTURES, `pdf-${c.name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "source.txt"), text);
  if (!sameValues(parsed(text, `${c.name} source.txt`), report)) throw new Error(`${c.name}: source.txt does not parse to the model's values`);
  if (c.docx) {
    const docxPath = join(work, `${c.name}.docx`);
    writeFileSync(docxPath, await toDocx(blocks, c.docx));
    copyFileSync(docxPath, join(dir, "source.docx"));
    copyFileSync(sofficeToPdf(docxPath, work), join(dir, "input.pdf"));
  } else if (c.html) {
    const htmlPath = join(work, `${c.name}.html`);
    writeFileSync(htmlPath, toHtml(blocks, c.html));
    copyFileSync(htmlPath, join(dir, "source.html"));
    copyFileSync(sofficeToPdf(htmlPath, work), join(dir, "input.pdf"));
  } else {
    writeFileSync(join(dir, "input.pdf"), writeCmapPdf(blocks, c.order ?? "columns"));
  }
  return join(dir, "input.pdf");
}

function buildRefusals(textPdf: string, work: string): void {
  const encrypted = join(FIXTURES, "pdf-encrypted");
  mkdirSync(encrypted, { recursive: true });
  execFileSync("qpdf", ["--encrypt", "user-secret", "owner-secret", "256", "--", textPdf, join(encrypted, "input.pdf")]);

  const scanned = join(FIXTURES, "pdf-scanned");
  mkdirSync(scanned, { recursive: true });
  execFileSync("pdftoppm", ["-r", "30", "-gray", "-f", "1", "-l", "2", "-png", textPdf, join(work, "scan")]);
  const images = ["scan-1.png", "scan-2.png"].map((f) => join(work, f));
  execFileSync("img2pdf", ["-o", join(scanned, "input.pdf"), ...images]);
}

/** `npx tsx scripts/make-pdf-fixtures.ts [CASE...]`: all cases (and the refusals, made from the first), or the named ones. */
async function main(names: string[]): Promise<void> {
  const cases = names.length ? CASES.filter((c) => names.includes(c.name)) : CASES;
  if (cases.length !== Math.max(names.length, cases.length)) throw new Error(`unknown case among ${names.join(", ")}`);
  const work = mkdtempSync(join(tmpdir(), "pdf-fixtures-"));
  try {
    const built: string[] = [];
    for (const c of cases) built.push(await buildCase(c, work));
    const refusals = cases[0] === CASES[0];
    if (refusals) buildRefusals(built[0]!, work);
    process.stdout.write(`wrote ${cases.map((c) => `pdf-${c.name}`).join(", ")}${refusals ? ", pdf-encrypted, pdf-scanned" : ""}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main(process.argv.slice(2));
