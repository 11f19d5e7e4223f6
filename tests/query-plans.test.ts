import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openWritableDb } from "../db/client";
import { agencyFacets, availableYears, compare, issueFacet, listAgencies, type ReportFilter, reportDetail } from "../db/queries";
import { DEFAULT_CORPUS } from "../lib/synth/corpus";
import { buildDb } from "../scripts/bench-db";

/**
 * The query plans the benchmark's fixes depend on (BENCHMARKS.md), read with EXPLAIN QUERY PLAN for every
 * statement a page's queries prepare. At 10⁵ reports a wrong index turns 5 ms into 100 ms; these tests fail when
 * a change of query or schema brings such a plan back, whatever the speed of the machine.
 */

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-plans-"));
  buildDb(join(dir, "corpus.db"), { ...DEFAULT_CORPUS, reports: 400, seed: 11 }, () => {});
  db = openWritableDb(join(dir, "corpus.db"));
}, 120_000);
afterAll(() => {
  db?.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

type Statement = { sql: string; params: unknown[] };

/** Every statement `read` runs, with its parameters, then each one's plan lines. */
function plansOf(read: () => unknown): { sql: string; plan: string[] }[] {
  const client = db.$client;
  const seen: Statement[] = [];
  const prepare = client.prepare.bind(client);
  client.prepare = ((text: string) => {
    const statement = prepare(text);
    for (const method of ["all", "get", "iterate"] as const) {
      const original = statement[method].bind(statement) as (...params: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        seen.push({ sql: text, params });
        return original(...params);
      };
    }
    return statement;
  }) as typeof client.prepare;
  try {
    read();
  } finally {
    client.prepare = prepare;
  }
  const plans = seen
    .filter((statement) => /^\s*select/i.test(statement.sql))
    .map(({ sql, params }) => ({ sql, plan: (client.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail) }));
  expect(plans.length).toBeGreaterThan(0);
  return plans;
}

const linesOf = (plans: { plan: string[] }[]) => plans.flatMap((p) => p.plan);
/** A plan line reading a whole table of per-report lines. */
const FULL_SCAN = /^SCAN (reports|application_rows|review_litigation_rows|report_totals|report_issues|proactive_cells)\b/;

const someAgencies = (n: number) => (db.$client.prepare("SELECT id FROM agencies ORDER BY id LIMIT ?").all(n) as { id: number }[]).map((row) => row.id);
const busyProvince = () =>
  (db.$client.prepare("SELECT province FROM agencies WHERE province IS NOT NULL GROUP BY province ORDER BY count(*) DESC").get() as { province: string })
    .province;

describe("query plans", () => {
  it("compare of chosen agencies reads their reports by agency, not every current report of the years or every line", () => {
    const years = availableYears(db).slice(-5);
    for (const measure of ["grantRate", "applications.granted.naturalPerson"]) {
      const lines = linesOf(plansOf(() => compare(db, { agencyIds: someAgencies(20), region: {}, years, measure })));
      expect(lines.filter((line) => FULL_SCAN.test(line))).toEqual([]);
      expect(lines.some((line) => /reports USING (COVERING )?INDEX reports_agency_current_year/.test(line))).toBe(true);
      expect(lines.filter((line) => /reports_year_current|application_rows_row/.test(line))).toEqual([]);
    }
  });

  it("a filtered list and its facets find the year's agencies on a covering index", () => {
    const year = availableYears(db).at(-1)!;
    const filter: ReportFilter = { province: busyProvince(), years: [year] };
    const plans = plansOf(() => {
      agencyFacets(db, filter);
      issueFacet(db, filter);
      for (const sort of ["name", "grantRate", "reconsiderationCorrectionRate"] as const)
        listAgencies(db, { ...filter, sort, dir: "desc", page: 1, pageSize: 50 });
    });
    const lines = linesOf(plans);
    expect(lines.filter((line) => FULL_SCAN.test(line))).toEqual([]);
    const yearReads = lines.filter((line) => /^SEARCH reports USING .*\(year=\?/.test(line));
    expect(yearReads.length).toBeGreaterThan(0);
    expect(
      yearReads.filter((line) => !line.includes("COVERING INDEX reports_year_current_agency")),
      JSON.stringify(plans.filter((p) => p.plan.some((line) => /year=/.test(line) && !line.includes("COVERING")))),
    ).toEqual([]);
  });

  it("a list over every year sorted by a measure reads agency_totals, not every report", () => {
    const lines = linesOf(plansOf(() => listAgencies(db, { sort: "applicationsTotal", dir: "desc", page: 1, pageSize: 50 })));
    expect(lines.filter((line) => FULL_SCAN.test(line) || (/^SEARCH reports/.test(line) && !/agency_id=\?/.test(line)))).toEqual([]);
    expect(lines.some((line) => /agency_totals/.test(line))).toBe(true);
  });

  it("a report page reads only that report's lines", () => {
    const id = (db.$client.prepare("SELECT max(id) AS id FROM reports").get() as { id: number }).id;
    const lines = linesOf(plansOf(() => reportDetail(db, id)));
    expect(lines.filter((line) => FULL_SCAN.test(line))).toEqual([]);
  });
});
