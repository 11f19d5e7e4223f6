import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Db, openWritableDb } from "../db/client";
import { readNumberPages } from "../db/pages";
import { agencies, applicationRows, proactiveCells, reportIssues, reports, reviewLitigationRows } from "../db/schema";
import { storeReport } from "../db/write";
import { sha256 } from "../lib/ingest/hash";
import { reportFromFile } from "../lib/pipeline/job";
import { parseReport } from "../lib/report/parse";
import type { Report, Source } from "../lib/report/schema";
import { fixtureDirs } from "./support/fixtures";

const seedText = (name: string) => readFileSync(join(fixtureDirs(`seed-${name}`)[0] as string, "input.txt"), "utf8");

function parsed(text: string, fileName = "report.txt"): Report & { source: Source } {
  const source: Source = { fileName, sha256: sha256(Buffer.from(text)), mediaType: "text/plain", pages: null };
  const outcome = parseReport(text, { source });
  if (!outcome.ok) throw new Error(outcome.reason);
  return { ...outcome.report, source };
}

let dir: string;
let db: Db;
const store = (report: Report & { source: Source }) => db.transaction((tx) => storeReport(tx, report, "2026-11-23T00:00:00.000Z"));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-db-"));
  db = openWritableDb(join(dir, "sub", "test.db"));
});
afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("storing reports", () => {
  it("creates the database folder, uses WAL, and stores every seed with its tables", () => {
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    for (const name of ["000", "001", "002", "003", "004"]) expect(store(parsed(seedText(name), `${name}.txt`)).status).toBe("ingested");
    expect(db.select().from(reports).all()).toHaveLength(5);
    expect(
      db
        .select()
        .from(agencies)
        .all()
        .map((a) => a.name),
    ).toContain("济宁市公共资源交易服务中心嘉祥分中心");
    expect(db.select().from(applicationRows).all()).toHaveLength(5 * 26);
    expect(db.select().from(reviewLitigationRows).all()).toHaveLength(5 * 3);
  });

  it("stores values as parsed: matrix cells, nulls of 不涉及, money in 万元", () => {
    const report = parsed(seedText("001"));
    const { reportId } = store(report);
    const row = db
      .select()
      .from(applicationRows)
      .where(and(eq(applicationRows.reportId, reportId), eq(applicationRows.row, "otherNoCorrection")))
      .get();
    expect(row).toMatchObject({ naturalPerson: null, total: null });
    const cells = db.select().from(proactiveCells).where(eq(proactiveCells.reportId, reportId)).all();
    expect(cells.find((c) => c.key === "licensing.decisions")).toMatchObject({ value: null, raw: "不涉及" });
    expect(cells.find((c) => c.key === "procurement.amount")).toMatchObject({ value: 3.967, unit: "万元" });
    const stored = db.select().from(reports).where(eq(reports.id, reportId)).get();
    expect(stored).toMatchObject({ year: 2020, formatVersion: "2019", isCurrent: true, infoCount: 12 });
  });

  it("round-trips the page of every number of a PDF, and records none for a text file", async () => {
    const result = await reportFromFile(join(fixtureDirs("pdf-bordered")[0] as string, "input.pdf"));
    if (!result.ok) throw new Error(result.reason);
    const pages = result.report.source.numberPages!;
    expect(Object.keys(pages.applications)).toHaveLength(25);
    expect(new Set(Object.values(pages.applications))).toEqual(new Set([2, 3, 4]));
    const { reportId } = store(result.report);
    expect(readNumberPages(db, reportId)).toEqual(pages);
    const text = store(parsed(seedText("000"), "000.txt"));
    expect(readNumberPages(db, text.reportId)).toBeNull();
    db.$client.exec("DROP TABLE number_pages");
    expect(readNumberPages(db, reportId)).toBeNull();
  });

  it("skips a file already stored", () => {
    const report = parsed(seedText("000"));
    expect(store(report).status).toBe("ingested");
    expect(store(report).status).toBe("present");
    expect(db.select().from(reports).all()).toHaveLength(1);
  });

  it("keeps both files of a revision, the one marked 修订 current in either order", () => {
    const original = seedText("000");
    const revision = original.replace("政府信息公开工作年度报告", "政府信息公开工作年度报告（修订版）");
    for (const order of [
      [original, revision],
      [revision, original],
    ]) {
      db.$client.exec("DELETE FROM report_sections_fts; DELETE FROM report_issues; DELETE FROM reports;");
      const [first, second] = order.map((text, i) => store(parsed(text, `v${i}.txt`)));
      expect(second!.status).toBe("revised");
      const current = db.select({ id: reports.id, reason: reports.currentReason }).from(reports).where(eq(reports.isCurrent, true)).all();
      expect(current).toEqual([{ id: order[0] === revision ? first!.reportId : second!.reportId, reason: "revisionMark" }]);
    }
  });

  it("keeps two agencies of the same name in different regions apart", () => {
    const beijing = "北京市朝阳区财政局2024年政府信息公开工作年度报告";
    const text = seedText("000").replace(/^[\s\S]*?年度报告/, beijing);
    store(parsed(text));
    store(parsed(text.replace("北京市朝阳区", "长春市朝阳区")));
    expect(
      db
        .select({ code: agencies.regionCode })
        .from(agencies)
        .all()
        .map((a) => a.code)
        .sort(),
    ).toEqual(["110105", "220104"]);
  });

  it("flags identity.crossYear on both years when 上年结转 differs from last year's 结转下年度, whichever comes first", () => {
    const text2024 = seedText("000");
    const carriedOver = "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0";
    const text2024WithCarry = text2024.replace(carriedOver, "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2");
    expect(text2024WithCarry).not.toBe(text2024);
    const text2023 = text2024.replace(/2024/g, "2023");
    const later = store(parsed(text2024WithCarry));
    const earlier = store(parsed(text2023));
    const crossYear = db.select().from(reportIssues).where(eq(reportIssues.code, "identity.crossYear")).all();
    expect(crossYear.map((i) => `${i.reportId === later.reportId ? "2024" : "2023"} ${i.row}.${i.column}`).sort()).toEqual([
      "2023 carriedForward.naturalPerson",
      "2023 carriedForward.total",
      "2024 carriedOver.naturalPerson",
      "2024 carriedOver.total",
    ]);
    expect(db.select().from(reports).where(eq(reports.id, earlier.reportId)).get()?.warningCount).toBe(2);
  });

  it("searches the narrative sections in Chinese through FTS5 trigram", () => {
    const { reportId } = store(parsed(seedText("004")));
    const hits = db.$client.prepare("SELECT report_id, part FROM report_sections_fts WHERE report_sections_fts MATCH ?").all("政采贷");
    expect(hits).toEqual([{ report_id: reportId, part: "other" }]);
  });
});
