import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openWritableDb } from "../db/client";
import { type AgencyListQuery, availableYears, listAgencies } from "../db/queries";
import { backfillOf } from "./support/derived";
import { buildSeedDb } from "./support/seed-db";

/**
 * agency_totals (migration 0004) holds report_totals summed over each agency's current reports, rewritten on
 * every store; the agencies list reads it when no year is chosen, and must give what the per-report sums give.
 */

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-agency-totals-"));
  buildSeedDb(join(dir, "nianbao.db"));
  db = openWritableDb(join(dir, "nianbao.db"));
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const COLUMNS_QUERY = "SELECT name FROM pragma_table_info('agency_totals') WHERE name != 'agency_id' ORDER BY cid";

/** The sums computed here from report_totals, independently of db/write.ts. */
function expectedTotals(): unknown[] {
  const columns = (db.$client.prepare(COLUMNS_QUERY).all() as { name: string }[]).map((c) => `sum(t."${c.name}")`);
  return db.$client
    .prepare(
      `SELECT r.agency_id, ${columns.join(", ")} FROM reports r JOIN report_totals t ON t.report_id = r.id WHERE r.is_current GROUP BY r.agency_id ORDER BY r.agency_id`,
    )
    .raw(true)
    .all();
}

const storedTotals = () => db.$client.prepare("SELECT * FROM agency_totals ORDER BY agency_id").raw(true).all();

describe("agency_totals", () => {
  it("holds every agency's current reports summed, a superseded revision left out", () => {
    const revised = db.$client.prepare("SELECT agency_id FROM reports WHERE NOT is_current").all();
    expect(revised.length).toBeGreaterThan(0);
    expect(storedTotals()).toEqual(expectedTotals());
    expect(storedTotals()).toHaveLength((db.$client.prepare("SELECT count(*) AS n FROM agencies").get() as { n: number }).n);
  });

  it("is filled for a database stored before migration 0004", () => {
    const backfill = backfillOf("0004_agency_totals.sql", "agency_totals");
    db.$client.exec("DELETE FROM agency_totals");
    db.$client.exec(backfill);
    expect(storedTotals()).toEqual(expectedTotals());
  });

  it("gives the agencies list sorted by a measure over all years the same rows as the per-report sums", () => {
    const query: AgencyListQuery = { sort: "grantRate", dir: "desc", page: 1, pageSize: 50 };
    const fromTotals = listAgencies(db, query);
    const fromReports = listAgencies(db, { ...query, years: availableYears(db) });
    expect(fromTotals.rows.map((r) => [r.id, r.measures])).toEqual(fromReports.rows.map((r) => [r.id, r.measures]));
    expect(fromTotals.rows.some((r) => r.measures.grantRate !== null)).toBe(true);
  });
});
