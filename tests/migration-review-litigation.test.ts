import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openWritableDb } from "../db/client";
import journal from "../db/migrations/meta/_journal.json";
import { pinyinKey } from "../db/pinyin";
import { SqliteStore } from "../db/sqlite-store";
import { storeReport } from "../db/write";
import { zipOfTables } from "../lib/export/bulk";
import { REVIEW_FIELDS, REVIEW_GROUPS } from "../lib/report/schema";
import { EXPORT_TABLE_NAMES } from "../lib/store/types";
import { buildSeedDb, parsedSeed, seedTexts } from "./support/seed-db";

/**
 * Migration 0013 renames 表四's table review_rows to review_litigation_rows. A database made before it, at migration
 * 0012 with reports in it, is opened by the current code: every number, the totals its triggers keep and the exports
 * stay as they were, and the triggers keep working under the new name.
 */

const OLD_TABLE = "review_rows";
const NEW_TABLE = "review_litigation_rows";
const BEFORE = journal.entries.filter((entry) => entry.idx <= 12);

let dir: string;
let freshPath: string;
let oldPath: string;
let reportIds: Map<string, number>;

/** The migrations folder as it was at 0012: its SQL files and the journal up to that line. */
function migrationsAt0012(): string {
  const folder = join(dir, "migrations-0012");
  mkdirSync(join(folder, "meta"), { recursive: true });
  for (const entry of BEFORE) copyFileSync(join("db/migrations", `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: BEFORE }));
  return folder;
}

const shadowOrDerived = (name: string) => name.startsWith("report_sections_fts_") || name === "report_totals";

/**
 * Fills a database at 0012 with the rows of `source` (a current one), table by table, 表四's under its old name.
 * report_totals is left to migration 0002's triggers on application_rows and review_rows, as every store filled it.
 */
function fillOldDatabase(old: Database.Database, source: string): void {
  old.pragma("foreign_keys = OFF");
  old.exec(`ATTACH DATABASE '${source}' AS current`);
  const tables = old
    .prepare("SELECT name FROM current.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
    .all() as {
    name: string;
  }[];
  old.transaction(() => {
    for (const { name } of tables.filter((t) => !shadowOrDerived(t.name))) {
      const target = name === NEW_TABLE ? OLD_TABLE : name;
      // The columns the table had then (0013 also adds agencies.name_sort_key).
      const columns = (old.prepare(`PRAGMA main.table_info("${target}")`).all() as { name: string }[]).map((c) => `"${c.name}"`).join(", ");
      old.exec(`INSERT INTO main."${target}" (${columns}) SELECT ${columns} FROM current."${name}"`);
    }
  })();
  old.exec("DETACH DATABASE current");
}

/** all.zip as its CSVs: each file's header, then its lines sorted. */
async function zippedTables(store: SqliteStore): Promise<Record<string, string[]>> {
  const files = unzipSync(new Uint8Array(await new Response(zipOfTables(store)).arrayBuffer()));
  return Object.fromEntries(
    Object.entries(files).map(([name, bytes]) => {
      const [header = "", ...lines] = new TextDecoder().decode(bytes).trim().split("\r\n");
      return [name, [header, ...lines.sort()]];
    }),
  );
}

/** Every row of every table (FTS shadow tables aside), each table's rows sorted, to compare two databases. */
function contents(db: Database.Database): Record<string, string[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'").all() as {
    name: string;
  }[];
  return Object.fromEntries(
    tables
      .filter(({ name }) => !name.startsWith("report_sections_fts_"))
      .map(({ name }) => [
        name,
        db
          .prepare(`SELECT * FROM "${name}"`)
          .all()
          .map((row) => JSON.stringify(row))
          .sort(),
      ]),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-0013-"));
  freshPath = join(dir, "fresh", "nianbao.db");
  oldPath = join(dir, "old", "nianbao.db");
  reportIds = buildSeedDb(freshPath);
  mkdirSync(join(dir, "old"));
  const old = new Database(oldPath);
  migrate(drizzle(old), { migrationsFolder: migrationsAt0012() });
  fillOldDatabase(old, freshPath);
  old.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a database stored at migration 0012, opened by the current code", () => {
  let before: Record<string, string[]>;
  let migrated: Db;
  let fresh: Db;

  beforeAll(() => {
    const old = new Database(oldPath, { readonly: true });
    before = contents(old);
    old.close();
    migrated = openWritableDb(oldPath);
    fresh = openWritableDb(freshPath);
  });
  afterAll(() => {
    migrated.$client.close();
    fresh.$client.close();
  });

  it("was at 0012, 表四 in review_rows with its totals filled by the old triggers", () => {
    expect(before[OLD_TABLE]).toHaveLength(3 * reportIds.size);
    expect(before[NEW_TABLE]).toBeUndefined();
    expect(before.report_totals).toHaveLength(reportIds.size);
    expect(before.report_totals).toEqual(contents(fresh.$client).report_totals);
  });

  it("is migrated to the last migration: review_rows is now review_litigation_rows, its triggers named after it", () => {
    const applied = migrated.$client.prepare("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    const names = (type: string) =>
      (migrated.$client.prepare("SELECT name FROM sqlite_master WHERE type = ? AND tbl_name LIKE 'review%' ORDER BY name").all(type) as { name: string }[]).map(
        (m) => m.name,
      );
    expect(names("table")).toEqual([NEW_TABLE]);
    expect(names("trigger")).toEqual(["delete", "insert", "update"].map((event) => `${NEW_TABLE}_${event}_totals`));
  });

  it("keeps every row of every table: the same numbers as before, and as a database made by the current code", () => {
    const after = contents(migrated.$client);
    const { [OLD_TABLE]: reviewBefore, ...restBefore } = before;
    const { [NEW_TABLE]: reviewAfter, agencies, ...restAfter } = after;
    expect(reviewAfter).toEqual(reviewBefore);
    const { agencies: agenciesBefore, ...othersBefore } = restBefore;
    expect(restAfter).toEqual(othersBefore);
    // The agencies as they were, with the pinyin sort key 0013 adds.
    const withoutKey = (line: string) => {
      const { name_sort_key, ...agency } = JSON.parse(line) as { name: string; name_sort_key: string };
      expect(name_sort_key).toBe(pinyinKey(agency.name));
      return JSON.stringify(agency);
    };
    expect(agencies?.map(withoutKey).sort()).toEqual(agenciesBefore);
    expect(after).toEqual(contents(fresh.$client));
  });

  it("lists its agencies by name in pinyin order, as Intl.Collator('zh-u-co-pinyin') sorts them", async () => {
    const { result } = await new SqliteStore(migrated).agenciesPage({ sort: "name", dir: "asc", page: 1, pageSize: 50 });
    const names = result.rows.map((row) => row.name);
    expect(names.length).toBeGreaterThanOrEqual(6);
    expect(names).toEqual([...names].sort(new Intl.Collator("zh-u-co-pinyin").compare));
    expect(names).not.toEqual([...names].sort());
  });

  it("reads each report's 表四 as its text printed it", async () => {
    const store = new SqliteStore(migrated);
    const stored = seedTexts().filter((seed) => reportIds.has(seed.name));
    expect(stored.length).toBeGreaterThanOrEqual(8);
    const printedAll: number[] = [];
    for (const seed of stored) {
      const printed = parsedSeed(seed).reviewLitigation;
      const model = await store.reportModel(reportIds.get(seed.name)!);
      for (const group of REVIEW_GROUPS)
        for (const field of REVIEW_FIELDS) {
          expect(model?.counts.reviewLitigation[group]?.[field], `${seed.name} ${group}.${field}`).toBe(printed[group][field]);
          printedAll.push(printed[group][field] ?? 0);
        }
    }
    // The seeds print non-zero 表四 numbers (the edited 济南 2023 and 历下 2024), so the comparison is not of zeros only.
    expect(printedAll.some((value) => value > 0)).toBe(true);
  });

  it("gives the same overview, measures and bulk export as a database made by the current code", async () => {
    const [migratedStore, freshStore] = [new SqliteStore(migrated), new SqliteStore(fresh)];
    expect(await migratedStore.overview({ year: 2024 })).toEqual(await freshStore.overview({ year: 2024 }));
    expect(await migratedStore.overview()).toEqual(await freshStore.overview());
    const [migratedZip, freshZip] = [await zippedTables(migratedStore), await zippedTables(freshStore)];
    expect(Object.keys(migratedZip).sort()).toEqual(EXPORT_TABLE_NAMES.map((table) => `${table}.csv`).sort());
    expect(migratedZip).toEqual(freshZip);
    const [header, ...review] = migratedZip[`${NEW_TABLE}.csv`]!;
    expect(header).toBe(["report_id", "group", ...REVIEW_FIELDS].join(","));
    expect(review).toHaveLength(3 * reportIds.size);
  });

  it("keeps report_totals in step through the renamed triggers: an update, a delete, a new report", () => {
    const client = migrated.$client;
    const reportId = reportIds.get("jinan-2023.txt")!;
    const totals = () =>
      client.prepare("SELECT reconsideration_corrected AS corrected, reconsideration_total AS total FROM report_totals WHERE report_id = ?").get(reportId);
    expect(totals()).toEqual({ corrected: 1, total: 2 });
    client.prepare(`UPDATE ${NEW_TABLE} SET corrected = 5, total = 6 WHERE report_id = ? AND "group" = 'reconsideration'`).run(reportId);
    expect(totals()).toEqual({ corrected: 5, total: 6 });
    client.prepare(`DELETE FROM ${NEW_TABLE} WHERE report_id = ? AND "group" = 'reconsideration'`).run(reportId);
    expect(totals()).toEqual({ corrected: null, total: null });

    const seed = seedTexts().find((s) => s.name === "jinan-2023.txt")!;
    const report = parsedSeed({ name: "jinan-2023-copy.txt", text: seed.text.replace(/济南公共资源交易中心/g, "济南市新设局") });
    const { reportId: added } = migrated.transaction((tx) => storeReport(tx, report, "2026-12-01T00:00:00.000Z"));
    const stored = client.prepare(
      "SELECT reconsideration_upheld AS upheld, reconsideration_corrected AS corrected, litigationDirect_pending AS pending FROM report_totals WHERE report_id = ?",
    );
    expect(stored.get(added)).toEqual({
      upheld: report.reviewLitigation.reconsideration.upheld,
      corrected: report.reviewLitigation.reconsideration.corrected,
      pending: report.reviewLitigation.litigationDirect.pending,
    });
    expect(stored.get(added)).toEqual({ upheld: 1, corrected: 1, pending: 1 });
  });
});
