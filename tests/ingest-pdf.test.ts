import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { extractBareText, PDF_MEDIA_TYPE, readPdf } from "../lib/ingest/pdf";
import { readDocument } from "../lib/ingest/read";
import { ReadError } from "../lib/ingest/types";
import { parseReport } from "../lib/report/parse";
import { APPLICATION_ROWS, type Report } from "../lib/report/schema";
import { PROACTIVE_TEMPLATE, ROW_LABELS } from "../lib/report/template";
import { FIXTURES } from "./support/fixtures";

/** Report fixtures made by scripts/make-pdf-fixtures.ts: input.pdf and the source.txt it was laid out from. */
/** `sameTablePage`: 表三 fits on one page (in the others it runs across a page break). */
const REPORTS: { name: string; pages: number; what: string; sameTablePage?: boolean }[] = [
  { name: "bordered", pages: 5, what: "LibreOffice from HTML, ruled table, 表三 across two page breaks with repeated header rows" },
  { name: "borderless", pages: 5, what: "LibreOffice from HTML, no rules, a rowspan label and a row cut by the page break" },
  { name: "wrapped-numbers", pages: 4, what: "LibreOffice from DOCX, top-aligned cells, 4-digit numbers wrapped in narrow cells, a row split across pages" },
  { name: "cmap-font", pages: 3, what: "hand-written, non-embedded STSong-Light + UniGB-UCS2-H, cells written column by column, page numbers" },
  {
    name: "empty-first-cell",
    pages: 3,
    sameTablePage: true,
    what: "hand-written like cmap-font, cells written row by row, empty first 表二 values (规章 | (empty) | 3 | 17)",
  },
];

function fixture(name: string, file: string): Buffer {
  return readFileSync(join(FIXTURES, `pdf-${name}`, file));
}

function bytesOf(name: string): Uint8Array {
  return new Uint8Array(fixture(name, "input.pdf"));
}

function parsed(text: string): Report {
  const outcome = parseReport(text);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReadError);
  return (error as ReadError).reason;
}

const compact = (text: string) => text.replace(/\s+/g, "");

describe("readPdf on report fixtures", () => {
  for (const { name, pages, what } of REPORTS) {
    describe(`${name} (${what})`, () => {
      it("parses to the same 表二, 表三 and 表四 values as the text it was made from", async () => {
        const result = await readPdf(bytesOf(name));
        const fromPdf = parsed(result.text);
        const fromSource = parsed(fixture(name, "source.txt").toString("utf8"));
        expect(fromPdf.applications).toEqual(fromSource.applications);
        expect(fromPdf.reviewLitigation).toEqual(fromSource.reviewLitigation);
        expect(fromPdf.proactive).toEqual(fromSource.proactive);
        expect(fromPdf.agency).toBe(fromSource.agency);
        expect(fromPdf.issues.filter((i) => i.code.startsWith("table.") || i.code === "section.missing")).toEqual([]);
      });

      it("counts the pages and starts each page's text with that page's content", async () => {
        const bytes = bytesOf(name);
        const result = await readPdf(bytes);
        expect(result.mediaType).toBe(PDF_MEDIA_TYPE);
        expect(result.pages).toBe(pages);
        const starts = result.pageStarts!;
        expect(starts).toHaveLength(pages);
        expect(starts[0]).toBe(0);
        for (let i = 1; i < starts.length; i++) expect(starts[i]!).toBeGreaterThan(starts[i - 1]!);
        // pdf.js item text never holds a line break, so the bare text splits into pages (in stream order,
        // which is not reading order: only the page's first cell is looked for).
        const bare = (await extractBareText(bytes)).split("\n").map(compact);
        starts.forEach((start, page) => {
          const firstCell = result.text.slice(start).split("\n")[0]!.split("\t")[0]!;
          const head = compact(firstCell).slice(0, 8);
          expect(head).not.toBe("");
          expect(bare[page]).toContain(head);
        });
      });
    });
  }

  it("writes each 表三 row as one line of tab-separated cells, across page breaks", async () => {
    const lines = (await readPdf(bytesOf("bordered"))).text.split("\n");
    expect(lines).toContain("（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t0\t0\t0\t0\t0\t0\t0");
    expect(lines).toContain("（六）其他处理\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0");
    const first = lines.findIndex((l) => l.startsWith("一、本年新收"));
    const last = lines.findIndex((l) => l.startsWith("四、结转下年度"));
    // 25 rows in 25 consecutive lines: the header rows repeated on pages 3 and 4 are dropped.
    expect(last - first).toBe(24);
    expect(lines.filter((l) => l.includes("申请人情况"))).toHaveLength(1);
  });

  it("keeps an empty first 表二 value in its column instead of shifting the row left", async () => {
    const lines = (await readPdf(bytesOf("empty-first-cell"))).text.split("\n");
    expect(lines).toContain("规章\t\t3\t17");
    expect(lines).toContain("行政规范性文件\t\t5\t29");
    // A value centred across merged columns under a header of two cells is not moved.
    expect(lines).toContain("行政许可\t12");
    const proactive = parsed(lines.join("\n")).proactive;
    expect(proactive.filter((c) => c.key.startsWith("regulations.")).map((c) => c.value)).toEqual([null, 3, 17]);
  });

  it("rejoins numbers wrapped in narrow cells, also when the page break splits the row", async () => {
    const lines = (await readPdf(bytesOf("wrapped-numbers"))).text.split("\n");
    expect(lines).toContain("（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t304\t35\t3\t1\t3\t1\t347");
    expect(lines).toContain("5.要求行政机关确认或重新出具已获取信息\t1856\t211\t3\t3\t3\t1\t2077");
    expect(lines).toContain("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t2050\t233\t1\t7\t3\t1\t2295");
    expect(lines).toContain("100\t1\t0\t4\t105\t101\t3\t1\t4\t109\t102\t5\t2\t4\t113");
  });

  it("keeps the Chinese of a non-embedded CJK font and drops page numbers", async () => {
    const { text } = await readPdf(bytesOf("cmap-font"));
    expect(text.split("\n").slice(0, 2)).toEqual(["淄博市公共资源交易中心", "2023年政府信息公开工作年度报告"]);
    expect(text).toContain("三、收到和处理政府信息公开申请情况");
    expect(text).not.toMatch(/^-\s*\d+\s*-$/m);
  });

  it("joins a cell's fragments without spaces and keeps real gaps as one space", async () => {
    const { text } = await readPdf(bytesOf("bordered"));
    expect(text.split("\n")[0]).toBe("济南公共资源交易中心 2024 年度 政府信息公开工作年度报告");
    expect(text).toContain("行政事业性收费\t0");
  });

  it("leaves the caller's bytes alone and is reached through readDocument", async () => {
    const bytes = bytesOf("cmap-font");
    const copy = bytes.slice();
    const result = await readDocument(bytes);
    expect(result.mediaType).toBe(PDF_MEDIA_TYPE);
    expect(bytes).toEqual(copy);
  });
});

/** Labels compared as pdf.js prints them: no spaces, half-width brackets. */
const plain = (text: string) => compact(text).replace(/（/g, "(").replace(/）/g, ")");

describe("the page of every parsed number", () => {
  for (const { name, pages, sameTablePage } of REPORTS) {
    it(`${name}: each 表二 and 表三 row's page is the page pdf.js finds its label on, on both sides of the page breaks`, async () => {
      const bytes = bytesOf(name);
      const result = await readPdf(bytes);
      const source = { fileName: "input.pdf", sha256: "0".repeat(64), mediaType: PDF_MEDIA_TYPE, pages: result.pages };
      const outcome = parseReport(result.text, { source, pageStarts: result.pageStarts });
      if (!outcome.ok) throw new Error(outcome.reason);
      const numberPages = outcome.report.source!.numberPages!;
      // The ground truth is independent of the reader's layout: the bare pdf.js text of each page.
      const bare = (await extractBareText(bytes)).split("\n").map(plain);
      const check = (label: string, page: number | undefined) => {
        const full = plain(label);
        // A row cut by the page break starts on its page: the label's head is there; no other page has the whole label.
        expect(bare[page! - 1], `${label} on page ${page}`).toContain(full.slice(0, 8));
        bare.forEach((text, i) => i + 1 !== page && expect(text.includes(full), `${label} also on page ${i + 1}`).toBe(false));
      };
      const rows = APPLICATION_ROWS.filter((row) => row in numberPages.applications);
      expect(rows.length).toBeGreaterThanOrEqual(23);
      for (const row of rows) check(ROW_LABELS[row].label, numberPages.applications[row]);
      const tablePages = new Set(Object.values(numberPages.applications)).size;
      if (sameTablePage) expect(tablePages).toBe(1);
      else expect(tablePages).toBeGreaterThanOrEqual(2);

      const version = outcome.report.formatVersion;
      for (const row of PROACTIVE_TEMPLATE[version].flatMap((band) => band.rows)) {
        const pagesOfRow = new Set(row.fields.map((f) => numberPages.proactive[f.key]));
        expect(pagesOfRow.size).toBe(1);
        expect(bare[[...pagesOfRow][0]! - 1]).toContain(plain(row.category).replace(/^行政/, ""));
      }
      const reviewPage = numberPages.reviewLitigation.reconsideration!;
      expect(Object.values(numberPages.reviewLitigation)).toEqual([reviewPage, reviewPage, reviewPage]);
      expect(reviewPage).toBeGreaterThanOrEqual(numberPages.applications.carriedForward!);
      expect(reviewPage).toBeLessThanOrEqual(pages);
    });
  }

  it("records no pages for text without page starts", () => {
    const source = { fileName: "input.txt", sha256: "0".repeat(64), mediaType: "text/plain", pages: null };
    const outcome = parseReport(fixture("bordered", "source.txt").toString("utf8"), { source });
    expect(outcome.ok && outcome.report.source).toEqual(source);
  });
});

describe("readPdf refusals", () => {
  it("refuses an encrypted PDF", async () => {
    expect(await refusal(readPdf(bytesOf("encrypted")))).toBe("encrypted PDF: needs a password to open");
  });

  it("refuses a scan too coarse for OCR (pages that are only 30 dpi images)", async () => {
    expect(await refusal(readPdf(bytesOf("scanned")))).toBe("scanned PDF: page images of 30 dpi, too coarse to read by OCR (100 dpi at least)");
  });

  it("refuses a truncated PDF as corrupt", async () => {
    const bytes = bytesOf("bordered");
    expect(await refusal(readPdf(bytes.subarray(0, Math.floor(bytes.length / 2))))).toMatch(/^corrupt PDF: \S/);
  });

  it("refuses bytes that only start like a PDF", async () => {
    expect(await refusal(readPdf(new TextEncoder().encode("%PDF-1.7\nnot really\n")))).toMatch(/^corrupt PDF: /);
  });

  it("gives the same refusals to the bare extraction", async () => {
    expect(await refusal(extractBareText(bytesOf("encrypted")))).toBe("encrypted PDF: needs a password to open");
  });
});

describe("extractBareText", () => {
  it("returns pdf.js text of every page, Chinese included", async () => {
    const text = await extractBareText(bytesOf("cmap-font"));
    expect(text.split("\n")).toHaveLength(3);
    expect(text).toContain("淄博市公共资源交易中心");
  });
});
