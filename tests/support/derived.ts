import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { type Db, openWritableDb } from "../../db/client";
import { NO_REGION, type ReportFilter } from "../../db/queries";
import { type CorpusOptions, DEFAULT_CORPUS } from "../../lib/synth/corpus";
import { buildDb } from "../../scripts/bench-db";
import { buildSeedDb } from "./seed-db";

/** The tests of the pre-aggregated tables: each is kept on every store and filled by its migration's backfill. */

export type NamedDb = { name: string; db: Db };

/**
 * Two databases for the whole test file: the seeds (with a revision) and a synthetic corpus of the given
 * options, both stored through db/write.ts. The list is filled before the tests run.
 */
export function seedAndCorpusDbs(corpus: Partial<CorpusOptions>): NamedDb[] {
  const databases: NamedDb[] = [];
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-derived-"));
    buildSeedDb(join(dir, "seeds.db"));
    buildDb(join(dir, "corpus.db"), { ...DEFAULT_CORPUS, ...corpus }, () => {});
    databases.push(
      { name: "seeds (with a revision)", db: openWritableDb(join(dir, "seeds.db")) },
      { name: "corpus", db: openWritableDb(join(dir, "corpus.db")) },
    );
  }, 120_000);
  afterAll(() => {
    for (const { db } of databases) db.$client.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return databases;
}

/** The INSERT … SELECT of a migration that fills `table` for a database stored before it. */
export function backfillOf(migrationFile: string, table: string): string {
  const migration = readFileSync(join(import.meta.dirname, "..", "..", "db", "migrations", migrationFile), "utf8");
  const backfill = migration.split("--> statement-breakpoint").find((statement) => statement.includes(`INSERT INTO \`${table}\``));
  if (!backfill) throw new Error(`${migrationFile} fills no ${table}`);
  return backfill;
}

/** Empties `table`, runs the backfill, and expects the lines the reports give. */
export function expectBackfilled(databases: NamedDb[], migrationFile: string, table: string, lines: string, expectedLines: string): void {
  const backfill = backfillOf(migrationFile, table);
  for (const { name, db } of databases) {
    db.$client.exec(`DELETE FROM ${table}`);
    db.$client.exec(backfill);
    expect(db.$client.prepare(lines).all(), name).toEqual(db.$client.prepare(expectedLines).all());
  }
}

/**
 * The WHERE of an independent count over `reports r JOIN agencies a`: current reports, the filter's region
 * (`-` for none recorded), its years (unless left out) and its name part.
 */
export function expectedWhere(filter: ReportFilter, withYears = true): { where: string; params: unknown[] } {
  const where = ["r.is_current = 1"];
  const params: unknown[] = [];
  for (const key of ["province", "city", "county"] as const) {
    const value = filter[key];
    if (value === undefined) continue;
    where.push(value === NO_REGION ? `a.${key} IS NULL` : `a.${key} = ?`);
    if (value !== NO_REGION) params.push(value);
  }
  if (withYears && filter.years) {
    where.push(`r.year IN (${filter.years.map(() => "?").join(", ")})`);
    params.push(...filter.years);
  }
  if (filter.q) {
    where.push("instr(a.name, ?) > 0");
    params.push(filter.q);
  }
  return { where: where.join(" AND "), params };
}

/** region_year_agencies as stored, and the same lines counted from the reports. */
export const REGION_YEAR_LINES = "SELECT year, province, city, county, agencies FROM region_year_agencies ORDER BY 1, 2, 3, 4";
export const REGION_YEAR_EXPECTED = `SELECT r.year, a.province, a.city, a.county, count(DISTINCT a.id) AS agencies FROM reports r JOIN agencies a ON a.id = r.agency_id
  WHERE r.is_current = 1 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

/** current_issue_codes as stored, and the same lines read from the current reports' issues. */
export const ISSUE_CODES_LINES = "SELECT agency_id, year, code FROM current_issue_codes ORDER BY 1, 2, 3";
export const ISSUE_CODES_EXPECTED = `SELECT DISTINCT r.agency_id, r.year, i.code FROM reports r JOIN report_issues i ON i.report_id = r.id
  WHERE r.is_current = 1 ORDER BY 1, 2, 3`;

/** agency_totals as stored, and report_totals summed over each agency's current reports (one line per agency). */
export function agencyTotalsLines(db: Db): { stored: unknown[]; expected: unknown[] } {
  const columns = (
    db.$client.prepare("SELECT name FROM pragma_table_info('agency_totals') WHERE name != 'agency_id' ORDER BY cid").all() as { name: string }[]
  ).map((c) => `sum(t."${c.name}")`);
  const expected = db.$client
    .prepare(
      `SELECT a.id, ${columns.join(", ")} FROM agencies a LEFT JOIN reports r ON r.agency_id = a.id AND r.is_current LEFT JOIN report_totals t ON t.report_id = r.id GROUP BY a.id ORDER BY a.id`,
    )
    .raw(true)
    .all();
  return { stored: db.$client.prepare("SELECT * FROM agency_totals ORDER BY agency_id").raw(true).all(), expected };
}

/** Every pre-aggregated table holds what its definition gives from the reports. */
export function expectDerivedTablesHold(db: Db): void {
  const totals = agencyTotalsLines(db);
  expect(totals.stored, "agency_totals").toEqual(totals.expected);
  expect(db.$client.prepare(REGION_YEAR_LINES).all(), "region_year_agencies").toEqual(db.$client.prepare(REGION_YEAR_EXPECTED).all());
  expect(db.$client.prepare(ISSUE_CODES_LINES).all(), "current_issue_codes").toEqual(db.$client.prepare(ISSUE_CODES_EXPECTED).all());
}
