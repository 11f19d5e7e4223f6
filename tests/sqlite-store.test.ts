import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openReadonlyDb } from "../db/client";
import { readNumberPages } from "../db/pages";
import {
  agencyDetail,
  agencyFacets,
  allAgencies,
  availableYears,
  compare,
  compareValueRows,
  coverage,
  issueFacet,
  listAgencies,
  overview,
  reportDetail,
  searchSections,
  tableRows,
} from "../db/queries";
import { SqliteStore } from "../db/sqlite-store";
import { type AgencyListQuery, type CompareQuery, type CoverageQuery, EXPORT_TABLE_NAMES } from "../lib/store/types";
import { buildSeedDb } from "./support/seed-db";

/** Issue 16 (6): the SQLite Store answers what the synchronous queries answer, on the same connection. */

let dir: string;
let db: Db;
let store: SqliteStore;
let ids: Map<string, number>;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-store-"));
  ids = buildSeedDb(join(dir, "nianbao.db"));
  db = openReadonlyDb(join(dir, "nianbao.db"));
  store = new SqliteStore(db);
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const row of rows) found.push(row);
  return found;
}

describe("the SQLite Store", () => {
  it("gives the pages what the queries give", async () => {
    const list: AgencyListQuery = { sort: "name", dir: "asc", page: 1, pageSize: 5 };
    const cover: CoverageQuery = { page: 1, pageSize: 5 };
    const comparing: CompareQuery = { agencyIds: [], region: {}, years: [], measure: "grantRate" };
    const reportId = [...ids.values()][0]!;
    const agencyId = (await store.reportDetail(reportId))!.agency.id;
    expect(await store.state()).toBe("ready");
    expect(await store.overview()).toEqual(overview(db));
    expect(await store.listAgencies(list)).toEqual(listAgencies(db, list));
    expect(await store.agenciesPage(list)).toEqual({ facets: agencyFacets(db, list), issues: issueFacet(db, list), result: listAgencies(db, list) });
    expect(await store.allAgencies({}, "grantRate", "desc")).toEqual(allAgencies(db, {}, "grantRate", "desc"));
    expect(await store.availableYears()).toEqual(availableYears(db));
    expect(await store.agencyDetail(agencyId)).toEqual(agencyDetail(db, agencyId));
    expect(await store.reportModel(reportId)).toEqual({ ...reportDetail(db, reportId), numberPages: readNumberPages(db, reportId) });
    expect(await store.reportModel(10 ** 9)).toBeNull();
    expect(await store.compare(comparing)).toEqual(compare(db, comparing));
    expect(await all(store.compareValueRows(comparing))).toEqual([...compareValueRows(db, comparing)]);
    expect(await store.coveragePage(cover)).toEqual({ facets: agencyFacets(db, cover), issues: issueFacet(db, cover), result: coverage(db, cover) });
    const search = { text: "公开", page: 1, pageSize: 5 };
    expect(await store.searchSections(search)).toEqual(searchSections(db, search));
  });

  it("reads whole tables on a connection of its own, and says where a kept source is", async () => {
    const reader = await store.openTableReader();
    try {
      for (const name of EXPORT_TABLE_NAMES) {
        const { columns, rows } = await reader.tableRows(name);
        const expected = tableRows(db, name);
        expect(columns, name).toEqual(expected.columns);
        expect(await all(rows), name).toEqual([...expected.rows]);
      }
    } finally {
      reader.close();
    }
    const { sha256 } = (await store.reportDetail([...ids.values()][0]!))!.report;
    expect(await store.sourceFile(sha256)).toMatchObject({ path: join(dir, "sources", sha256) });
    expect(await store.sourceFile("0".repeat(64))).toBeNull();
  });
});
