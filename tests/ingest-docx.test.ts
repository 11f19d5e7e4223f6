import { readFileSync } from "node:fs";
import { Document, Packer, Paragraph, Table, TableCell, TableRow, type ITableCellOptions } from "docx";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { DOCX_MEDIA_TYPE, readDocx, readZipDirectory, zipBombReason } from "../lib/ingest/docx";
import { ReadError } from "../lib/ingest/types";
import { parseReport } from "../lib/report/parse";

type CellSpec = string | ({ text: string | string[] } & Pick<ITableCellOptions, "columnSpan" | "rowSpan">);

function cell(spec: CellSpec): TableCell {
  const { text, ...spans } = typeof spec === "string" ? { text: spec } : spec;
  const paragraphs = (Array.isArray(text) ? text : [text]).map((t) => new Paragraph(t));
  return new TableCell({ children: paragraphs, ...spans });
}

function table(rows: CellSpec[][]): Table {
  return new Table({ rows: rows.map((cells) => new TableRow({ children: cells.map(cell) })) });
}

async function docxBytes(children: (Paragraph | Table)[]): Promise<Uint8Array> {
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children }] })));
}

/** A seed text as a Word document: runs of tab-separated lines become tables, other lines paragraphs. */
async function seedToDocx(text: string): Promise<Uint8Array> {
  const children: (Paragraph | Table)[] = [];
  let rows: string[][] = [];
  const endTable = () => {
    if (rows.length) children.push(table(rows));
    rows = [];
  };
  for (const line of text.split("\n")) {
    if (line.includes("\t")) {
      rows.push(line.split("\t"));
      continue;
    }
    endTable();
    // Blank lines too: Word joins two tables with no paragraph between them into one table.
    children.push(new Paragraph(line));
  }
  endTable();
  return docxBytes(children);
}

async function readError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReadError);
  return (error as ReadError).reason;
}

/** Rewrites the declared uncompressed size of one entry in the central directory (the data stays as it is). */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const bytes = zip.slice();
  const data = new DataView(bytes.buffer);
  const nameBytes = strToU8(name);
  for (let at = 0; at + 46 < bytes.length; at++) {
    if (data.getUint32(at, true) !== 0x02014b50 || data.getUint16(at + 28, true) !== nameBytes.length) continue;
    if (nameBytes.every((b, i) => bytes[at + 46 + i] === b)) {
      data.setUint32(at + 24, size, true);
      return bytes;
    }
  }
  throw new Error(`no central directory entry ${name}`);
}

describe("readDocx", () => {
  it("expands merged cells (columnSpan, rowSpan) into the grid and joins a cell's paragraphs", async () => {
    const bytes = await docxBytes([
      new Paragraph("表三"),
      table([
        [{ text: "类别", rowSpan: 2 }, { text: "申请人情况", columnSpan: 3 }, { text: "总计", rowSpan: 2 }],
        ["自然人", "商业企业", { text: ["法律服务", "机构"] }],
        ["本年新收", "6", "", "1", "7"],
      ]),
      new Paragraph("四、行政复议"),
    ]);
    const result = await readDocx(bytes);
    expect(result).toEqual({
      text: "表三\n类别\t申请人情况\t总计\n自然人\t商业企业\t法律服务机构\n本年新收\t6\t\t1\t7\n四、行政复议",
      mediaType: DOCX_MEDIA_TYPE,
      pages: null,
      pageStarts: null,
    });
  });

  it("emits a table nested in a Word cell after the outer row, outside the outer cell's text", async () => {
    const inner = table([["内层A", "1"], ["内层B", "2"]]);
    const outer = new Table({
      rows: [
        new TableRow({ children: [cell("前"), new TableCell({ children: [new Paragraph("前置文字"), inner, new Paragraph("后置文字")] })] }),
        new TableRow({ children: [cell("后"), cell("3")] }),
      ],
    });
    expect((await readDocx(await docxBytes([outer, new Paragraph("")]))).text).toBe("前\t前置文字后置文字\n内层A\t1\n内层B\t2\n后\t3");
  });

  it("reads seed 000 rebuilt as a Word document to the same 表二, 表三 and 表四 as the text", async () => {
    const text = readFileSync("tests/fixtures/seed-000/input.txt", "utf8");
    const direct = parseReport(text);
    const fromDocx = parseReport((await readDocx(await seedToDocx(text))).text);
    if (!direct.ok || !fromDocx.ok) throw new Error("seed 000 did not parse");
    expect(fromDocx.report.applications).toEqual(direct.report.applications);
    expect(fromDocx.report.reviewLitigation).toEqual(direct.report.reviewLitigation);
    expect(fromDocx.report.proactive).toEqual(direct.report.proactive);
    expect([fromDocx.report.agency, fromDocx.report.year]).toEqual(["济南公共资源交易中心", 2024]);
  });

  it("lists the central directory with declared sizes", async () => {
    const entries = readZipDirectory(await docxBytes([new Paragraph("x")]));
    expect(entries.map((e) => e.name)).toContain("word/document.xml");
    expect(entries.every((e) => e.compressedSize > 0 && e.uncompressedSize >= e.compressedSize)).toBe(true);
  });

  it("refuses a zip whose central directory declares 4 GB, before inflating anything", async () => {
    const bomb = declareSize(await docxBytes([new Paragraph("x")]), "word/document.xml", 0xfffffff0);
    expect(await readError(readDocx(bomb))).toBe("DOCX refused: zip bomb (declares 4096 MB uncompressed)");
  });

  it("refuses a real entry that compresses beyond 200:1 (5 MB of spaces)", async () => {
    const bomb = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": new Uint8Array(5 * 1024 * 1024).fill(0x20) }, { level: 9 });
    const reason = await readError(readDocx(bomb));
    expect(reason).toMatch(/^DOCX refused: zip bomb \(declares 5 MB uncompressed; word\/document\.xml compresses \d+:1\)$/);
    expect(zipBombReason([{ name: "word/styles.xml", compressedSize: 100, uncompressedSize: 100 * 300 }])).toBeNull();
  });

  it("reports a truncated zip and a broken document.xml as corrupt DOCX", async () => {
    const bytes = await docxBytes([new Paragraph("x")]);
    expect(await readError(readDocx(bytes.slice(0, Math.floor(bytes.length * 0.6))))).toBe("corrupt DOCX: no end of central directory (truncated or not a zip)");
    const broken = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8("not xml <<<") });
    expect(await readError(readDocx(broken))).toMatch(/^corrupt DOCX: /);
    const xlsx = zipSync({ "xl/workbook.xml": strToU8("<workbook/>") });
    expect(await readError(readDocx(xlsx))).toBe("corrupt DOCX: no word/document.xml inside the zip");
  });
});
