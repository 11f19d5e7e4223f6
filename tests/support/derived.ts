import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { openWritableDb, type Db } from "../../db/client";
import { NO_REGION, type ReportFilter } from "../../db/queries";
import { DEFAULT_CORPUS, type CorpusOptions } from "../../lib/synth/corpus";
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
    databases.push({ name: "seeds (with a revision)", db: openWritableDb(join(dir, "seeds.db")) }, { name: "corpus", db: openWritableDb(join(dir, "corpus.db")) });
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
  if (withYears && filter.years) where.push(`r.year IN (${filter.years.map(() => "?").join(", ")})`), params.push(...filter.years);
  if (filter.q) where.push("instr(a.name, ?) > 0"), params.push(filter.q);
  return { where: where.join(" AND "), params };
}
