import { describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { agencyFacets, availableYears, listAgencies, NO_REGION, type ReportFilter } from "../db/queries";
import { expectBackfilled, expectedWhere, REGION_YEAR_EXPECTED, REGION_YEAR_LINES, seedAndCorpusDbs } from "./support/derived";

/**
 * region_year_agencies (migration 0006) counts the agencies with a current report per year and region, kept
 * on every store; the region and year facets and a one-year list's count read it, and must give what the
 * reports themselves give.
 */

const databases = seedAndCorpusDbs({ reports: 500, seed: 3 });

const LINES = REGION_YEAR_LINES;
const EXPECTED_LINES = REGION_YEAR_EXPECTED;

/** Agencies with a current report in the filter's years, per value of `level`, counted from the reports. */
function expectedFacet(db: Db, level: "province" | "city" | "county" | "year", filter: ReportFilter) {
  const { where, params } = expectedWhere(filter, level !== "year");
  const column = level === "year" ? "r.year" : `a.${level}`;
  const rows = db.$client
    .prepare(`SELECT ${column} AS value, count(DISTINCT a.id) AS count FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE ${where} GROUP BY 1`)
    .all(...params) as { value: unknown; count: number }[];
  return rows.sort((a, b) => String(a.value).localeCompare(String(b.value)));
}

const sortedFacet = (facet: { value: unknown; count: number }[]) => [...facet].sort((a, b) => String(a.value).localeCompare(String(b.value)));

describe("region_year_agencies", () => {
  it("holds, after every store, the agencies with a current report per year and region", () => {
    for (const { name, db } of databases) {
      expect(db.$client.prepare(LINES).all(), name).toEqual(db.$client.prepare(EXPECTED_LINES).all());
      expect(db.$client.prepare(LINES).all().length, name).toBeGreaterThan(0);
    }
  });

  it("is filled for a database stored before migration 0006", () =>
    expectBackfilled(databases, "0006_region_year_agencies.sql", "region_year_agencies", LINES, EXPECTED_LINES));

  it("gives the facets and the list count the reports give, for every year and region chosen", () => {
    const { db } = databases[1]!;
    const provinces = (
      db.$client.prepare("SELECT DISTINCT province FROM agencies WHERE province IS NOT NULL ORDER BY province LIMIT 4").all() as { province: string }[]
    ).map((r) => r.province);
    const city = db.$client.prepare("SELECT province, city FROM agencies WHERE city IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC").get() as {
      province: string;
      city: string;
    };
    const filters: ReportFilter[] = [{}, { province: NO_REGION }, ...provinces.map((province) => ({ province })), { province: city.province, city: city.city }];
    let checked = 0;
    for (const base of filters) {
      for (const year of availableYears(db)) {
        const filter: ReportFilter = { ...base, years: [year] };
        const facets = agencyFacets(db, filter);
        expect(sortedFacet(facets.province)).toEqual(expectedFacet(db, "province", { years: [year] }));
        if (filter.province) expect(sortedFacet(facets.city)).toEqual(expectedFacet(db, "city", { province: filter.province, years: [year] }));
        if (filter.city)
          expect(sortedFacet(facets.county)).toEqual(expectedFacet(db, "county", { province: filter.province, city: filter.city, years: [year] }));
        expect(sortedFacet(facets.year)).toEqual(expectedFacet(db, "year", base));
        const total = listAgencies(db, { ...filter, sort: "name", dir: "asc", page: 1, pageSize: 10 }).total;
        expect(total).toBe(expectedFacet(db, "year", base).find((line) => line.value === year)?.count ?? 0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
