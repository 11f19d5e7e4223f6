import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { getTableColumns, sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openWritableDb } from "../db/client";
import { measureSql, totalsColumnName } from "../db/measure-sql";
import {
  allAgencies,
  availableYears,
  type CompareQuery,
  compare,
  compareValueRows,
  LIST_MEASURES,
  listAgencies,
  type ReportFilter,
  type SortDirection,
} from "../db/queries";
import { reportTotals } from "../db/schema";
import { allMeasureKeys, type Count, formulaCells, type MatrixCounts, measureFormula, measureValue } from "../lib/report/measures";
import { DEFAULT_CORPUS } from "../lib/synth/corpus";
import { buildDb } from "../scripts/bench-db";

/**
 * The measures compiled to SQL (db/measure-sql.ts) give what lib/report/measures.ts computes, null rules
 * included, and the agencies list sorted in SQL gives the order of the same measure computed in JavaScript.
 */

const sqlite = new Database(":memory:");
afterAll(() => sqlite.close());
const dialect = new SQLiteSyncDialect();
/** One INTEGER column per totals column, as in report_totals (a bound JavaScript number arrives as REAL). */
const TOTALS_COLUMNS = getTableColumns(reportTotals);
sqlite.exec(
  `CREATE TABLE cells (${Object.values(TOTALS_COLUMNS)
    .map((column) => `"${column.name}" INTEGER`)
    .join(", ")})`,
);

function cellOfColumn(key: string, name: string, counts: MatrixCounts): Count {
  const ref = formulaCells(measureFormula(key)!).find((cell) => totalsColumnName(cell) === name)!;
  return ref.kind === "applications" ? (counts.applications[ref.row]?.[ref.column] ?? null) : (counts.reviewLitigation[ref.group]?.[ref.field] ?? null);
}

/** A measure's SQL evaluated by SQLite over one line of integer cells holding the counts. */
function sqlValue(key: string, counts: MatrixCounts): Count {
  const names = formulaCells(measureFormula(key)!).map((cell) => totalsColumnName(cell)!);
  sqlite.exec("DELETE FROM cells");
  sqlite
    .prepare(`INSERT INTO cells (${names.map((name) => `"${name}"`).join(", ")}) VALUES (${names.map(() => "?").join(", ")})`)
    .run(...names.map((name) => cellOfColumn(key, name, counts)));
  const expression = measureSql(key, (name) => sql`${sql.identifier(name)}`);
  if (!expression) throw new Error(`${key} has no SQL`);
  const { sql: text, params } = dialect.sqlToQuery(expression);
  return (sqlite.prepare(`SELECT ${text} AS v FROM cells`).get(...params) as { v: Count }).v;
}

const KEYS_WITH_SQL = allMeasureKeys().filter((key) => measureSql(key, (name) => sql.raw(name)) !== null);

/** Counts of every cell a measure reads, small so zeros, equal sides and negatives (a misprint) all occur. */
function countsFor(key: string) {
  const cells = formulaCells(measureFormula(key)!);
  return fc.tuple(...cells.map(() => fc.option(fc.integer({ min: -3, max: 40 }), { freq: 4 }))).map((values): MatrixCounts => {
    const counts: MatrixCounts = { applications: {}, reviewLitigation: {} };
    cells.forEach((cell, i) => {
      const value = values[i] ?? null;
      if (cell.kind === "applications") (counts.applications[cell.row] ??= {})[cell.column] = value;
      else (counts.reviewLitigation[cell.group] ??= {})[cell.field] = value;
    });
    return counts;
  });
}

describe("measures as SQL", () => {
  it("covers every list measure, every derived measure and every outcome share", () => {
    for (const key of LIST_MEASURES) expect(KEYS_WITH_SQL).toContain(key);
    expect(KEYS_WITH_SQL.filter((key) => !key.includes(".")).length).toBe(9);
    expect(KEYS_WITH_SQL.filter((key) => key.startsWith("outcomeShare.")).length).toBeGreaterThan(10);
  });

  it.each(KEYS_WITH_SQL.filter((key) => !key.startsWith("applications.") && !key.startsWith("reviewLitigation.")))(
    "%s: the same value as in JavaScript",
    (key) => {
      fc.assert(
        fc.property(countsFor(key), (counts) => {
          const expected = measureValue(counts, key);
          expect(sqlValue(key, counts)).toBe(expected);
        }),
        { numRuns: 300 },
      );
    },
  );
});

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-measure-sql-"));
  buildDb(join(dir, "corpus.db"), { ...DEFAULT_CORPUS, reports: 600, seed: 7 }, () => {});
  db = openWritableDb(join(dir, "corpus.db"));
}, 120_000);
afterAll(() => {
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the agencies list sorted by a measure in SQL", () => {
  const filters = (): [string, ReportFilter][] => {
    const years = availableYears(db);
    const province = (
      db.$client.prepare("SELECT province FROM agencies WHERE province IS NOT NULL GROUP BY province ORDER BY count(*) DESC").get() as { province: string }
    ).province;
    return [
      ["every year", {}],
      ["one year", { years: [years.at(-1)!] }],
      ["two years in a province", { years: years.slice(-2), province }],
      ["a province, every year", { province }],
      ["a name", { q: "局" }],
    ];
  };

  it("orders the agencies as the JavaScript sort of the same measure does, page by page", () => {
    for (const [, filter] of filters()) {
      for (const sort of LIST_MEASURES) {
        for (const dir of ["asc", "desc"] as SortDirection[]) {
          const expected = allAgencies(db, filter, sort, dir).map((row) => row.id);
          expect(expected.length).toBeGreaterThan(5);
          const pageSize = Math.ceil(expected.length / 3);
          const pages = [1, 2, 3].flatMap((page) => listAgencies(db, { ...filter, sort, dir, page, pageSize }).rows.map((row) => row.id));
          expect(pages, `${sort} ${dir} ${JSON.stringify(filter)}`).toEqual(expected);
        }
      }
    }
  });

  it("puts agencies without a value last in both directions", () => {
    const rows = listAgencies(db, { sort: "litigationCorrectionRate", dir: "asc", page: 1, pageSize: 10_000 }).rows;
    const values = rows.map((row) => row.measures.litigationCorrectionRate);
    const firstNull = values.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(values.slice(firstNull).every((value) => value === null)).toBe(true);
  });
});

describe("the comparison's CSV rows with values computed in SQL", () => {
  it("are the rows of compare(), values included, for measures with and without SQL", () => {
    const years = availableYears(db);
    for (const measure of ["grantRate", "orgShare", "litigationTotal", "applications.newReceived.business"]) {
      for (const query of [
        { agencyIds: [], region: {}, years: [], measure },
        { agencyIds: [], region: {}, years: years.slice(-3), measure },
      ] as CompareQuery[]) {
        const held = compare(db, query);
        const expected = held.series.flatMap(({ values, reportIds, parts, ...agency }) =>
          held.years
            .filter((year) => year in reportIds)
            .map((year) => ({ ...agency, year, reportId: reportIds[year]!, value: values[year] ?? null, ...parts?.[year] })),
        );
        // A rate's rows carry its numerator and denominator, computed in SQL as in JavaScript.
        if (held.isRate) expect(expected.every((row) => "numerator" in row && "denominator" in row)).toBe(true);
        expect(expected.length).toBeGreaterThan(100);
        expect([...compareValueRows(db, query, 97)], `${measure} ${query.years.join()}`).toEqual(expected);
      }
    }
  });
});
