import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import ReportPage from "../app/reports/[id]/page";
import type { IngestSummary } from "../lib/cli/ingest";
import type { CliIo } from "../lib/cli/io";
import type { Issue } from "../lib/report/schema";
import { ISSUE_MEANINGS, retold } from "../lib/web/issue-text";
import { main as ingest } from "../scripts/ingest";
import { main as parse } from "../scripts/parse";
import { envRestorer } from "./support/env";
import { FIXTURES } from "./support/fixtures";
import { captureIo } from "./support/hardening";
import { capturedOutput } from "./support/output";
import { attr, byId, type Element, elements, renderPage } from "./support/page-html";

/**
 * Issue 19: a scanned report goes through `npm run ingest` and `npm run parse` like any other, and its report page shows
 * each OCR number's flag beside it and links it to its page of the scan. Slow: the scan is read by OCR twice.
 */

vi.mock("next/server", async (original) => ({ ...(await original<object>()), connection: async () => {} }));

const SCAN = join(FIXTURES, "ocr-chengdu2024-300", "input.pdf");
const OCR_TIMEOUT = 900_000;

let dir = "";
const restoreEnv = envRestorer("NIANBAO_DB");
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-scan-"));
});
afterAll(() => {
  restoreEnv();
  rmSync(dir, { recursive: true, force: true });
});

/** The cells of a table that hold a number: each with the flag buttons' titles and the page its link opens. */
function numberCells(table: Element) {
  return [...elements(table)]
    .filter((el) => el.tagName === "td" && attr(el, "class")?.includes("num"))
    .map((td) => {
      const inside = [...elements(td)];
      return {
        page: inside.map((el) => attr(el, "data-page")).find(Boolean),
        flags: inside.filter((el) => el.tagName === "button").map((el) => attr(el, "title") ?? ""),
      };
    });
}

describe("a scanned report, end to end", () => {
  it(
    "is stored by npm run ingest, its report page marks every OCR number and links it to its page of the scan",
    async () => {
      const db = join(dir, "nianbao.db");
      const { io, out } = captureIo();
      expect(await ingest(["--json", "--db", db, SCAN], io)).toBe(0);
      const summary = JSON.parse(out.stdout) as IngestSummary;
      expect(summary).toMatchObject({ files: 1, ingested: 1, failed: [] });

      process.env.NIANBAO_DB = db;
      const html = await renderPage(ReportPage, { params: Promise.resolve({ id: "1" }), searchParams: Promise.resolve({}) });
      const cells = numberCells(byId(html, "table-applications"));
      expect(cells.length).toBeGreaterThan(150);
      const ocrMeaning = ISSUE_MEANINGS["value.ocr"]!;
      const read = cells.filter((cell) => cell.flags.some((title) => title.includes(ocrMeaning)));
      // 表三 of this scan runs from its first page onto its second: every number OCR read is marked and opens its page.
      expect(read.length).toBeGreaterThan(150);
      expect(read.every((cell) => cell.page === "1" || cell.page === "2")).toBe(true);
      expect([read[0]!.page, read.at(-1)!.page]).toEqual(["1", "2"]);
      expect(numberCells(byId(html, "table-review-litigation")).some((cell) => cell.flags.some((title) => title.includes(ocrMeaning)))).toBe(true);
    },
    OCR_TIMEOUT,
  );

  it(
    "is printed by npm run parse with its OCR flags and the page of each number",
    async () => {
      const { out, writers } = capturedOutput();
      const io: CliIo = { ...writers, readFile: (path) => readFile(path) };
      expect(await parse([SCAN], io)).toBe(0);
      const report = JSON.parse(out.stdout);
      expect(report.source).toMatchObject({ fileName: "input.pdf", mediaType: "application/pdf", pages: 2 });
      expect(report.source.numberPages.applications.newReceived).toBe(1);
      const ocrFlags = report.issues.filter((issue: Issue) => issue.code.startsWith("value.ocr"));
      expect(ocrFlags.filter((issue: Issue) => issue.code === "value.ocr").length).toBeGreaterThan(100);
      // The report page retells each in Chinese (lib/web/issue-text.ts): their shapes are the ones it knows.
      expect(ocrFlags.filter((issue: Issue) => retold(issue) === null)).toEqual([]);
    },
    OCR_TIMEOUT,
  );
});
