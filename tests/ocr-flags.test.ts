import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cellPath } from "../lib/report/issues";
import { parseReport } from "../lib/report/parse";
import type { OcrReading, Report } from "../lib/report/schema";

/** The text twin of a report, as an OCR reader would give it, and a reading for every number in a table row. */
const text = readFileSync(join(import.meta.dirname, "fixtures", "seed-000", "input.txt"), "utf8");

function readingsOf(source: string, review: (read: string, at: number) => boolean = () => false): OcrReading[] {
  const readings: OcrReading[] = [];
  let offset = 0;
  for (const line of source.split("\n")) {
    let at = offset;
    if (line.includes("\t")) {
      for (const cell of line.split("\t")) {
        if (/^\d+(\.\d+)?$/.test(cell))
          readings.push({
            at,
            length: cell.length,
            page: 2,
            confidence: 95,
            review: review(cell, at),
            reason: review(cell, at) ? "the two readings differ: 6 / 8" : null,
          });
        at += cell.length + 1;
      }
    }
    offset += line.length + 1;
  }
  return readings;
}

function flagsAt(report: Report, code: string): string[] {
  return report.issues.filter((i) => i.code === code).map((i) => cellPath(i.where));
}

function parsed(source: string, ocr: OcrReading[] | null): Report {
  const outcome = parseReport(source, { ocr });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
}

describe("a scan's numbers are flagged beside their cells", () => {
  it("puts value.ocr with the confidence and page at every table cell read by OCR, and none on a text report", () => {
    expect(text).toContain("\t");
    const plain = parsed(text, null);
    expect(flagsAt(plain, "value.ocr")).toEqual([]);
    const report = parsed(text, readingsOf(text));
    const flagged = new Set(flagsAt(report, "value.ocr"));
    for (const column of ["naturalPerson", "business", "research", "nonprofit", "legal", "otherOrg", "total"]) {
      expect(flagged).toContain(`applications.newReceived.${column}`);
      expect(flagged).toContain(`applications.handledTotal.${column}`);
    }
    for (const field of ["upheld", "corrected", "other", "pending", "total"]) expect(flagged).toContain(`reviewLitigation.litigationDirect.${field}`);
    expect(flagged).toContain("proactive.regulations.issued");
    expect(flagged).toContain("proactive.licensing.decisions");
    const one = report.issues.find((i) => i.code === "value.ocr" && cellPath(i.where) === "applications.newReceived.total");
    expect(one).toMatchObject({ severity: "info", message: `${report.applications.newReceived.total} read by OCR on page 2, confidence 95` });
    expect(flagsAt(report, "value.ocrReview")).toEqual([]);
  });

  it("flags for review the reading the engines disagreed on, at its own cell", () => {
    const newReceived = text.split("\n").find((line) => line.startsWith("一、本年新收"))!;
    const start = text.indexOf(newReceived);
    // The row ends in its total (and a tab, in this text).
    const totalAt = start + newReceived.search(/\d+\t?$/);
    const report = parsed(
      text,
      readingsOf(text, (_, at) => at === totalAt),
    );
    expect(flagsAt(report, "value.ocrReview")).toEqual(["applications.newReceived.total"]);
    expect(report.issues.find((i) => i.code === "value.ocrReview")).toMatchObject({
      severity: "warning",
      message: expect.stringContaining("the two readings differ: 6 / 8"),
    });
  });

  it("flags for review the cells of an identity a misread breaks", () => {
    const misread = text.replace(/^(一、本年新收[^\n]*\t)(\d+)(\t?)$/m, (_, head: string, total: string, tab: string) => `${head}${Number(total) + 3}${tab}`);
    expect(misread).not.toBe(text);
    const report = parsed(misread, readingsOf(misread));
    const identities = report.issues.filter((i) => i.code.startsWith("identity.")).map((i) => cellPath(i.where));
    expect(identities.length).toBeGreaterThan(0);
    for (const at of identities) expect(flagsAt(report, "value.ocrReview")).toContain(at);
  });

  it("flags for review every cell the template prints that the scan's reading left without a number, and only those", () => {
    // Rules the OCR missed: two of 行政规范性文件's cells read empty, 表三's 2.重复申请 row lost (merged into another).
    const lines = text.split("\n");
    const normative = lines.findIndex((line) => line.startsWith("行政规范性文件\t"));
    lines[normative] = "行政规范性文件\t\t0\t";
    const duplicate = lines.findIndex((line) => line.includes("2. 重复申请"));
    expect(normative * duplicate).toBeGreaterThan(0);
    lines.splice(duplicate, 1);
    const unread = lines.join("\n");
    const report = parsed(unread, readingsOf(unread));
    const review = flagsAt(report, "value.ocrReview");
    expect(review).toContain("proactive.normativeDocs.issued");
    expect(review).toContain("proactive.normativeDocs.inForce");
    expect(review).not.toContain("proactive.normativeDocs.repealed");
    expect(review).toContain("applications.rejectedDuplicate");
    const message = report.issues.find((i) => i.code === "value.ocrReview" && cellPath(i.where) === "applications.rejectedDuplicate")?.message;
    expect(message).toContain("no number read by OCR");
    expect(review.filter((at) => !at.startsWith("proactive.normativeDocs") && !at.startsWith("applications."))).toEqual([]);
    // A text report is never flagged so.
    expect(flagsAt(parsed(unread, null), "value.ocrReview")).toEqual([]);
  });
});
