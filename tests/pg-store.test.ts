import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, openReadonlyDb } from "../db/client";
import { copiedTables, copyDatabase } from "../db/copy";
import { closePg, openPg, type PgDb } from "../db/pg/client";
import { PgStore } from "../db/pg/store";
import { SqliteStore } from "../db/sqlite-store";
import type { Store } from "../lib/store/store";
import {
  type AgencyListQuery,
  type AgencySort,
  type CompareQuery,
  EXPORT_TABLE_NAMES,
  LIST_MEASURES,
  type ReportFilter,
  type SearchQuery,
} from "../lib/store/types";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";
import { buildSeedDb } from "./support/seed-db";

/**
 * Issue 20: the PostgreSQL Store answers every read as the SQLite Store does on the same data. The seed database
 * (tests/support/seed-db.ts: several years, a revision, flags, two agencies of a city) is copied into PostgreSQL by
 * db:copy, then each method is asked the same questions on both stores.
 */

async function all<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const found: T[] = [];
  for await (const row of rows) found.push(row);
  return found;
}

/** The seeds are text files, printed on no page: the first report gets the pages a PDF would have given. */
function addNumberPages(file: string): void {
  const db = new Database(file);
  try {
    const insert = db.prepare("INSERT INTO number_pages (report_id, section, key, page) VALUES (1, ?, ?, ?)");
    insert.run("applications", "newReceived.total", 3);
    insert.run("applications", "granted.naturalPerson", 3);
    insert.run("proactive", "regulations.issued", 2);
    insert.run("reviewLitigation", "reconsideration.total", 4);
  } finally {
    db.close();
  }
}

/** Rows in one order whatever order a store read them in. */
const sorted = (rows: unknown[]) => rows.map((row) => JSON.stringify(row)).sort();

describe.skipIf(!POSTGRES)(`the PostgreSQL Store answers as the SQLite Store${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  let file = "";
  let sqliteDb: Db;
  let pgDb: PgDb;
  let sqlite: SqliteStore;
  let pg: PgStore;
  let agencyIds: number[] = [];
  let reportIds: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-store-"));
    file = join(dir, "nianbao.db");
    buildSeedDb(file);
    addNumberPages(file);
    await copyDatabase(file, postgres.url());
    sqliteDb = openReadonlyDb(file);
    pgDb = openPg(postgres.url());
    sqlite = new SqliteStore(sqliteDb);
    pg = new PgStore(pgDb);
    agencyIds = sqliteDb.$client.prepare("SELECT id FROM agencies ORDER BY id").pluck().all() as number[];
    reportIds = sqliteDb.$client.prepare("SELECT id FROM reports ORDER BY id").pluck().all() as number[];
  }, 120_000);
  afterAll(async () => {
    sqliteDb?.$client.close();
    if (pgDb) await closePg(pgDb);
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same question to both stores, the same answer expected. */
  async function same<T>(what: string, ask: (store: Store) => Promise<T>): Promise<T> {
    const expected = await ask(sqlite);
    expect(await ask(pg), what).toEqual(expected);
    return expected;
  }

  const filters = (): ReportFilter[] => [
    {},
    { years: [2024] },
    { years: [2023, 2024] },
    { province: "山东省" },
    { province: "山东省", city: "济南市" },
    { province: "-" },
    { q: "财政" },
    { q: "济南" },
    { revisions: true },
    { issue: "identity.balance" },
    { agencyIds: agencyIds.slice(0, 2) },
    { years: [2024], province: "山东省" },
  ];

  it("has data to compare: agencies, several years, a revision and flags", async () => {
    expect(agencyIds.length).toBeGreaterThanOrEqual(5);
    expect(reportIds.length).toBeGreaterThan(agencyIds.length);
    const overview = await same("overview", (store) => store.overview());
    expect(overview.reportsByYear.length).toBeGreaterThan(1);
    expect(overview.issues.length).toBeGreaterThan(0);
    expect(await pg.state()).toBe("ready");
  });

  it("gives the same overview, years and facets under every filter", async () => {
    for (const year of [2021, 2023, 2024]) await same(`overview ${year}`, (store) => store.overview({ year, top: 3 }));
    for (const filter of filters()) {
      const what = JSON.stringify(filter);
      await same(`agencyFacets ${what}`, (store) => store.agencyFacets(filter));
      await same(`issueFacet ${what}`, (store) => store.issueFacet(filter));
      await same(`availableYears ${what}`, (store) => store.availableYears(filter));
    }
  });

  it("gives the same agencies list pages, sorts and filters, and the same CSV rows", async () => {
    const sorts: AgencySort[] = ["name", "region", "reports", "flags", ...LIST_MEASURES];
    for (const sort of sorts)
      for (const dir of ["asc", "desc"] as const) {
        for (const page of [1, 2]) {
          const query: AgencyListQuery = { sort, dir, page, pageSize: 3 };
          await same(`listAgencies ${sort} ${dir} ${page}`, (store) => store.listAgencies(query));
        }
        await same(`allAgencies ${sort} ${dir}`, (store) => store.allAgencies({}, sort, dir));
      }
    for (const filter of filters()) {
      const query: AgencyListQuery = { ...filter, sort: "grantRate", dir: "desc", page: 1, pageSize: 4 };
      await same(`agenciesPage ${JSON.stringify(filter)}`, (store) => store.agenciesPage(query));
      await same(`agenciesPage by name ${JSON.stringify(filter)}`, (store) => store.agenciesPage({ ...query, sort: "name" }));
      await same(`allAgencies ${JSON.stringify(filter)}`, (store) => store.allAgencies(filter, "applicationsTotal", "desc"));
    }
    await same("agenciesByIds", (store) => store.agenciesByIds(agencyIds));
  });

  it("gives the same agency, report and number pages", async () => {
    for (const id of [...agencyIds, 10 ** 6]) await same(`agencyDetail ${id}`, (store) => store.agencyDetail(id));
    expect(await pg.numberPages(1)).toMatchObject({ applications: { "newReceived.total": 3 }, proactive: { "regulations.issued": 2 } });
    for (const id of [...reportIds, 10 ** 6]) {
      await same(`reportDetail ${id}`, (store) => store.reportDetail(id));
      await same(`numberPages ${id}`, (store) => store.numberPages(id));
      await same(`reportModel ${id}`, (store) => store.reportModel(id));
    }
  });

  it("gives the same comparisons and comparison rows", async () => {
    const measures = [
      "grantRate",
      "applicationsTotal",
      "applications.newReceived.business",
      "reviewLitigation.litigationDirect.corrected",
      "litigationCorrectionRate",
    ];
    const queries: CompareQuery[] = measures.flatMap((measure) => [
      { agencyIds: [], region: {}, years: [], measure },
      { agencyIds: [], region: { province: "山东省" }, years: [2023, 2024], measure },
      { agencyIds: agencyIds.slice(0, 3), region: {}, years: [], measure },
      { agencyIds: [], region: {}, years: [], from: 2022, to: 2024, measure },
    ]);
    for (const query of queries) {
      const what = JSON.stringify(query);
      await same(`compare ${what}`, (store) => store.compare(query));
      await same(`compareValueRows ${what}`, (store) => all(store.compareValueRows(query)));
    }
  });

  it("gives the same coverage pages", async () => {
    for (const filter of [{}, { province: "山东省" }, { issue: "identity.balance" }, { province: "-" }])
      for (const page of [1, 2]) await same(`coveragePage ${JSON.stringify(filter)} ${page}`, (store) => store.coveragePage({ ...filter, page, pageSize: 3 }));
    await same("coverage", (store) => store.coverage({ page: 1, pageSize: 50 }));
  });

  it("finds the same sections, in the same order, with the same facets and the same snippets", async () => {
    const texts = [
      "公开",
      "政府信息",
      "信息 公开",
      "申请",
      "年度报告",
      "不存在的词语",
      "  ",
      "GOV",
      "政府信息 公开工作",
      "gov 政府信息",
      "主动公开 年度报告 信息公开",
    ];
    let cut = 0;
    let hits = 0;
    for (const text of texts)
      for (const filter of [{}, { years: [2024] }, { province: "山东省" }, { revisions: true }])
        for (const page of [1, 2]) {
          const query: SearchQuery = { ...filter, text, page, pageSize: 4 };
          const what = `${JSON.stringify(query)}`;
          const expected = await sqlite.searchPage(query);
          const found = await pg.searchPage(query);
          expect(found.facets, what).toEqual(expected.facets);
          expect(found.result, what).toEqual(expected.result);
          expect(await pg.searchSections(query), what).toEqual(await sqlite.searchSections(query));
          for (const hit of found.result.rows) expect(hit.snippet, what).toMatch(/\u0002.+\u0003/);
          hits += found.result.rows.length;
          cut += found.result.rows.filter((hit) => hit.snippet.startsWith("…")).length;
        }
    expect(hits).toBeGreaterThan(20);
    expect(cut).toBeGreaterThan(0);
  });

  it("says where a kept source is: in NIANBAO_SOURCES", async () => {
    const sha = sqliteDb.$client.prepare("SELECT sha256 FROM reports ORDER BY id LIMIT 1").pluck().get() as string;
    const before = process.env.NIANBAO_SOURCES;
    try {
      delete process.env.NIANBAO_SOURCES;
      expect(await pg.sourceFile(sha)).toBeNull();
      process.env.NIANBAO_SOURCES = join(dir, "sources");
      const expected = await sqlite.sourceFile(sha);
      expect(expected).not.toBeNull();
      expect(await pg.sourceFile(sha)).toEqual(expected);
      expect(await pg.sourceFile("0".repeat(64))).toBeNull();
    } finally {
      if (before === undefined) delete process.env.NIANBAO_SOURCES;
      else process.env.NIANBAO_SOURCES = before;
    }
  });

  it("reads every table of all.zip with the same columns and rows", async () => {
    const fromSqlite = await sqlite.openTableReader();
    const fromPg = await pg.openTableReader();
    try {
      for (const name of EXPORT_TABLE_NAMES) {
        const expected = await fromSqlite.tableRows(name);
        const found = await fromPg.tableRows(name);
        expect(found.columns, name).toEqual(expected.columns);
        const rows = await all(expected.rows);
        expect(rows.length, name).toBeGreaterThan(0);
        expect(sorted(await all(found.rows)), name).toEqual(sorted(rows));
      }
    } finally {
      fromSqlite.close();
      fromPg.close();
    }
  });

  it("writes a SQLite snapshot holding every table's rows", async () => {
    const snapshot = join(dir, "snapshot.db");
    await pg.writeSqliteSnapshot(snapshot);
    await expect(pg.writeSqliteSnapshot(snapshot)).rejects.toThrow(/exists/);
    const original = new Database(file, { readonly: true });
    const copy = new Database(snapshot, { readonly: true });
    try {
      expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
      for (const { name, columns } of copiedTables()) {
        const select = `SELECT ${columns.map((c) => `"${c}"`).join(", ")} FROM "${name}"`;
        expect(sorted(copy.prepare(select).all()), name).toEqual(sorted(original.prepare(select).all()));
      }
      const snapshotStore = new SqliteStore(openReadonlyDb(snapshot));
      try {
        expect(await snapshotStore.overview()).toEqual(await sqlite.overview());
      } finally {
        snapshotStore.db.$client.close();
      }
    } finally {
      original.close();
      copy.close();
    }
  });
});
