import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openWritableDb } from "../db/client";
import { SEARCH_TEXT_LIMIT } from "../db/fts";
import journal from "../db/migrations/meta/_journal.json";
import { openWebDb, searchSections } from "../db/queries";
import { storeReport } from "../db/write";
import { FIXTURES } from "./support/fixtures";
import { buildSeedDb, parsedSeed } from "./support/seed-db";

/**
 * Issue 15 (6): one report with a 30 MB narrative made every search take minutes (snippet() grows with the square of
 * a row's matches) and held the single server process. The index holds a bounded part of each section, and a search
 * stops after its time and says so.
 */

let dir: string;
let path: string;
let reportId: number;
const HUGE = 30_000_000;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-search-"));
  path = join(dir, "test.db");
  buildSeedDb(path);
  const text = readFileSync(join(FIXTURES, "seed-000", "input.txt"), "utf8").replace(/济南公共资源交易中心/g, "济南市长文局");
  const report = parsedSeed({ name: "huge.txt", text });
  const sentence = "本局持续推进政务公开标准化规范化建设，";
  const overview = `${sentence.repeat(Math.ceil(HUGE / sentence.length))}长文末尾的独有词。`;
  const db = openWritableDb(path);
  reportId = db.transaction((tx) => storeReport(tx, { ...report, sections: { ...report.sections, overview } }, "2026-01-01T00:00:00.000Z")).reportId;
  db.$client.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const search = (db: Db, text: string, budgetMs?: number) => searchSections(db, { text, page: 1, pageSize: 20 }, budgetMs);

describe("search over a report with a 30 MB narrative", () => {
  it("indexes at most SEARCH_TEXT_LIMIT characters of a part and keeps the whole section", () => {
    const raw = new Database(path, { readonly: true });
    const indexed = raw.prepare("SELECT length(body) AS n FROM report_sections_fts WHERE report_id = ? AND part = 'overview'").get(reportId) as { n: number };
    const kept = raw.prepare("SELECT length(overview) AS n FROM report_sections WHERE report_id = ?").get(reportId) as { n: number } | undefined;
    raw.close();
    expect(indexed.n).toBe(SEARCH_TEXT_LIMIT);
    expect(kept?.n ?? 0).toBeGreaterThan(HUGE);
  });

  it("finds a common word in it with a snippet, and the word past the limit is not found", () => {
    const db = openWebDb(path);
    const hits = search(db, "政务公开标准化");
    expect(hits.rows.some((hit) => hit.reportId === reportId && hit.snippet.includes("政务公开标准化"))).toBe(true);
    expect(hits.cutShort).toBe(false);
    expect(search(db, "长文末尾的独有词").total).toBe(0);
    db.$client.close();
  });

  it("stops a search whose time is up and says it was cut short, for FTS and for short-word scans", () => {
    const db = openWebDb(path);
    for (const text of ["政务公开标准化", "公开"]) {
      const cut = search(db, text, -1);
      expect(cut).toMatchObject({ cutShort: true, total: 0 });
      expect(search(db, text).cutShort).toBe(false);
    }
    db.$client.close();
  });

  it("migration 0011 bounds the index of a database stored before it", () => {
    const copy = join(dir, "old.db");
    const db = openWritableDb(path);
    db.$client.prepare("UPDATE report_sections_fts SET body = body || ? WHERE report_id = ? AND part = 'overview'").run("多".repeat(10_000), reportId);
    // 0011 and the migrations after it taken back out of the journal (they run again as they are; 0013's column goes).
    db.$client.exec("DROP INDEX agencies_sort_key; ALTER TABLE agencies DROP COLUMN name_sort_key;");
    db.$client.exec(`DELETE FROM __drizzle_migrations WHERE created_at >= ${journal.entries.find((entry) => entry.tag.startsWith("0011_"))!.when}`);
    db.$client.exec(`VACUUM INTO '${copy}'`);
    db.$client.close();
    const length = (file: string) => {
      const raw = new Database(file, { readonly: true });
      const row = raw.prepare("SELECT length(body) AS n FROM report_sections_fts WHERE report_id = ? AND part = 'overview'").get(reportId) as { n: number };
      raw.close();
      return row.n;
    };
    expect(length(copy)).toBe(SEARCH_TEXT_LIMIT + 10_000);
    openWritableDb(copy).$client.close();
    expect(length(copy)).toBe(SEARCH_TEXT_LIMIT);
  });
});
