import { readFileSync } from "node:fs";
import { deflateRawSync, constants as zlib } from "node:zlib";
import { Document, type ITableCellOptions, Packer, Paragraph, SimpleField, Table, TableCell, TableRow } from "docx";
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { boundedDocx, DOCX_MEDIA_TYPE, readDocx, readZipDirectory, unwrapSimpleFields, zipBombReason } from "../lib/ingest/docx";
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

/**
 * A deflate stream of `megabytes` MB of zeros, about 1 KB per MB: one fully flushed block of 1 MB of zeros
 * (the same bytes each time, since a full flush resets the dictionary) repeated, then an empty final block.
 */
function zerosDeflated(megabytes: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { finishFlush: zlib.Z_FULL_FLUSH, level: 9 });
  return Buffer.concat([...Array<Buffer>(megabytes).fill(block), deflateRawSync(Buffer.alloc(0))]);
}

type LyingEntry = { name: string; deflated: Uint8Array; declaredSize: number };

/** A zip written by hand whose local and central headers declare `declaredSize` for each entry's inflated size. */
function lyingZip(entries: LyingEntry[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const { name, deflated, declaredSize } of entries) {
    const nameBytes = strToU8(name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, 8, true);
    local.setUint32(18, deflated.length, true);
    local.setUint32(22, declaredSize, true);
    local.setUint16(26, nameBytes.length, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(10, 8, true);
    header.setUint32(20, deflated.length, true);
    header.setUint32(24, declaredSize, true);
    header.setUint16(28, nameBytes.length, true);
    header.setUint32(42, offset, true);
    chunks.push(new Uint8Array(local.buffer), nameBytes, deflated);
    central.push(new Uint8Array(header.buffer), nameBytes);
    offset += 30 + nameBytes.length + deflated.length;
  }
  const size = central.reduce((sum, c) => sum + c.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...chunks, ...central, new Uint8Array(end.buffer)]);
}

describe("readDocx", () => {
  it("expands merged cells (columnSpan, rowSpan) into the grid and joins a cell's paragraphs", async () => {
    const bytes = await docxBytes([
      new Paragraph("表三"),
      table([
        [
          { text: "类别", rowSpan: 2 },
          { text: "申请人情况", columnSpan: 3 },
          { text: "总计", rowSpan: 2 },
        ],
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
    const inner = table([
      ["内层A", "1"],
      ["内层B", "2"],
    ]);
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

  it("reads a cell whose value sits in a field (w:fldSimple, =SUM(LEFT)) as the value Word shows", async () => {
    const text = readFileSync("tests/fixtures/seed-000/input.txt", "utf8");
    const direct = parseReport(text);
    // Every number of every table in a field, the instruction holding a ">" as IF fields do.
    const children: (Paragraph | Table)[] = [];
    let rows: string[][] = [];
    const numberCell = (value: string) => new TableCell({ children: [new Paragraph({ children: [new SimpleField(' IF 1 > 0 "=SUM(LEFT)" ', value)] })] });
    const endTable = () => {
      if (rows.length)
        children.push(new Table({ rows: rows.map((cells) => new TableRow({ children: cells.map((c) => (/^\d+$/.test(c) ? numberCell(c) : cell(c))) })) }));
      rows = [];
    };
    for (const line of text.split("\n")) {
      if (line.includes("\t")) rows.push(line.split("\t"));
      else {
        endTable();
        children.push(new Paragraph(line));
      }
    }
    endTable();
    const bytes = await docxBytes(children);
    expect(new TextDecoder().decode(unzipSync(bytes)["word/document.xml"])).toContain("<w:fldSimple");
    const fromDocx = parseReport((await readDocx(bytes)).text);
    if (!direct.ok || !fromDocx.ok) throw new Error(`seed 000 did not parse: ${fromDocx.ok ? "" : fromDocx.reason}`);
    expect(fromDocx.report.applications).toEqual(direct.report.applications);
    expect(fromDocx.report.reviewLitigation).toEqual(direct.report.reviewLitigation);
    expect(fromDocx.report.proactive).toEqual(direct.report.proactive);
  });

  it("unwraps a field whose instruction holds a raw >, and drops a field without a result", () => {
    const xml = `<w:p><w:fldSimple w:instr=' IF a > b "x" '><w:r><w:t>14</w:t></w:r></w:fldSimple><w:fldSimple w:instr="PAGE"/><w:r><w:t>件</w:t></w:r></w:p>`;
    expect(new TextDecoder().decode(unwrapSimpleFields(strToU8(xml)))).toBe("<w:p><w:r><w:t>14</w:t></w:r><w:r><w:t>件</w:t></w:r></w:p>");
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
    expect(zipBombReason([{ name: "word/styles.xml", compressedSize: 100, uncompressedSize: 100 * 300, method: 8, offset: 0 }])).toBeNull();
  });

  it("refuses a zip whose headers lie about its sizes, before mammoth sees it (2 GB of zeros declared as 1 KB)", async () => {
    const types = { name: "[Content_Types].xml", deflated: deflateRawSync(strToU8("<Types/>")), declaredSize: 8 };
    const bomb = lyingZip([types, { name: "word/document.xml", deflated: zerosDeflated(2048), declaredSize: 1024 }]);
    expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
    expect(zipBombReason(readZipDirectory(bomb))).toBeNull();
    const before = process.memoryUsage().rss;
    expect(await readError(readDocx(bomb))).toBe("DOCX refused: zip bomb (inflating word/document.xml passes the 200 MB limit; its header declares 1 KB)");
    // The inflated bytes stop at the limit: far from the 2 GB the stream holds.
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
  });

  it("counts every XML part against one inflation budget", async () => {
    const bytes = await docxBytes([new Paragraph("年报".repeat(200))]);
    const entries = readZipDirectory(bytes);
    const xml = entries.filter((e) => /\.(xml|rels)$/.test(e.name));
    const total = xml.reduce((sum, e) => sum + e.uncompressedSize, 0);
    expect(readZipDirectory(boundedDocx(bytes, entries, total)).map((e) => e.name)).toEqual(xml.map((e) => e.name));
    expect(() => boundedDocx(bytes, entries, total - 1)).toThrow(/^DOCX refused: zip bomb \(inflating \S+ passes the 0 MB limit/);
  });

  it("reports a truncated zip and a broken document.xml as corrupt DOCX", async () => {
    const bytes = await docxBytes([new Paragraph("x")]);
    expect(await readError(readDocx(bytes.slice(0, Math.floor(bytes.length * 0.6))))).toBe(
      "corrupt DOCX: no end of central directory (truncated or not a zip)",
    );
    const broken = zipSync({ "[Content_Types].xml": strToU8("<Types/>"), "word/document.xml": strToU8("not xml <<<") });
    expect(await readError(readDocx(broken))).toMatch(/^corrupt DOCX: /);
    const xlsx = zipSync({ "xl/workbook.xml": strToU8("<workbook/>") });
    expect(await readError(readDocx(xlsx))).toBe("corrupt DOCX: no word/document.xml inside the zip");
  });
});
