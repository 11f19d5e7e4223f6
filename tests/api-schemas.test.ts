import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { GET as pageApi } from "../app/api/[file]/route";
import { GET as agencyApi } from "../app/api/agencies/[file]/route";
import { GET as reportApi } from "../app/api/reports/[file]/route";
import { GET as suggestApi } from "../app/api/suggest/route";
import { openWritableDb } from "../db/client";
import { writeProvenance } from "../db/crawl";
import { endpointSections, KEY_SETS, renderApiDoc, schemaFields, topLevelKeys } from "../lib/export/api-doc";
import { API_SCHEMAS, type ApiEndpoint, CitationJson } from "../lib/export/api-schemas";
import type { AgenciesModel, AgencyModel, CoverageModel, OverviewModel, SearchModel } from "../lib/export/models";
import { provenanceRow } from "../lib/pipeline/ingest";
import type { ReportModel } from "../lib/store/types";
import { buildSeedDb } from "./support/seed-db";

/**
 * Issue 16 (7): every JSON answer of the API has a zod schema (lib/export/api-schemas.ts) that the routes' answers
 * meet, and docs/api.md documents exactly the schemas' fields: its generated field lists are up to date, and the
 * hand-written key lists and examples name no field the schema lacks.
 */

let dir: string;
let ids: Map<string, number>;
const previousDb = process.env.NIANBAO_DB;
const DOC = join(import.meta.dirname, "..", "docs", "api.md");

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-api-schemas-"));
  ids = buildSeedDb(join(dir, "nianbao.db"));
  // Report 1 crawled from a 年报 column, so that the report's `origin` and the agency's `columns` are not empty.
  const db = openWritableDb(join(dir, "nianbao.db"));
  const column = "https://www.example.gov.cn/xxgk/ndbg/";
  const http = { status: 200, etag: '"abc"', lastModified: "Mon, 30 Nov 2026 08:00:00 GMT" };
  const crawled = {
    kind: "url",
    url: `${column}P1.pdf`,
    fetchedAt: new Date("2026-12-02T03:04:05Z"),
    mediaType: "application/pdf",
    columnUrl: column,
    http,
  } as const;
  writeProvenance(db, 1, provenanceRow(crawled, "2026-12-02T03:04:06Z"));
  db.$client.close();
  process.env.NIANBAO_DB = join(dir, "nianbao.db");
});
afterAll(() => {
  process.env.NIANBAO_DB = previousDb;
  rmSync(dir, { recursive: true, force: true });
});

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
const json = async <P>(handler: Handler<P>, param: P, query = ""): Promise<unknown> => {
  const response = await handler(new Request(`http://localhost/api/x${query}`), { params: Promise.resolve(param) });
  expect(response.status).toBe(200);
  return response.json();
};

/** The answer parsed by its schema; the zod issues in the failure message when it does not fit. */
function expectFits(endpoint: ApiEndpoint, answer: unknown): void {
  const result = API_SCHEMAS[endpoint].safeParse(answer);
  expect(result.success ? [] : result.error.issues.slice(0, 5)).toEqual([]);
}

const ENC = encodeURIComponent;
const PAGE_QUERIES: [ApiEndpoint, string, string[]][] = [
  ["/api/overview.json", "overview.json", ["", "?year=2023", "?year=1999"]],
  [
    "/api/agencies.json",
    "agencies.json",
    ["", `?province=${ENC("山东省")}&year=2024&sort=grantRate&dir=desc&pageSize=1`, "?issue=identity.crossYear", "?q=nobody"],
  ],
  [
    "/api/compare.json",
    "compare.json",
    ["", "?agency=1&agency=2&measure=grantRate&measure=applicationsTotal&from=2021&to=2024&sort=grantRate:2024", `?province=${ENC("山东省")}&sort=name`],
  ],
  ["/api/coverage.json", "coverage.json", ["", "?pageSize=1&page=2", "?issue=identity.crossYear"]],
  ["/api/search.json", "search.json", ["", `?q=${ENC("政采贷")}`, `?q=${ENC("公开")}&revisions=1&year=2024`]],
];

describe("the JSON answers meet their schemas", () => {
  it.each(PAGE_QUERIES)("%s", async (endpoint, file, queries) => {
    for (const query of queries) expectFits(endpoint, await json(pageApi, { file }, query));
  });

  it("meets the agency, report and type-ahead schemas", async () => {
    for (const id of new Set(ids.values())) {
      expectFits("/api/reports/<id>.json", await json(reportApi, { file: `${id}.json` }));
    }
    expect(((await json(reportApi, { file: "1.json" })) as { origin: unknown }).origin).not.toBeNull();
    for (const id of [1, 2, 3]) expectFits("/api/agencies/<id>.json", await json(agencyApi, { file: `${id}.json` }));
    for (const q of ["", "济南", "nobody"]) {
      const response = await suggestApi(new Request(`http://localhost/api/suggest?q=${ENC(q)}`));
      expectFits("/api/suggest", await response.json());
    }
  });

  it("refuses an answer with a field the schema does not name, or without one it requires", async () => {
    const answer = (await json(pageApi, { file: "agencies.json" })) as { rows: Record<string, unknown>[] };
    const extra = { ...answer, rows: answer.rows.map((row) => ({ ...row, undocumented: 1 })) };
    expect(API_SCHEMAS["/api/agencies.json"].safeParse(extra).success).toBe(false);
    const { pageCount: _, ...missing } = answer as Record<string, unknown>;
    expect(API_SCHEMAS["/api/agencies.json"].safeParse(missing).success).toBe(false);
  });

  it("describes the view models the pages render (a type check: tsc fails when they part)", () => {
    type Json<E extends ApiEndpoint> = Omit<z.input<(typeof API_SCHEMAS)[E]>, "citation">;
    expectTypeOf<OverviewModel>().toExtend<Json<"/api/overview.json">>();
    expectTypeOf<AgenciesModel>().toExtend<Json<"/api/agencies.json">>();
    expectTypeOf<AgencyModel>().toExtend<Json<"/api/agencies/<id>.json">>();
    expectTypeOf<CoverageModel>().toExtend<Json<"/api/coverage.json">>();
    expectTypeOf<SearchModel>().toExtend<Json<"/api/search.json">>();
    expectTypeOf<ReportModel>().toExtend<Json<"/api/reports/<id>.json">>();
  });
});

describe("docs/api.md against the schemas", () => {
  const doc = readFileSync(DOC, "utf8");
  const sections = endpointSections(doc);

  it("has every endpoint's field list as the schemas generate it (npx tsx scripts/api-doc.ts)", () => {
    expect(sections.map((s) => s.endpoint).sort()).toEqual(Object.keys(API_SCHEMAS).sort());
    expect(renderApiDoc(doc) === doc, "docs/api.md is out of date: run npx tsx scripts/api-doc.ts").toBe(true);
  });

  it("lists in its prose `{ a, b, … }` exactly the top-level keys of the answer", () => {
    let checked = 0;
    for (const { endpoint, lines } of sections) {
      const listed = /^`\{ ([A-Za-z, ]+) \}`/m.exec(lines.join("\n"))?.[1];
      if (!listed) continue;
      checked++;
      expect(listed.split(", ").sort(), endpoint).toEqual(topLevelKeys(endpoint).sort());
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("names in its examples only fields of the schema", () => {
    for (const { endpoint, lines } of sections) {
      const paths = schemaFields(API_SCHEMAS[endpoint]).map((row) => row.path);
      // A key of a set a path names by its placeholder (`measures.<listMeasure>`) is a field too.
      const setKeys = KEY_SETS.filter((set) => paths.some((path) => path.includes(`<${set.name}>`))).flatMap((set) => set.keys);
      const names = new Set([...paths.flatMap((path) => path.split(/[.[\]]+/)), ...setKeys]);
      const examples = lines.join("\n").match(/```[\s\S]*?```/g) ?? [];
      const keys = examples.flatMap((block) => [...block.matchAll(/"([A-Za-z][A-Za-z0-9]*)":/g)].map((m) => m[1]!));
      expect(
        keys.filter((key) => !names.has(key) && key !== "citation"),
        endpoint,
      ).toEqual([]);
    }
  });

  it("describes the citation every page's answer carries with the schema's keys", () => {
    const listed = /`citation`: `\{ ([a-z, ]+) \}`/.exec(doc)?.[1];
    expect(listed?.split(", ").sort()).toEqual(Object.keys(CitationJson.shape).sort());
  });
});
