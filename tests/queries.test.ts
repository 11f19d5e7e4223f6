import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unknownFilterValues } from "../components/Facets";
import { type Db, openWritableDb } from "../db/client";
import {
  type AgencyListQuery,
  agenciesByIds,
  agencyDetail,
  agencyFacets,
  allAgencies,
  availableYears,
  type CompareQuery,
  compare,
  compareValueRows,
  countsByReport,
  coverage,
  databaseState,
  issueFacet,
  listAgencies,
  NO_REGION,
  openWebDb,
  overview,
  reportDetail,
  sourceFile,
  tableRows,
  webDatabasePath,
  webDb,
} from "../db/queries";
import { toSearchParams } from "../lib/web/params";
import { buildSeedDb } from "./support/seed-db";

let dir: string;
let path: string;
let db: Db;
let ids: Map<string, number>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-queries-"));
  path = join(dir, "test.db");
  ids = buildSeedDb(path);
  db = openWebDb(path);
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

const JINAN = "济南公共资源交易中心";
const LIXIA = "济南市历下区财政局";
const list = (query: Partial<AgencyListQuery> = {}) => listAgencies(db, { sort: "name", dir: "asc", page: 1, pageSize: 50, ...query });
const agencyId = (name: string) => list({ q: name }).rows.find((row) => row.name === name)!.id;
const reportId = (file: string) => ids.get(file)!;

describe("the web connection", () => {
  it("is null while no database exists or its schema is older than the web's, then opens the file read-only", () => {
    const before = process.env.NIANBAO_DB;
    try {
      process.env.NIANBAO_DB = join(dir, "missing.db");
      expect(webDb()).toBeNull();
      expect(databaseState()).toBe("missing");
      const outdated = join(dir, "outdated.db");
      copyFileSync(path, outdated);
      const old = new Database(outdated);
      // As migrated by the code before the last migration: its record and what it made are missing.
      old.exec("DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)");
      old.exec("DROP TABLE region_year_agencies");
      old.close();
      process.env.NIANBAO_DB = outdated;
      expect(databaseState()).toBe("outdated");
      expect(webDb()).toBeNull();
      process.env.NIANBAO_DB = path;
      expect(webDatabasePath()).toBe(path);
      const web = webDb()!;
      expect(web).toBe(webDb());
      expect(databaseState()).toBe("ready");
      expect(() => web.$client.exec("DELETE FROM agencies")).toThrow(/readonly/);
    } finally {
      process.env.NIANBAO_DB = before;
    }
  });
});

describe("agencies list", () => {
  it("lists every agency with a current report, by name", () => {
    const page = list();
    expect(page.total).toBe(6);
    expect(page.rows.map((r) => r.name)).toEqual([...page.rows.map((r) => r.name)].sort(new Intl.Collator("zh-u-co-pinyin").compare));
    expect(page.rows.find((r) => r.name === JINAN)).toMatchObject({ years: [2021, 2023, 2024], reports: 3, province: "山东省", city: "济南市", county: null });
  });

  it("filters by province, city, county, year and name, cascading", () => {
    expect(list({ province: "山东省" }).total).toBe(4);
    expect(
      list({ province: "山东省", city: "济南市" })
        .rows.map((r) => r.name)
        .sort(),
    ).toEqual([JINAN, LIXIA].sort());
    expect(list({ province: "山东省", city: "济南市", county: "历下区" }).rows.map((r) => r.name)).toEqual([LIXIA]);
    expect(list({ province: "山东省", city: "济南市", county: NO_REGION }).rows.map((r) => r.name)).toEqual([JINAN]);
    expect(list({ years: [2024] }).total).toBe(4);
    expect(
      list({ years: [2020, 2023] })
        .rows.map((r) => r.name)
        .sort(),
    ).toEqual(["济宁市公共资源交易服务中心嘉祥分中心", JINAN, "淄博市公共资源交易中心"].sort());
    expect(list({ q: "济南" }).total).toBe(2);
  });

  it("gives an empty page, not an error, for a filter value that does not exist", () => {
    expect(list({ province: "火星省" })).toMatchObject({ rows: [], total: 0, pageCount: 1 });
    expect(list({ years: [1999] }).total).toBe(0);
    expect(list({ q: "%" }).total).toBe(0);
    expect(list({ q: "_" }).total).toBe(0);
    expect(list({ q: "'; DROP TABLE agencies; --" }).total).toBe(0);
    expect(list().total).toBe(6);
  });

  it("sums the chosen years and derives rates from the sums", () => {
    const jinan = list({ q: JINAN }).rows[0]!;
    // 2021: 4 new, 0 granted of 4 handled; 2023: 12 new, 6 of 10; 2024: 6 new, 2 of 6.
    expect(jinan.measures.applicationsTotal).toBe(22);
    expect(jinan.measures.grantRate).toBe(8 / 20);
    expect(jinan.measures.reconsiderationCorrectionRate).toBe(0.5);
    expect(jinan.measures.litigationCorrectionRate).toBeNull();
    const only2024 = list({ q: JINAN, years: [2024] }).rows[0]!;
    expect(only2024.measures.grantRate).toBe(2 / 6);
    expect(only2024.years).toEqual([2024]);
  });

  it("sorts by a rate, agencies without one (nothing handled) last in either direction", () => {
    for (const dir of ["asc", "desc"] as const) {
      const rows = list({ sort: "grantRate", dir }).rows;
      const rates = rows.map((r) => r.measures.grantRate);
      const known = rates.filter((r): r is number => r !== null);
      expect(known).toEqual([...known].sort((a, b) => (dir === "asc" ? a - b : b - a)));
      expect(rates.slice(known.length)).toEqual([null, null]);
    }
    expect(list({ sort: "applicationsTotal", dir: "desc" }).rows[0]!.name).toBe(JINAN);
    expect(list({ sort: "reports", dir: "desc" }).rows[0]!.name).toBe(JINAN);
    expect(
      list({ sort: "flags", dir: "desc" })
        .rows.slice(0, 2)
        .map((r) => [r.name, r.errors + r.warnings]),
    ).toEqual([
      [JINAN, 4],
      [LIXIA, 4],
    ]);
    expect(list({ sort: "region", dir: "asc" }).rows.map((r) => r.province)).toEqual(["宁夏回族自治区", "安徽省", "山东省", "山东省", "山东省", "山东省"]);
  });

  it("pages in SQL and in memory alike, an agency with several reports counted once", () => {
    for (const sort of ["name", "grantRate"] as const) {
      const all = list({ sort, pageSize: 50 }).rows.map((r) => r.id);
      const pages = [1, 2, 3].flatMap((page) => list({ sort, page, pageSize: 2 }).rows.map((r) => r.id));
      expect(pages).toEqual(all);
      expect(list({ sort, page: 2, pageSize: 2 })).toMatchObject({ page: 2, pageSize: 2, pageCount: 3, total: 6 });
      expect(list({ sort, page: 9, pageSize: 2 }).rows).toEqual([]);
    }
  });

  it("exports every matching agency in the list's order", () => {
    expect(allAgencies(db, {}, "grantRate", "desc").map((r) => r.id)).toEqual(list({ sort: "grantRate", dir: "desc" }).rows.map((r) => r.id));
    expect(allAgencies(db, { province: "安徽省" }).map((r) => r.name)).toEqual(["金寨县公共资源交易中心"]);
  });

  it("counts agencies per filter value, each facet under the other filters", () => {
    const facets = agencyFacets(db, { province: "山东省", city: "济南市" });
    expect(facets.province).toEqual([
      { value: "山东省", count: 4 },
      { value: "宁夏回族自治区", count: 1 },
      { value: "安徽省", count: 1 },
    ]);
    expect(facets.city).toEqual([
      { value: "济南市", count: 2 },
      { value: "济宁市", count: 1 },
      { value: "淄博市", count: 1 },
    ]);
    expect(facets.county).toEqual([
      { value: null, count: 1 },
      { value: "历下区", count: 1 },
    ]);
    expect(facets.year).toEqual([
      { value: 2024, count: 2 },
      { value: 2023, count: 1 },
      { value: 2021, count: 1 },
    ]);
    expect(agencyFacets(db, { years: [2024] }).province.find((f) => f.value === "山东省")?.count).toBe(2);
    expect(agencyFacets(db, {}).city).toEqual([]);
  });

  it("filters by issue code: only the flagged reports count, and the facet counts agencies per code", () => {
    const flagged = list({ issue: "identity.crossYear" });
    expect(flagged.rows.map((r) => [r.name, r.reports, r.years])).toEqual([[JINAN, 2, [2023, 2024]]]);
    expect(list({ issue: "label.variant", province: "山东省" }).rows.map((r) => r.name)).toEqual([JINAN, LIXIA]);
    expect(list({ issue: "label.variant", years: [2021] }).rows.map((r) => [r.name, r.years])).toEqual([[JINAN, [2021]]]);
    expect(list({ issue: "no.such-code" })).toMatchObject({ rows: [], total: 0 });
    expect(allAgencies(db, { issue: "identity.balance" }).map((r) => r.name)).toEqual([LIXIA]);
    expect(issueFacet(db, {}).slice(0, 2)).toEqual([
      { value: "label.variant", count: 3 },
      { value: "identity.balance", count: 1 },
    ]);
    // Each facet counts under the other filters, never its own.
    expect(issueFacet(db, { issue: "identity.balance", years: [2021] })).toEqual([{ value: "label.variant", count: 1 }]);
    expect(agencyFacets(db, { issue: "identity.crossYear" }).year).toEqual([
      { value: 2024, count: 1 },
      { value: 2023, count: 1 },
    ]);
  });

  it("names an unknown issue code among the unknown filter values", () => {
    const params = toSearchParams({ issue: "no.such-code" });
    expect(unknownFilterValues(params, agencyFacets(db, { issue: "no.such-code" }), issueFacet(db, {}))).toEqual(["标记 no.such-code"]);
    expect(unknownFilterValues(toSearchParams({ issue: "label.variant" }), agencyFacets(db, {}), issueFacet(db, {}))).toEqual([]);
  });

  it("says which filter value is not in the data", () => {
    const params = toSearchParams({ province: "火星省", year: "1999" });
    expect(unknownFilterValues(params, agencyFacets(db, { province: "火星省", years: [1999] }))).toEqual(["火星省", "1999 年"]);
    expect(unknownFilterValues(toSearchParams({ province: "山东省" }), agencyFacets(db, { province: "山东省" }))).toEqual([]);
  });

  it("finds agencies by id", () => {
    expect(agenciesByIds(db, [agencyId(LIXIA), 999_999]).map((a) => a.name)).toEqual([LIXIA]);
    expect(agenciesByIds(db, [])).toEqual([]);
  });
});

describe("overview", () => {
  const data = () => overview(db);

  it("counts current agencies and reports by year and province (a revision counts once)", () => {
    expect(data().reportsByYear).toEqual([
      { year: 2020, agencies: 1, reports: 1, flagged: 0 },
      { year: 2021, agencies: 1, reports: 1, flagged: 0 },
      { year: 2023, agencies: 2, reports: 2, flagged: 1 },
      { year: 2024, agencies: 4, reports: 4, flagged: 3 },
    ]);
    expect(data().byProvince[0]).toEqual({ province: "山东省", agencies: 4, reports: 6 });
  });

  it("sums the matrix nationally per year, rates from the sums, null where nothing was handled", () => {
    const y2023 = data().national.find((y) => y.year === 2023)!;
    expect(y2023).toMatchObject({ reports: 2, newReceived: 17, handled: 15, carriedForward: 2 });
    expect(y2023.measures.grantRate).toBe(11 / 15);
    expect(y2023.reconsideration).toEqual({ upheld: 1, corrected: 1, other: 0, pending: 0, total: 2 });
    const y2020 = data().national.find((y) => y.year === 2020)!;
    expect(y2020.measures.grantRate).toBeNull();
    expect(y2020.outcomeShares.granted).toBeNull();
    expect(y2020.outcomes.granted).toBe(0);
  });

  it("ranks the latest year's agencies by applications and by correction rate", () => {
    expect(data().rankingYear).toBe(2024);
    expect(data().topApplications.map((r) => [r.name, r.value])).toEqual([
      [JINAN, 6],
      [LIXIA, 6],
      ["金寨县公共资源交易中心", 1],
    ]);
    expect(data().topCorrection.map((r) => [r.name, r.value, r.basis])).toEqual([[LIXIA, 1, 3]]);
    expect(overview(db, { year: 2023 }).topCorrection.map((r) => [r.name, r.value, r.reportId])).toEqual([[JINAN, 0.5, reportId("jinan-2023.txt")]]);
  });

  it("counts flagged current reports by issue code", () => {
    const issues = data().issues;
    expect(issues.find((i) => i.code === "identity.crossYear")).toEqual({ code: "identity.crossYear", severity: "warning", reports: 2 });
    expect(issues.find((i) => i.code === "table.extraCells")?.reports).toBe(1);
  });
});

describe("one agency", () => {
  it("has every year, a trend, the cross-year check and the missing years", () => {
    const detail = agencyDetail(db, agencyId(JINAN))!;
    expect(detail.years.map((y) => [y.year, y.reportId])).toEqual([
      [2021, reportId("jinan-2021.txt")],
      [2023, reportId("jinan-2023.txt")],
      [2024, reportId("000.txt")],
    ]);
    expect(detail.years.map((y) => y.measures.grantRate)).toEqual([0, 0.6, 2 / 6]);
    expect(detail.missingYears).toEqual([2022]);
    expect(detail.reconciliation).toHaveLength(1);
    const pair = detail.reconciliation[0]!;
    expect(pair).toMatchObject({ fromYear: 2023, toYear: 2024, matches: false });
    expect(pair.columns.filter((c) => c.matches === false).map((c) => [c.column, c.carriedForward, c.carriedOver])).toEqual([
      ["naturalPerson", 2, 0],
      ["total", 2, 0],
    ]);
  });

  it("counts an agency's revisions and lists only its current reports", () => {
    const zibo = agencyDetail(db, agencyId("淄博市公共资源交易中心"))!;
    expect(zibo.years).toHaveLength(1);
    expect(zibo.years[0]).toMatchObject({ reportId: reportId("002-revised.txt"), revisions: 1 });
    expect(zibo.missingYears).toEqual([]);
  });

  it("is null for an unknown id", () => {
    expect(agencyDetail(db, 999_999)).toBeNull();
  });
});

describe("one report", () => {
  it("has everything to print its three tables, with flags per cell", () => {
    const detail = reportDetail(db, reportId("lixia-2024.txt"))!;
    expect(detail.report).toMatchObject({ year: 2024, formatVersion: "2021", isCurrent: true, fileName: "lixia-2024.txt" });
    expect(detail.agency.name).toBe(LIXIA);
    expect(detail.counts.applications.newReceived).toEqual({ naturalPerson: 3, business: 3, research: 0, nonprofit: 0, legal: 0, otherOrg: 0, total: 6 });
    expect(Object.keys(detail.counts.applications)).toHaveLength(26);
    expect(detail.counts.reviewLitigation.reconsideration).toEqual({ upheld: 0, corrected: 3, other: 0, pending: 0, total: 3 });
    expect(detail.proactive.map((c) => c.key)).toContain("fees.amount");
    expect(detail.sections.overview).toContain("历下区财政局");
    const flagged = detail.issues.filter((i) => i.code === "identity.handledSum").map((i) => `${i.where.section}.${i.where.row}.${i.where.column}`);
    expect(flagged).toEqual(["applications.handledTotal.naturalPerson", "applications.handledTotal.business"]);
    expect(detail.measures.litigationCorrectionRate).toBe(0.5);
  });

  it("keeps revisions: the superseded file is still there and points to the current one", () => {
    const old = reportDetail(db, reportId("002.txt"))!;
    expect(old.report.isCurrent).toBe(false);
    expect(old.revisions.map((r) => [r.fileName, r.isCurrent])).toEqual([
      ["002.txt", false],
      ["002-revised.txt", true],
    ]);
  });

  it("reads a report's source file name by its hash, and is null for an unknown id or hash", () => {
    const detail = reportDetail(db, reportId("001.txt"))!;
    expect(sourceFile(db, detail.report.sha256)).toEqual({ fileName: "001.txt", mediaType: "text/plain" });
    expect(sourceFile(db, "0".repeat(64))).toBeNull();
    expect(reportDetail(db, 999_999)).toBeNull();
  });

  it("reads the same counts from report_totals as from the long tables", () => {
    const id = reportId("jinan-2023.txt");
    const full = countsByReport(db, [id]).get(id)!;
    expect(compare(db, { agencyIds: [agencyId(JINAN)], region: {}, years: [2023], measure: "applications.newReceived.otherOrg" }).series[0]!.values[2023]).toBe(
      full.applications.newReceived?.otherOrg,
    );
  });
});

describe("compare", () => {
  it("compares chosen agencies over years, with the pooled rate of the group", () => {
    const result = compare(db, { agencyIds: [agencyId(JINAN), agencyId(LIXIA)], region: {}, years: [2023, 2024], measure: "grantRate" });
    expect(result).toMatchObject({ mode: "agencies", isRate: true, years: [2023, 2024], label: "公开率（予以公开＋部分公开）" });
    const jinan = result.series.find((s) => s.name === JINAN)!;
    expect(jinan.values).toEqual({ 2023: 0.6, 2024: 2 / 6 });
    expect(result.series.find((s) => s.name === LIXIA)!.values).toEqual({ 2024: 2 / 6 });
    expect(result.pooled).toEqual([
      { year: 2023, reports: 1, agencies: 1, value: 0.6, numerator: 6, denominator: 10 },
      { year: 2024, reports: 2, agencies: 2, value: 4 / 12, numerator: 4, denominator: 12 },
      { year: "all", reports: 3, agencies: 2, value: 10 / 22, numerator: 10, denominator: 22 },
    ]);
    // The counts behind each agency's rate: 60 % of 10 handled.
    expect(jinan.parts).toEqual({ 2023: { numerator: 6, denominator: 10 }, 2024: { numerator: 2, denominator: 6 } });
    // A count has no parts.
    const counts = compare(db, { agencyIds: [agencyId(JINAN)], region: {}, years: [2023], measure: "applicationsTotal" });
    expect(counts.series[0]!.parts).toBeUndefined();
    expect(counts.pooled[0]).not.toHaveProperty("numerator");
  });

  it("keeps the years of a from–to range that have reports", () => {
    const result = compare(db, { agencyIds: [agencyId(JINAN), agencyId(LIXIA)], region: {}, years: [], measure: "grantRate", from: 2024, to: 2030 });
    expect(result.years).toEqual([2024]);
    expect(result.series.find((s) => s.name === JINAN)!.values).toEqual({ 2024: 2 / 6 });
  });

  it("leaves a rate with a zero denominator null, for an agency and for a group", () => {
    const result = compare(db, { agencyIds: [agencyId(JINAN), agencyId(LIXIA)], region: {}, years: [2023, 2024], measure: "litigationCorrectionRate" });
    expect(result.series.find((s) => s.name === JINAN)!.values).toEqual({ 2023: null, 2024: null });
    expect(result.series.find((s) => s.name === LIXIA)!.values).toEqual({ 2024: 0.5 });
    expect(result.pooled.map((p) => p.value)).toEqual([null, 0.5, 0.5]);
    expect(result.distribution.find((d) => d.year === 2023)!.distribution).toBeNull();
  });

  it("compares every agency of a region, with the distribution over them", () => {
    const result = compare(db, { agencyIds: [], region: { province: "山东省" }, years: [2023, 2024], measure: "grantRate" });
    expect(result.mode).toBe("region");
    expect(result.series.map((s) => s.name).sort()).toEqual([JINAN, LIXIA, "淄博市公共资源交易中心"].sort());
    expect(result.distribution.find((d) => d.year === 2023)!.distribution).toEqual({ n: 2, min: 0.6, q1: 0.7, median: 0.8, q3: 0.9, max: 1 });
    expect(result.pooled.find((p) => p.year === 2023)!.value).toBe(11 / 15);
    expect(result.series[0]!.values[2024]).toBe(2 / 6);
  });

  it("takes every year when none is chosen, and raw cells as measures", () => {
    const result = compare(db, { agencyIds: [agencyId(LIXIA)], region: {}, years: [], measure: "applications.newReceived.business" });
    expect(result).toMatchObject({ years: [2024], isRate: false });
    expect(result.series[0]!.values).toEqual({ 2024: 3 });
    const review = compare(db, { agencyIds: [agencyId(LIXIA)], region: {}, years: [2024], measure: "reviewLitigation.litigationDirect.corrected" });
    expect(review.series[0]!.values[2024]).toBe(1);
  });

  it("returns the chosen agency without values when it has no report in the years, and nothing for unknown ids", () => {
    const result = compare(db, { agencyIds: [agencyId(LIXIA)], region: {}, years: [2020], measure: "grantRate" });
    expect(result.series).toMatchObject([{ name: LIXIA, values: {}, reportIds: {} }]);
    expect(compare(db, { agencyIds: [999_999], region: {}, years: [], measure: "grantRate" }).series).toEqual([]);
    expect(compare(db, { agencyIds: [], region: { province: "火星省" }, years: [], measure: "grantRate" })).toMatchObject({
      series: [],
      years: [],
      pooled: [],
    });
  });
});

describe("the streamed comparison rows", () => {
  // The rows of the comparison CSV as they were written before streaming: every series in compare()'s order,
  // each year with a report.
  const heldRows = (query: CompareQuery) => {
    const result = compare(db, query);
    return result.series.flatMap(({ values, reportIds, parts, ...agency }) =>
      result.years
        .filter((year) => year in reportIds)
        .map((year) => ({ ...agency, year, reportId: reportIds[year]!, value: values[year] ?? null, ...parts?.[year] })),
    );
  };
  const queries = (): CompareQuery[] => [
    { agencyIds: [], region: {}, years: [], measure: "grantRate" },
    { agencyIds: [], region: {}, years: [], measure: "applications.newReceived.business" },
    { agencyIds: [], region: {}, years: [2023, 2024], measure: "litigationCorrectionRate" },
    { agencyIds: [], region: { province: "山东省" }, years: [], measure: "applications.newReceived.total" },
    { agencyIds: [], region: { province: NO_REGION }, years: [], measure: "grantRate" },
    { agencyIds: [agencyId(JINAN), agencyId(LIXIA)], region: {}, years: [2023, 2024], measure: "grantRate" },
    { agencyIds: [agencyId(LIXIA)], region: {}, years: [2020], measure: "grantRate" },
    { agencyIds: [], region: { province: "火星省" }, years: [], measure: "grantRate" },
  ];

  it("are the rows of the comparison held in memory, in its order, whatever the batch size", () => {
    for (const query of queries()) {
      const expected = heldRows(query);
      for (const batchSize of [1, 2, 2000]) expect([...compareValueRows(db, query, batchSize)], JSON.stringify(query)).toEqual(expected);
    }
    expect(heldRows(queries()[0]!).length).toBeGreaterThan(3);
  });
});

describe("coverage", () => {
  it("shows which agencies published which years, every year from the first to the last", () => {
    const result = coverage(db, { page: 1, pageSize: 50 });
    expect(result.years).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(result.reportsPerYear).toEqual({ 2020: 1, 2021: 1, 2023: 2, 2024: 4 });
    const jinan = result.rows.find((r) => r.name === JINAN)!;
    expect(Object.keys(jinan.byYear).map(Number)).toEqual([2021, 2023, 2024]);
    expect(jinan.byYear[2023]).toEqual({ reportId: reportId("jinan-2023.txt"), flags: 2, hasIssue: false });
    expect(jinan.published).toBe(3);
  });

  it("narrows to the agencies with a report flagged with an issue code, and marks those reports", () => {
    const flagged = coverage(db, { issue: "identity.balance", page: 1, pageSize: 50 });
    expect(flagged.rows.map((r) => r.name)).toEqual([LIXIA]);
    const marked = Object.entries(flagged.rows[0]!.byYear).filter(([, cell]) => cell.hasIssue);
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.length).toBeLessThan(Object.keys(flagged.rows[0]!.byYear).length + 1);
    const stored = db.$client.prepare("SELECT DISTINCT report_id AS id FROM report_issues WHERE code = 'identity.balance'").all() as { id: number }[];
    expect(marked.map(([, cell]) => cell.reportId).sort()).toEqual(stored.map((r) => r.id).sort());
    expect(coverage(db, { issue: "no.such.code", page: 1, pageSize: 50 })).toMatchObject({ total: 0, rows: [] });
  });

  it("narrows to a region and pages", () => {
    const shandong = coverage(db, { province: "山东省", page: 1, pageSize: 3 });
    expect(shandong).toMatchObject({ total: 4, pageCount: 2 });
    expect(shandong.rows).toHaveLength(3);
    expect(coverage(db, { province: "安徽省", page: 1, pageSize: 50 }).years).toEqual([2024]);
    expect(coverage(db, { province: "火星省", page: 1, pageSize: 50 })).toMatchObject({ total: 0, rows: [], years: [] });
  });

  it("lists the years with reports for a filter", () => {
    expect(availableYears(db)).toEqual([2020, 2021, 2023, 2024]);
    expect(availableYears(db, { province: "安徽省" })).toEqual([2024]);
  });
});

describe("report_totals, kept by triggers", () => {
  it("has a line per report, and migration 0002 rebuilds the same lines for reports stored before it", () => {
    const copy = join(dir, "copy.db");
    copyFileSync(path, copy);
    const writable = openWritableDb(copy);
    try {
      const read = () => writable.$client.prepare("SELECT * FROM report_totals ORDER BY report_id").all();
      const before = read();
      expect(before).toHaveLength(9);
      writable.$client.exec("DELETE FROM report_totals");
      const migration = readFileSync(join(import.meta.dirname, "..", "db", "migrations", "0002_report_totals.sql"), "utf8");
      // 表四's table has been review_litigation_rows since migration 0013.
      const backfill = migration
        .slice(migration.indexOf("-- Fill in"))
        .replaceAll("`review_rows`", "`review_litigation_rows`")
        .split("--> statement-breakpoint");
      for (const statement of backfill) writable.$client.exec(statement);
      expect(read()).toEqual(before);
    } finally {
      writable.$client.close();
    }
  });

  it("exports every table's rows with its SQLite columns", () => {
    const { columns, rows } = tableRows(db, "agencies");
    expect(columns).toEqual(["id", "name", "province", "city", "county", "region_code"]);
    expect([...rows]).toHaveLength(6);
  });
});
