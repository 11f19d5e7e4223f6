import { describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { availableYears, issueFacet, NO_REGION, type ReportFilter } from "../db/queries";
import { expectBackfilled, expectedWhere, ISSUE_CODES_EXPECTED, ISSUE_CODES_LINES, seedAndCorpusDbs } from "./support/derived";

/**
 * current_issue_codes (migration 0007) holds the issue codes of each agency's current reports by year, kept on
 * every store (cross-year flags included, which a later year's report adds to an earlier one); the data-quality
 * facet reads it and must count what the reports' issues count.
 */

// A corpus with many planted faults, so that every code and the cross-year flags occur.
const databases = seedAndCorpusDbs({ reports: 500, seed: 5, identityBreaks: 0.2, crossYearMismatches: 0.2 });

const LINES = ISSUE_CODES_LINES;
const EXPECTED_LINES = ISSUE_CODES_EXPECTED;

/** Agencies per issue code, counted from the reports' issues. */
function expectedFacet(db: Db, filter: ReportFilter) {
  const { where, params } = expectedWhere(filter);
  return db.$client
    .prepare(`SELECT i.code AS value, count(DISTINCT r.agency_id) AS count FROM report_issues i JOIN reports r ON r.id = i.report_id JOIN agencies a ON a.id = r.agency_id
      WHERE ${where} GROUP BY 1 ORDER BY 2 DESC, 1`)
    .all(...params);
}

describe("current_issue_codes", () => {
  it("holds, after every store, the codes of each agency's current reports", () => {
    for (const { name, db } of databases) {
      const lines = db.$client.prepare(LINES).all();
      expect(lines.length, name).toBeGreaterThan(0);
      expect(lines, name).toEqual(db.$client.prepare(EXPECTED_LINES).all());
    }
    const codes = databases[1]!.db.$client.prepare("SELECT DISTINCT code FROM current_issue_codes").all();
    expect(codes).toContainEqual({ code: "identity.crossYear" });
  });

  it("is filled for a database stored before migration 0007", () =>
    expectBackfilled(databases, "0007_current_issue_codes.sql", "current_issue_codes", LINES, EXPECTED_LINES));

  it("gives the issue facet the reports give, under every region, year and name filter", () => {
    const { db } = databases[1]!;
    const years = availableYears(db);
    const province = (
      db.$client.prepare("SELECT province FROM agencies WHERE province IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC").get() as { province: string }
    ).province;
    const filters: ReportFilter[] = [
      {},
      { years: years.slice(-1) },
      { years: years.slice(-3) },
      { province },
      { province, years: years.slice(-2) },
      { province: NO_REGION },
      { q: "局" },
    ];
    let nonEmpty = 0;
    for (const filter of filters) {
      const facet = issueFacet(db, filter);
      if (facet.length) nonEmpty++;
      expect(facet, JSON.stringify(filter)).toEqual(expectedFacet(db, filter));
      expect(issueFacet(db, { ...filter, issue: "identity.balance" })).toEqual(facet);
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(5);
  });
});
