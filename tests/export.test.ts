import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as pageApi } from "../app/api/[file]/route";
import { GET as agencyApi } from "../app/api/agencies/[file]/route";
import { GET as exportApi } from "../app/api/export/[file]/route";
import { GET as reportApi } from "../app/api/reports/[file]/route";
import { GET as sourceFile } from "../app/sources/[sha256]/route";
import { openReadonlyDb, openWritableDb } from "../db/client";
import { SqliteStore } from "../db/sqlite-store";
import { storeReport } from "../db/write";
import { zipOfTables } from "../lib/export/bulk";
import { type CompareModel, longColumns, longRowsOf, wideColumns, wideRows } from "../lib/export/compare";
import { type CsvColumn, type CsvTable, csvChunks, csvStream } from "../lib/export/csv";
import { DERIVED_MEASURES } from "../lib/report/measures";
import type { Comparison } from "../lib/store/types";
import { compareViewOf } from "../lib/web/params";
import { buildSeedDb, parsedSeed, seedTexts } from "./support/seed-db";

let dir: string;
let ids: Map<string, number>;
const previousDb = process.env.NIANBAO_DB;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-export-"));
  ids = buildSeedDb(join(dir, "nianbao.db"));
  process.env.NIANBAO_DB = join(dir, "nianbao.db");
});
afterAll(() => {
  process.env.NIANBAO_DB = previousDb;
  rmSync(dir, { recursive: true, force: true });
});

const BOM = [0xef, 0xbb, 0xbf];
type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

async function call<P>(handler: Handler<P>, param: P, query = ""): Promise<Response> {
  return handler(new Request(`http://localhost/x${query}`), { params: Promise.resolve(param) });
}

async function csvOf(response: Response): Promise<{ bytes: Uint8Array; header: string[]; rows: string[][] }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(3));
  // Every value in these tests is free of commas, quotes and line breaks, so a plain split reads them.
  const [header, ...rows] = text
    .replace(/\r\n$/, "")
    .split("\r\n")
    .map((line) => line.split(","));
  return { bytes, header: header!, rows };
}

const column = (csv: { header: string[]; rows: string[][] }, key: string) => {
  const index = csv.header.indexOf(key);
  expect(index, `column ${key}`).toBeGreaterThanOrEqual(0);
  return csv.rows.map((row) => row[index]);
};

describe("CSV bytes", () => {
  const table: CsvTable<{ name: string; count: number | null; rate: number | null; current: boolean }> = {
    fileName: "t.csv",
    columns: [
      { header: "name", value: (r) => r.name },
      { header: "applications.granted.total", value: (r) => r.count },
      { header: "grantRate", value: (r) => r.rate },
      { header: "isCurrent", value: (r) => r.current },
    ],
    rows: [
      { name: '济南，"中心"', count: 0, rate: null, current: true },
      { name: "淄博", count: null, rate: 0.25, current: false },
    ],
  };
  const expected = '\ufeffname,applications.granted.total,grantRate,isCurrent\r\n"济南，""中心""",0,,true\r\n淄博,,0.25,false\r\n';

  it("streams UTF-8 with a BOM, dictionary keys as headers (dots kept), empty cells for null and 0 kept", async () => {
    const bytes = new Uint8Array(await new Response(csvStream(table)).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual(BOM);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(expected);
  });

  it("reads rows only as the client takes the stream, in batches, and stops when it is cancelled", async () => {
    let read = 0;
    const rows = function* () {
      for (let i = 0; i < 100_000; i++) {
        read++;
        yield { name: `n${i}`, count: i, rate: null, current: true };
      }
    };
    const reader = csvStream({ ...table, rows: { [Symbol.iterator]: rows } }).getReader();
    const first = await reader.read();
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(first.value!)).toMatch(/^\ufeffname,.*\r\nn0,0,,true\r\n/s);
    expect(read).toBeGreaterThan(1);
    expect(read).toBeLessThan(10_000);
    await reader.cancel();
    expect(read).toBeLessThan(10_000);
  });

  it("writes the same text in batches, the header once", () => {
    expect([...csvChunks(table, 1)].join("")).toBe(expected);
    expect([...csvChunks({ ...table, rows: [] })].join("")).toBe("\ufeffname,applications.granted.total,grantRate,isCurrent\r\n");
  });
});

describe("page twins: /api/<page>.csv and .json", () => {
  it("gives the agencies list as CSV: every matching row, English keys, nulls as empty cells", async () => {
    const response = await call(pageApi, { file: "agencies.csv" }, "?province=%E5%B1%B1%E4%B8%9C%E7%9C%81&sort=grantRate&dir=desc&page=2");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain('filename="nianbao-agencies.csv"');
    expect(decodeURIComponent(response.headers.get("x-nianbao-citation") ?? "")).toMatch(
      /^年报 Nianbao.*，http:\/\/localhost\/x\?province=.*，\d{4}-\d{2}-\d{2} 访问$/u,
    );
    const csv = await csvOf(response);
    expect([...csv.bytes.subarray(0, 3)]).toEqual(BOM);
    expect(csv.header.slice(0, 4)).toEqual(["id", "name", "province", "city"]);
    expect(csv.header).toContain("applications.newReceived.total");
    expect(csv.header).toContain("grantRate");
    expect(csv.rows).toHaveLength(4);
    expect(column(csv, "grantRate")).toEqual(["1", "0.4", "0.3333333333333333", ""]);
    expect(column(csv, "applicationsTotal").at(-1)).toBe("0");
    expect(column(csv, "reconsiderationCorrectionRate")).toEqual(["", "0.5", "1", ""]);
  });

  it("gives the same list as paged JSON with its facets", async () => {
    const response = await call(pageApi, { file: "agencies.json" }, "?province=%E5%B1%B1%E4%B8%9C%E7%9C%81&pageSize=2&page=2");
    const body = await response.json();
    expect(body).toMatchObject({ total: 4, page: 2, pageSize: 2, pageCount: 2 });
    expect(body.rows).toHaveLength(2);
    expect(body.facets.city.map((f: { value: string }) => f.value)).toContain("济南市");
    expect(body.rows[0].measures).toHaveProperty("grantRate");
  });

  it("carries the issue filter into both twins, with the issue facet in the JSON", async () => {
    const csv = await csvOf(await call(pageApi, { file: "agencies.csv" }, "?issue=identity.crossYear"));
    expect(column(csv, "name")).toEqual(["济南公共资源交易中心"]);
    expect(column(csv, "years")).toEqual(["2023;2024"]);
    const json = await (await call(pageApi, { file: "agencies.json" }, "?issue=identity.crossYear")).json();
    expect(json).toMatchObject({ total: 1, query: { issue: "identity.crossYear" } });
    expect(json.facets.issue).toContainEqual({ value: "label.variant", count: 3 });
  });

  it("answers an unknown filter value with an empty table, not an error", async () => {
    const csv = await csvOf(await call(pageApi, { file: "agencies.csv" }, "?province=%E7%81%AB%E6%98%9F%E7%9C%81&year=abc&page=-3&sort=nope"));
    expect(csv.rows).toEqual([]);
    expect(csv.header[0]).toBe("id");
    const json = await (await call(pageApi, { file: "agencies.json" }, "?province=%E7%81%AB%E6%98%9F%E7%9C%81")).json();
    expect(json).toMatchObject({ total: 0, rows: [] });
  });

  it("gives a comparison shaped like its table: a row per agency, a column per year, a rate with its numerator and denominator", async () => {
    const query = "?province=%E5%B1%B1%E4%B8%9C%E7%9C%81&city=%E6%B5%8E%E5%8D%97%E5%B8%82&year=2023&year=2024&measure=litigationCorrectionRate";
    const response = await call(pageApi, { file: "compare.csv" }, query);
    expect(response.headers.get("content-disposition")).toContain('filename="nianbao-compare-litigationCorrectionRate-2023-2024.csv"');
    const csv = await csvOf(response);
    const m = "litigationCorrectionRate";
    expect(csv.header).toEqual([
      "agencyId",
      "agency",
      "province",
      "city",
      "county",
      "regionCode",
      ...[2023, 2024].flatMap((y) => [`${m}.${y}`, `${m}.${y}.numerator`, `${m}.${y}.denominator`]),
    ]);
    // 历下区财政局 published no 2023 report (every cell of the year empty); 交易中心's rate is over 0 concluded cases (its denominator 0, not empty).
    expect(csv.rows.map((r) => [r[1], ...r.slice(6)])).toEqual([
      ["济南市历下区财政局", "", "", "", "0.5", "1", "2"],
      ["济南公共资源交易中心", "", "0", "0", "", "0", "0"],
    ]);
    const pooled = await csvOf(await call(pageApi, { file: "compare.csv" }, `${query}&table=pooled`));
    expect(pooled.header).toEqual(["year", "reports", "agencies", m, `${m}.numerator`, `${m}.denominator`]);
    expect(pooled.rows).toEqual([
      ["2023", "1", "1", "", "0", "0"],
      ["2024", "2", "2", "0.5", "1", "2"],
      ["all", "3", "2", "0.5", "1", "2"],
    ]);
    const json = await (await call(pageApi, { file: "compare.json" }, query)).json();
    expect(json.query).toMatchObject({ measure: m, measures: [m], years: [2023, 2024] });
    expect(json.comparisons[0].pooled[0].value).toBeNull();
  });

  it("rounds as the page shows, holds several measures, a long form and Chinese headers", async () => {
    const found = await (await call(pageApi, { file: "agencies.json" }, `?q=${encodeURIComponent("济南公共资源交易中心")}`)).json();
    const jinan = found.rows[0].id as number;
    const query = `?agency=${jinan}&measure=grantRate&measure=applicationsTotal&from=2023&to=2024`;
    const wide = await csvOf(await call(pageApi, { file: "compare.csv" }, query));
    expect(wide.header.slice(6)).toEqual([
      "grantRate.2023",
      "grantRate.2023.numerator",
      "grantRate.2023.denominator",
      "grantRate.2024",
      "grantRate.2024.numerator",
      "grantRate.2024.denominator",
      "applicationsTotal.2023",
      "applicationsTotal.2024",
    ]);
    // 2/6 is shown as 33.3 %: 0.333, not 0.3333333333333333.
    expect(wide.rows).toEqual([[String(jinan), "济南公共资源交易中心", "山东省", "济南市", "", "370100", "0.6", "6", "10", "0.333", "2", "6", "12", "6"]]);

    const longResponse = await call(pageApi, { file: "compare.csv" }, `${query}&shape=long`);
    expect(longResponse.headers.get("content-disposition")).toContain("nianbao-compare-grantRate-applicationsTotal-2023-2024-long.csv");
    const long = await csvOf(longResponse);
    expect(long.header.slice(6)).toEqual(["year", "reportId", "grantRate", "grantRate.numerator", "grantRate.denominator", "applicationsTotal"]);
    expect(long.rows.map((r) => [r[6], ...r.slice(8)])).toEqual([
      ["2023", "0.6", "6", "10", "12"],
      ["2024", "0.333", "2", "6", "6"],
    ]);

    const zhResponse = await call(pageApi, { file: "compare.csv" }, `${query}&labels=zh`);
    expect(zhResponse.headers.get("content-disposition")).toContain("-zh.csv");
    const zh = await csvOf(zhResponse);
    expect(zh.header.slice(0, 2)).toEqual(["机关编号", "机关"]);
    expect(zh.header.slice(6, 9)).toEqual([
      "公开率（予以公开＋部分公开） 2023",
      "公开率（予以公开＋部分公开） 2023 分子",
      "公开率（予以公开＋部分公开） 2023 分母",
    ]);
    expect(zh.rows).toEqual(wide.rows);
  });

  it("streams a region's comparison as the comparison it mirrors, in both shapes", async () => {
    for (const query of [
      "?measure=grantRate",
      "?measure=applications.newReceived.total&province=%E5%B1%B1%E4%B8%9C%E7%9C%81",
      "?year=2023&year=2024&measure=litigationCorrectionRate",
    ]) {
      const json = await (await call(pageApi, { file: "compare.json" }, query)).json();
      const held = json.comparisons[0] as Comparison;
      const view = compareViewOf(new URLSearchParams(query));
      const model: CompareModel = { view, comparisons: [held], years: json.years, rows: held.series };
      expect(json.order).toEqual(held.series.map((s) => s.id));
      for (const [shape, columns, rows] of [
        ["wide", wideColumns(view, json.years), wideRows(model)],
        ["long", longColumns({ ...view, shape: "long" }), [...longRowsOf(wideRows(model), json.years)]],
      ] as const) {
        const { bytes } = await csvOf(await call(pageApi, { file: "compare.csv" }, `${query}&shape=${shape}`));
        const expected = [...csvChunks({ fileName: "x.csv", columns: columns as CsvColumn<unknown>[], rows: rows as unknown[] })]
          .join("")
          .replace(/^\ufeff/, "");
        expect(rows.length, query).toBeGreaterThan(1);
        expect(new TextDecoder().decode(bytes), `${query} ${shape}`).toBe(expected);
        expect([...bytes.subarray(0, 3)]).toEqual(BOM);
      }
    }
  });
  it("gives the overview, coverage and search tables", async () => {
    const national = await csvOf(await call(pageApi, { file: "overview.csv" }, ""));
    expect(national.header).toContain("outcomeShare.withheld");
    expect(column(national, "year")).toEqual(["2020", "2021", "2023", "2024"]);
    expect(column(national, "grantRate")[0]).toBe("");
    const provinces = await csvOf(await call(pageApi, { file: "overview.csv" }, "?table=provinces"));
    expect(provinces.rows[0]).toEqual(["山东省", "4", "6"]);
    const coverage = await csvOf(await call(pageApi, { file: "coverage.csv" }, "?pageSize=1"));
    expect(coverage.header.slice(-5)).toEqual(["2020", "2021", "2022", "2023", "2024"]);
    expect(coverage.rows).toHaveLength(6);
    expect(column(coverage, "2022").every((cell) => cell === "")).toBe(true);
    const search = await csvOf(await call(pageApi, { file: "search.csv" }, "?q=%E6%94%BF%E9%87%87%E8%B4%B7"));
    expect(column(search, "part")).toEqual(["other"]);
    expect(column(search, "snippet")[0]).toContain("【政采贷】");
  });

  it("answers 404 for an unknown page, format or table", async () => {
    for (const file of ["nope.csv", "agencies.xml", "agencies", "../agencies.csv"]) expect((await call(pageApi, { file })).status).toBe(404);
    const response = await call(pageApi, { file: "agencies.csv" }, "?table=nope");
    expect(response.status).toBe(404);
    expect((await response.json()).tables).toEqual(["agencies"]);
  });
});

describe("agency and report twins", () => {
  it("gives an agency's years with every dictionary key, and its cross-year check", async () => {
    const jinan = ids.get("000.txt")!;
    const report = await (await call(reportApi, { file: `${jinan}.json` })).json();
    const csv = await csvOf(await call(agencyApi, { file: `${report.agency.id}.csv` }));
    expect(column(csv, "year")).toEqual(["2021", "2023", "2024"]);
    expect(csv.header).toContain("applications.otherNoFee.legal");
    expect(csv.header).toContain("reviewLitigation.litigationAfterReconsideration.total");
    for (const measure of DERIVED_MEASURES) expect(csv.header).toContain(measure);
    const reconciliation = await csvOf(await call(agencyApi, { file: `${report.agency.id}.csv` }, "?table=reconciliation"));
    expect(reconciliation.rows.filter((r) => r[5] === "false").map((r) => r[2])).toEqual(["naturalPerson", "total"]);
  });

  it("gives a report as one wide row and its printed tables", async () => {
    const id = ids.get("001.txt")!;
    const wide = await csvOf(await call(reportApi, { file: `${id}.csv` }));
    expect(wide.rows).toHaveLength(1);
    expect(column(wide, "formatVersion")).toEqual(["2019"]);
    expect(column(wide, "applications.otherNoCorrection.total")).toEqual([""]);
    expect(column(wide, "applications.otherTotal.total")).toEqual(["0"]);
    expect(column(wide, "proactive.licensing.decisions")).toEqual([""]);
    expect(column(wide, "proactive.procurement.amount")).toEqual(["3.967"]);
    expect(column(wide, "grantRate")).toEqual([""]);
    const applications = await csvOf(await call(reportApi, { file: `${id}.csv` }, "?table=applications"));
    expect(applications.header).toEqual(["row", "naturalPerson", "business", "research", "nonprofit", "legal", "otherOrg", "total"]);
    expect(applications.rows).toHaveLength(26);
    const proactive = await csvOf(await call(reportApi, { file: `${id}.csv` }, "?table=proactive"));
    expect(proactive.rows.find((r) => r[0] === "licensing.decisions")).toEqual([
      "licensing.decisions",
      "20(5)",
      "行政许可",
      "处理决定数量",
      "",
      "件",
      "不涉及",
    ]);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    for (const file of ["999999.json", "abc.csv", "0.json", "1.5.csv", "-1.csv"]) {
      expect((await call(reportApi, { file })).status).toBe(404);
      expect((await call(agencyApi, { file })).status).toBe(404);
    }
  });
});

describe("bulk downloads and sources", () => {
  it("zips one CSV per table, each with a BOM and its SQLite columns", async () => {
    const response = await call(exportApi, { file: "all.zip" });
    expect(response.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(
      [
        "agencies.csv",
        "agency_aliases.csv",
        "application_rows.csv",
        "number_pages.csv",
        "proactive_cells.csv",
        "report_issues.csv",
        "report_sections.csv",
        "reports.csv",
        "review_litigation_rows.csv",
      ].sort(),
    );
    const agencies = files["agencies.csv"]!;
    expect([...agencies.subarray(0, 3)]).toEqual(BOM);
    const lines = new TextDecoder("utf-8", { ignoreBOM: true }).decode(agencies.subarray(3)).trim().split("\r\n");
    expect(lines[0]).toBe("id,name,province,city,county,region_code");
    expect(lines).toHaveLength(7);
    const rows = new TextDecoder().decode(files["application_rows.csv"]!).trim().split("\r\n");
    expect(rows).toHaveLength(1 + 9 * 26);
  });

  it("gives the SQLite file as a consistent snapshot", async () => {
    const response = await call(exportApi, { file: "nianbao.db" });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 16).toString("latin1")).toBe("SQLite format 3\0");
    const copy = join(dir, "downloaded.db");
    writeFileSync(copy, bytes);
    const db = new Database(copy, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM reports").get()).toEqual({ n: 9 });
    db.close();
    expect((await call(exportApi, { file: "other.zip" })).status).toBe(404);
  });

  it("serves an original file by its sha256 under its own name, and nothing else", async () => {
    const [first] = seedTexts();
    const report = await (await call(reportApi, { file: `${ids.get(first!.name)}.json` })).json();
    const response = await call(sourceFile, { sha256: report.report.sha256 });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain('filename="000.txt"');
    expect(Buffer.from(await response.arrayBuffer()).toString("utf8")).toBe(first!.text);
    for (const sha256 of ["..%2F..%2Fetc%2Fpasswd", "../nianbao.db", report.report.sha256.toUpperCase(), "0".repeat(64), `${report.report.sha256}x`])
      expect((await call(sourceFile, { sha256 })).status).toBe(404);
  });

  it("asks for an ingest while no database exists", async () => {
    process.env.NIANBAO_DB = join(dir, "none", "missing.db");
    try {
      for (const response of [
        await call(pageApi, { file: "agencies.csv" }),
        await call(exportApi, { file: "all.zip" }),
        await call(reportApi, { file: "1.json" }),
      ]) {
        expect(response.status).toBe(503);
        expect((await response.json()).hint).toContain("npm run ingest -- data/samples");
      }
    } finally {
      process.env.NIANBAO_DB = join(dir, "nianbao.db");
    }
  });
});

/** Splits RFC 4180 text into records of fields, quotes undone. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      records.push([...record, field]);
      record = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

describe("CSV formula injection", () => {
  const PAYLOADS = ['=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "＝1+1"];

  it("prefixes a text cell that could start a formula with a quote and quotes it; numbers, negative ones too, stay numbers", () => {
    const table: CsvTable<{ text: string; count: number }> = {
      fileName: "t.csv",
      columns: [
        { header: "text", value: (r) => r.text },
        { header: "count", value: (r) => r.count },
      ],
      rows: [...PAYLOADS.map((text) => ({ text, count: -3 })), { text: "济南-历下", count: 5 }],
    };
    const text = [...csvChunks(table)].join("");
    const rows = parseCsv(text.slice(1)).slice(1);
    expect(rows.map((row) => row[0])).toEqual([...PAYLOADS.map((p) => `'${p}`), "济南-历下"]);
    expect(rows.map((row) => row[1])).toEqual([...PAYLOADS.map(() => "-3"), "5"]);
    expect(text).toContain(`\r\n"'-2+3",-3\r\n`);
  });

  it("defuses a hostile agency name, narrative, file name and flag in every CSV of all.zip and of the API", async () => {
    const hostileDir = mkdtempSync(join(tmpdir(), "nianbao-formula-"));
    try {
      const database = join(hostileDir, "nianbao.db");
      const db = openWritableDb(database);
      const parsed = parsedSeed(seedTexts()[0]!);
      const report = {
        ...parsed,
        agency: '=HYPERLINK("http://x","y")',
        sections: { overview: "+cmd|' /C calc'!A0", problems: "-2+3", other: "@SUM(A1)" },
        issues: [
          ...parsed.issues,
          {
            code: "label.variant" as const,
            severity: "warning" as const,
            message: "\t=1+1",
            where: { section: "applications" as const, row: "newReceived", column: "total" },
          },
        ],
        source: { ...parsed.source, fileName: "@SUM(A1).txt" },
      };
      db.transaction((tx) => storeReport(tx, report, "2026-01-01T00:00:00.000Z"));
      db.$client.close();
      const reading = openReadonlyDb(database);
      const files = unzipSync(new Uint8Array(await new Response(zipOfTables(new SqliteStore(reading))).arrayBuffer()));
      reading.$client.close();
      const texts = Object.entries(files).map(([name, bytes]) => [name, new TextDecoder().decode(bytes)] as const);
      const previous = process.env.NIANBAO_DB;
      process.env.NIANBAO_DB = database;
      try {
        for (const file of ["agencies.csv", "search.csv"]) {
          const query = file === "search.csv" ? "?q=cmd" : "";
          texts.push([file, await (await call(pageApi, { file }, query)).text()]);
        }
        texts.push(["report.csv", await (await call(reportApi, { file: "1.csv" }, "?table=issues")).text()]);
      } finally {
        process.env.NIANBAO_DB = previous;
      }
      const cells = texts.flatMap(([name, text]) => parseCsv(text.replace(/^\ufeff/, "")).flatMap((row) => row.map((cell) => [name, cell] as const)));
      const dangerous = cells.filter(([, cell]) => /^[=+\-@\t\r]/.test(cell));
      expect(dangerous).toEqual([]);
      const defused = new Set(cells.filter(([, cell]) => cell.startsWith("'")).map(([name]) => name));
      expect([...defused].sort()).toEqual(["agencies.csv", "report.csv", "report_issues.csv", "report_sections.csv", "reports.csv", "search.csv"]);
    } finally {
      rmSync(hostileDir, { recursive: true, force: true });
    }
  });
});
