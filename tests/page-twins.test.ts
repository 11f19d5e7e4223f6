import { describe, expect, it, vi } from "vitest";
import AgencyPage from "../app/agencies/[id]/page";
import AgenciesPage from "../app/agencies/page";
import { GET as pageApi } from "../app/api/[file]/route";
import { GET as agencyApi } from "../app/api/agencies/[file]/route";
import { GET as reportApi } from "../app/api/reports/[file]/route";
import ComparePage from "../app/compare/page";
import CoveragePage from "../app/coverage/page";
import OverviewPage from "../app/page";
import ReportPage from "../app/reports/[id]/page";
import SearchPage from "../app/search/page";
import { type Count, isRateMeasure, OUTCOME_GROUPS } from "../lib/report/measures";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, REVIEW_FIELDS, REVIEW_GROUPS } from "../lib/report/schema";
import { LIST_MEASURES, MARK_END, MARK_START } from "../lib/store/types";
import { formatCount, formatRate, formatValue } from "../lib/web/format";
import { attr, bodyRows, byId, csvTable, type Element, elements, hrefs, renderPage, searchParams, textOf } from "./support/page-html";
import { seedWebDbForFile } from "./support/web-seed-db";

/**
 * Issue 16 (7): each page and its JSON and CSV twins carry the same values, because all three render the page's one
 * view model (lib/export/models.ts). The page is rendered as the server sends it; its numbers, read back from the
 * HTML, are compared with the JSON's and the CSV's, formatted as the page formats them.
 */

vi.mock("next/server", async (original) => ({ ...(await original<object>()), connection: async () => {} }));
// Rendered outside Next's app router: the list pages' KeepTicked asks for a router it only uses in the browser.
vi.mock("next/navigation", async (original) => ({ ...(await original<object>()), useRouter: () => ({ replace() {}, push() {} }) }));

seedWebDbForFile("nianbao-twins-");

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
const answer = <P>(handler: Handler<P>, param: P, query: string) => handler(new Request(`http://localhost/api/x${query}`), { params: Promise.resolve(param) });
// biome-ignore lint/suspicious/noExplicitAny: the JSON is read field by field below, as a client would.
const json = async <P>(handler: Handler<P>, param: P, query = ""): Promise<any> => (await answer(handler, param, query)).json();
const csv = async <P>(handler: Handler<P>, param: P, query = "") => csvTable(await answer(handler, param, query));

/** A CSV cell as the number it holds (empty: none). */
const num = (cell: string | undefined): Count => (cell === undefined || cell === "" ? null : Number(cell));
const cellTexts = (rows: Element[][]) => rows.map((row) => row.map((td) => textOf(td).trim()));
const idOf = (href: string | undefined, kind: string) => Number(new RegExp(`^/${kind}/(\\d+)`).exec(href ?? "")?.[1]);

describe("the overview: page, overview.json, overview.csv", () => {
  const query = "?year=2023";

  it("carries the same national sums per year", async () => {
    const page = cellTexts(bodyRows(byId(await renderPage(OverviewPage, { searchParams: searchParams(query) }), "table-national")));
    const data = await json(pageApi, { file: "overview.json" }, query);
    const table = await csv(pageApi, { file: "overview.csv" }, `${query}&table=national`);
    expect(page.length).toBeGreaterThan(1);
    // biome-ignore lint/suspicious/noExplicitAny: a year of the JSON, read field by field.
    const fromJson = data.national.map((y: any) => [
      String(y.year),
      String(y.reports),
      formatCount(y.newReceived),
      formatCount(y.handled),
      ...OUTCOME_GROUPS.map((g) => `${formatCount(y.outcomes[g])} ${formatRate(y.outcomeShares[g])}`),
      formatRate(y.measures.grantRate),
      formatCount(y.reconsideration.corrected),
      formatRate(y.measures.litigationCorrectionRate),
    ]);
    const fromCsv = table.rows.map((r) => [
      r.year,
      r.reports,
      formatCount(num(r["applications.newReceived.total"])),
      formatCount(num(r["applications.handledTotal.total"])),
      ...OUTCOME_GROUPS.map((g) => `${formatCount(num(r[`outcomes.${g}`]))} ${formatRate(num(r[`outcomeShare.${g}`]))}`),
      formatRate(num(r.grantRate)),
      formatCount(num(r["reviewLitigation.reconsideration.corrected"])),
      formatRate(num(r.litigationCorrectionRate)),
    ]);
    const fromPage = page.map((cells) => [cells[0], cells[1], cells[2], cells[4], ...cells.slice(5, 11), cells[11], cells[13], cells[16]]);
    expect(fromPage).toEqual(fromJson);
    expect(fromCsv).toEqual(fromJson);
  });

  it("carries the same reports per year and the same ranking of the year asked for", async () => {
    const html = await renderPage(OverviewPage, { searchParams: searchParams(query) });
    const data = await json(pageApi, { file: "overview.json" }, query);
    const years = await csv(pageApi, { file: "overview.csv" }, `${query}&table=years`);
    const fromJson = data.reportsByYear.map((y: Record<string, number>) => [y.year, y.agencies, y.reports, y.flagged].map(String));
    expect(cellTexts(bodyRows(byId(html, "table-years")))).toEqual(fromJson);
    expect(years.rows.map((r) => [r.year, r.agencies, r.reports, r.flaggedReports])).toEqual(fromJson);
    const ranking = [...elements(html)].find((el) => attr(el, "aria-label") === "申请最多的机关，可左右滚动")!;
    const top = await csv(pageApi, { file: "overview.csv" }, `${query}&table=topApplications`);
    expect(data.rankingYear).toBe(2023);
    expect(hrefs(ranking)).toEqual(data.topApplications.map((r: { reportId: number }) => `/reports/${r.reportId}`));
    expect(top.rows.map((r) => `/reports/${r.reportId}`)).toEqual(hrefs(ranking));
  });
});

describe("the agencies list: page, agencies.json, agencies.csv", () => {
  it.each(["?province=山东省&sort=grantRate&dir=desc", "?year=2024&pageSize=2", "?issue=identity.crossYear"])("%s", async (query) => {
    const html = await renderPage(AgenciesPage, { searchParams: searchParams(query) });
    const data = await json(pageApi, { file: "agencies.json" }, query);
    const table = await csv(pageApi, { file: "agencies.csv" }, query);
    const rows = bodyRows(byId(html, "table-agencies"));
    const measureCells = (cells: string[]) => cells.slice(3, 3 + LIST_MEASURES.length);
    const fromPage = cellTexts(rows).map((cells, i) => [idOf(hrefs(rows[i]![0]!)[0], "agencies"), cells[2], ...measureCells(cells)]);
    const fromJson = data.rows.map((r: { id: number; years: number[]; measures: Record<string, Count> }) => [
      r.id,
      r.years.join("、"),
      ...LIST_MEASURES.map((m) => formatValue(r.measures[m], isRateMeasure(m))),
    ]);
    // The CSV holds every row of the query; the page and the JSON its first page.
    const fromCsv = table.rows
      .slice(0, data.pageSize)
      .map((r) => [Number(r.id), r.years!.split(";").join("、"), ...LIST_MEASURES.map((m) => formatValue(num(r[m]), isRateMeasure(m)))]);
    expect(fromPage.length).toBeGreaterThan(0);
    expect(fromPage).toEqual(fromJson);
    expect(fromCsv).toEqual(fromJson);
    expect(table.rows).toHaveLength(data.total);
    const total = [...elements(html)].find((el) => attr(el, "data-testid") === "agency-total")!;
    expect(textOf(total)).toBe(String(data.total));
  });
});

describe("an agency's page: page, agencies/<id>.json, agencies/<id>.csv", () => {
  it("carries the same years, cross-year check and missing years", async () => {
    const html = await renderPage(AgencyPage, { params: Promise.resolve({ id: "1" }), searchParams: searchParams("") });
    const data = await json(agencyApi, { file: "1.json" });
    const years = await csv(agencyApi, { file: "1.csv" });
    const counts = ["newReceived", "carriedOver", "handledTotal", "carriedForward"];
    const rows = cellTexts(bodyRows(byId(html, "table-years")));
    expect(rows.length).toBeGreaterThan(1);
    const fromPage = rows.map((cells) => [cells[0]!.slice(0, 4), cells[1], ...cells.slice(2, 6), cells[6]]);
    const fromJson = data.years.map(
      (y: {
        year: number;
        formatVersion: string;
        counts: { applications: Record<string, Record<string, Count>>; reviewLitigation: Record<string, Record<string, Count>> };
      }) => [
        String(y.year),
        y.formatVersion,
        ...counts.map((row) => formatCount(y.counts.applications[row]?.total)),
        formatCount(y.counts.reviewLitigation.reconsideration?.total),
      ],
    );
    const fromCsv = years.rows.map((r) => [
      r.year,
      r.formatVersion,
      ...counts.map((row) => formatCount(num(r[`applications.${row}.total`]))),
      formatCount(num(r["reviewLitigation.reconsideration.total"])),
    ]);
    expect(fromPage).toEqual(fromJson);
    expect(fromCsv).toEqual(fromJson);

    const checks = await csv(agencyApi, { file: "1.csv" }, "?table=reconciliation");
    const verdict = (matches: boolean | null) => (matches === null ? "—" : matches ? "一致" : "不一致");
    const pageChecks = cellTexts(bodyRows(byId(html, "table-reconciliation"))).map((cells) => cells.slice(-4));
    const jsonChecks = data.reconciliation.flatMap((pair: { columns: { carriedForward: Count; carriedOver: Count; matches: boolean | null }[] }) =>
      pair.columns.map((c) => [formatCount(c.carriedForward), formatCount(c.carriedOver), verdict(c.matches)]),
    );
    expect(pageChecks.map((cells) => cells.slice(1))).toEqual(jsonChecks);
    expect(
      checks.rows.map((r) => [
        formatCount(num(r["applications.carriedForward"])),
        formatCount(num(r["applications.carriedOver"])),
        verdict(r.matches === "" ? null : r.matches === "true"),
      ]),
    ).toEqual(jsonChecks);

    const missing = await csv(agencyApi, { file: "1.csv" }, "?table=missingYears");
    expect(data.missingYears.length).toBeGreaterThan(0);
    expect(missing.rows.map((r) => Number(r.missingYear))).toEqual(data.missingYears);
    expect(textOf(html)).toContain(`缺失年度：${data.missingYears.join("、")}（`);
  });
});

describe("the coverage table: page, coverage.json, coverage.csv", () => {
  it.each(["", "?pageSize=2&page=2", "?issue=identity.crossYear"])("%s", async (query) => {
    const html = await renderPage(CoveragePage, { searchParams: searchParams(query) });
    const data = await json(pageApi, { file: "coverage.json" }, query);
    const table = await csv(pageApi, { file: "coverage.csv" }, query);
    const years: number[] = data.years;
    const rows = bodyRows(byId(html, "table-coverage")).slice(0, -1); // the last row is 报告数
    const fromPage = rows.map((cells) => [
      idOf(hrefs(cells[0]!)[0], "agencies"),
      ...years.map((_, i) => hrefs(cells[2 + i]!).map((href) => idOf(href, "reports"))[0] ?? null),
      Number(textOf(cells.at(-1)!)),
    ]);
    const fromJson = data.rows.map((r: { id: number; byYear: Record<string, { reportId: number }>; published: number }) => [
      r.id,
      ...years.map((year) => r.byYear[year]?.reportId ?? null),
      r.published,
    ]);
    const first = (data.page - 1) * data.pageSize;
    const fromCsv = table.rows
      .slice(first, first + data.pageSize)
      .map((r) => [Number(r.agencyId), ...years.map((year) => num(r[String(year)])), Number(r.published)]);
    expect(fromPage.length).toBeGreaterThan(0);
    expect(fromPage).toEqual(fromJson);
    expect(fromCsv).toEqual(fromJson);
    expect(table.header.filter((h) => /^\d{4}$/.test(h))).toEqual(years.map(String));
  });
});

describe("the search: page, search.json, search.csv", () => {
  it.each(["?q=政采贷", "?q=公开&year=2024", "?q=公开&pageSize=2"])("%s", async (query) => {
    const html = await renderPage(SearchPage, { searchParams: searchParams(query) });
    const data = await json(pageApi, { file: "search.json" }, query);
    const table = await csv(pageApi, { file: "search.csv" }, query);
    const hits = [...elements(html)].filter((el) => el.tagName === "li" && (el.parentNode as Element).tagName === "ol");
    const plain = (snippet: string) => snippet.replaceAll("【", "").replaceAll("】", "").replaceAll(MARK_START, "").replaceAll(MARK_END, "");
    const fromPage = hits.map((li) => {
      const link = [...elements(li)].find((el) => el.tagName === "a")!;
      const [, id, part] = /^\/reports\/(\d+)\?.*#section-(\w+)$/.exec(attr(link, "href")!)!;
      return [Number(id), part, textOf(link).split(" ")[1], plain(textOf([...elements(li)].find((el) => el.tagName === "div")!))];
    });
    const fromJson = data.rows.map((r: { reportId: number; part: string; year: number; snippet: string }) => [
      r.reportId,
      r.part,
      String(r.year),
      plain(r.snippet),
    ]);
    const fromCsv = table.rows.slice(0, data.pageSize).map((r) => [Number(r.reportId), r.part, r.year, plain(r.snippet!)]);
    expect(fromPage.length).toBeGreaterThan(0);
    expect(fromPage).toEqual(fromJson);
    expect(fromCsv).toEqual(fromJson);
    expect(table.rows).toHaveLength(data.total);
  });
});

describe("the comparison: page, compare.json, compare.csv", () => {
  it.each(["?agency=1&agency=2&agency=8&measure=grantRate&measure=applicationsTotal&sort=name", `?province=${encodeURIComponent("山东省")}&measure=grantRate`])(
    "%s",
    async (query) => {
      const html = await renderPage(ComparePage, { searchParams: searchParams(query) });
      const data = await json(pageApi, { file: "compare.json" }, query);
      const wide = await csv(pageApi, { file: "compare.csv" }, query);
      const pooled = await csv(pageApi, { file: "compare.csv" }, `${query}&table=pooled`);
      const years: number[] = data.years;
      data.comparisons.forEach(
        (
          comparison: {
            measure: string;
            isRate: boolean;
            series: { id: number; values: Record<string, Count>; parts?: Record<string, { numerator: Count; denominator: Count }> }[];
            pooled: { year: number | "all"; value: Count; numerator?: Count; denominator?: Count }[];
          },
          index: number,
        ) => {
          const { measure, isRate } = comparison;
          const table = byId(html, index === 0 ? "table-compare" : `table-compare-${index + 1}`);
          const rows = [...elements(table)].filter((el) => el.tagName === "tr" && attr(el, "data-agency"));
          const series = new Map(comparison.series.map((s) => [s.id, s]));
          // Each cell as shown: the value, and a rate's numerator/denominator; 未发布 where no report.
          const shown = (value: Count | undefined, parts: { numerator: Count; denominator: Count } | undefined, published: boolean) =>
            published ? `${formatValue(value ?? null, isRate)}${parts ? `${formatCount(parts.numerator)}/${formatCount(parts.denominator)}` : ""}` : "未发布";
          // The page says why a value is missing (—（分母为 0）): the value is what comes before the note.
          const withoutNote = (text: string) => text.replace(/（[^）]*）/, "");
          const fromPage = rows.map((tr) => [
            Number(attr(tr, "data-agency")),
            ...cellTexts([tr.childNodes.filter((c): c is Element => "tagName" in c)])[0]!
              .slice(2)
              .map(withoutNote),
          ]);
          const fromJson = data.order.map((id: number) => {
            const s = series.get(id);
            return [id, ...years.map((year) => shown(s?.values[year], s?.parts?.[year], s !== undefined && year in s.values))];
          });
          const fromCsv = wide.rows.map((r) => [
            Number(r.agencyId),
            ...years.map((year) => {
              const key = `${measure}.${year}`;
              const parts = isRate ? { numerator: num(r[`${key}.numerator`]), denominator: num(r[`${key}.denominator`]) } : undefined;
              return shown(num(r[key]), parts, r[key] !== "" || (isRate && r[`${key}.denominator`] !== ""));
            }),
          ]);
          expect(fromPage.length).toBeGreaterThan(1);
          expect(fromPage, measure).toEqual(fromJson);
          expect(fromCsv, measure).toEqual(fromJson);
          const pooledPage = years.map((year) => withoutNote(textOf([...elements(table)].find((el) => attr(el, "data-key") === `pooled.${year}`)!).trim()));
          const pooledJson = years.map((year) => {
            const p = comparison.pooled.find((p) => p.year === year)!;
            return shown(p.value, isRate ? { numerator: p.numerator ?? null, denominator: p.denominator ?? null } : undefined, true);
          });
          const pooledCsv = years.map((year) => {
            const r = pooled.rows.find((r) => r.year === String(year))!;
            return shown(
              num(r[measure]),
              isRate ? { numerator: num(r[`${measure}.numerator`]), denominator: num(r[`${measure}.denominator`]) } : undefined,
              true,
            );
          });
          expect(pooledPage).toEqual(pooledJson);
          expect(pooledCsv).toEqual(pooledJson);
        },
      );
    },
  );
});

describe("a report's page: page, reports/<id>.json, reports/<id>.csv", () => {
  it("carries the same 表三 and 表四 numbers", async () => {
    const html = await renderPage(ReportPage, { params: Promise.resolve({ id: "1" }), searchParams: searchParams("") });
    const data = await json(reportApi, { file: "1.json" });
    const [row] = (await csv(reportApi, { file: "1.csv" })).rows;
    // A cell holds its number, then any flag's explanation: the number is what it starts with.
    const shown = (el: Element) => /^(—|[\d,.]+)/.exec(textOf(el).trim())?.[1];
    const cells = new Map([...elements(html)].filter((el) => attr(el, "data-key")).map((el) => [attr(el, "data-key")!, shown(el)]));
    const keys = [
      ...APPLICATION_ROWS.flatMap((r) => APPLICANT_COLUMNS.map((c) => ({ key: `applications.${r}.${c}`, value: data.counts.applications[r]?.[c] }))),
      ...REVIEW_GROUPS.flatMap((g) => REVIEW_FIELDS.map((f) => ({ key: `reviewLitigation.${g}.${f}`, value: data.counts.reviewLitigation[g]?.[f] }))),
    ].filter(({ key }) => cells.has(key));
    expect(keys.length).toBeGreaterThan(100);
    for (const { key, value } of keys) {
      expect(cells.get(key), key).toBe(formatCount(value));
      expect(formatCount(num(row![key])), key).toBe(formatCount(value));
    }
  });
});
