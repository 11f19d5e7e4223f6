import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { getTableColumns, getTableName, is } from "drizzle-orm";
import { PgTable } from "drizzle-orm/pg-core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openStore } from "../db/open-store";
import * as pgSchema from "../db/pg/schema";
import { sha256 } from "../lib/ingest/hash";
import { parseReport } from "../lib/report/parse";
import type { Report, Source } from "../lib/report/schema";
import type { WriteStore } from "../lib/store/write-store";
import { fixtureDirs } from "./support/fixtures";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";

/**
 * The store's core cases through the WriteStore, run on a SQLite file and on a PostgreSQL database (issue 20): new
 * files, a file stored again, a revision decided by its mark in either order, two agencies of one name in two regions,
 * the cross-year flags, a new reading (reparse), a user's choice, a merge and a split of agencies, the crawler's state.
 * Each case's outcomes are checked, and after it every table of both databases holds the same rows, ids included.
 */

const seedText = (name: string) => readFileSync(join(fixtureDirs(`seed-${name}`)[0] as string, "input.txt"), "utf8");

function parsed(text: string, fileName = "report.txt"): Report & { source: Source } {
  const source: Source = { fileName, sha256: sha256(Buffer.from(text)), mediaType: "text/plain", pages: null };
  const outcome = parseReport(text, { source });
  if (!outcome.ok) throw new Error(outcome.reason);
  return { ...outcome.report, source };
}

const AT = "2026-12-03T00:00:00.000Z";
const file = (path: string) => ({ kind: "file" as const, path, readAt: AT });

/** Every table of the schema (named by db/pg/schema.ts, the same in both), its rows in one order, booleans as 0/1. */
const TABLES = (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));

function dumpQuery(table: PgTable): string {
  const columns = Object.values(getTableColumns(table)).map((column) => `"${column.name}"`);
  return `SELECT ${columns.join(", ")} FROM "${getTableName(table)}" ORDER BY ${columns.map((c) => `${c} NULLS FIRST`).join(", ")}`;
}

const zeroOne = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === "boolean" ? Number(v) : v]));

type Dump = Record<string, Record<string, unknown>[]>;

function dumpSqlite(path: string): Dump {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(TABLES.map((table) => [getTableName(table), (db.prepare(dumpQuery(table)).all() as Record<string, unknown>[]).map(zeroOne)]));
  } finally {
    db.close();
  }
}

async function dumpPg(url: string): Promise<Dump> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const dump: Dump = {};
    for (const table of TABLES) dump[getTableName(table)] = (await client.query(dumpQuery(table))).rows.map(zeroOne);
    return dump;
  } finally {
    await client.end();
  }
}

/** The cases, run in one order on one store; what each returned, for the comparison. */
async function scenario(store: WriteStore): Promise<unknown[]> {
  const seen: unknown[] = [];
  const keep = <T>(value: T): T => {
    seen.push(value);
    return value;
  };
  const original = seedText("000");
  const revision = original.replace("政府信息公开工作年度报告", "政府信息公开工作年度报告（修订版）");
  // A revision stored before its original: the marked one stays current.
  expect(keep(await store.storeReport(parsed(revision, "v2.txt"), AT, file("/in/v2.txt"))).status).toBe("ingested");
  expect(keep(await store.storeReport(parsed(original, "v1.txt"), AT, file("/in/v1.txt"))).status).toBe("revised");
  expect(keep(await store.storeReport(parsed(original, "again.txt"), AT)).status).toBe("present");
  for (const seed of ["001", "002", "003"])
    expect(keep(await store.storeReport(parsed(seedText(seed), `${seed}.txt`), AT, file(`/in/${seed}`))).status).toBe("ingested");
  // Two agencies of one name in two regions.
  const beijing = original.replace(/^[\s\S]*?年度报告/, "北京市朝阳区财政局2024年政府信息公开工作年度报告");
  keep(await store.storeReport(parsed(beijing), AT));
  keep(await store.storeReport(parsed(beijing.replace("北京市朝阳区", "长春市朝阳区")), AT));
  // The cross-year check between 2023 and 2024 of one agency.
  const carry = seedText("004").replace("二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2");
  keep(await store.storeReport(parsed(carry, "2024.txt"), AT));
  keep(await store.storeReport(parsed(seedText("004").replace(/2024/g, "2023"), "2023.txt"), AT));
  const files = keep(await store.reportFiles());
  expect(files.length).toBe(9);
  // A new reading: the same reading (unchanged), then one that reads other numbers (changed).
  const first = files.find((f) => f.fileName === "001.txt")!;
  expect(keep(await store.replaceReading(first.id, parsed(seedText("001"), "001.txt"))).kind).toBe("unchanged");
  const reread = { ...parsed(seedText("002"), "001.txt"), source: parsed(seedText("001"), "001.txt").source };
  expect(keep(await store.replaceReading(first.id, reread)).kind).toBe("changed");
  // A user's choice of the unmarked original, then handed back.
  const v1 = files.find((f) => f.fileName === "v1.txt")!;
  const year = keep(await store.setChoice(v1.id, AT))!;
  expect((await store.yearVersions(year.agencyId, year.year)).find((v) => v.isCurrent)?.id).toBe(v1.id);
  keep(await store.setChoice(v1.id, null));
  keep(await store.yearVersions(year.agencyId, year.year));
  // Agencies: found, merged, split back.
  const chaoyang = keep(await store.findAgencies("朝阳区"));
  expect(chaoyang).toHaveLength(2);
  keep(await store.mergeAgencies(chaoyang[0]!.id, chaoyang[1]!.id));
  keep(await store.aliasesOf(chaoyang[0]!.id));
  keep(await store.splitAgency(chaoyang[0]!.id, (await store.aliasesOf(chaoyang[0]!.id))[0]!));
  keep(await store.agencyById(chaoyang[0]!.id));
  // The crawler's state.
  await store.saveCrawlPage({ url: "https://a.example/list", kind: "list", state: "pending" });
  await store.saveCrawlPage({ url: "https://a.example/list", kind: "list", state: "done", httpStatus: 200, etag: '"x"' });
  keep(await store.crawlPage("https://a.example/list"));
  keep(await store.crawlPage("https://a.example/never"));
  const link = (toUrl: string) => ({ toUrl, kind: "entry" as const, title: null });
  await store.replaceLinks("https://a.example/list", [link("https://a.example/1"), link("https://a.example/2"), link("https://a.example/1")]);
  await store.replaceLinks("https://a.example/list", [link("https://a.example/2"), link("https://a.example/3")]);
  keep(await store.linksFrom("https://a.example/list"));
  const url = { kind: "url" as const, url: "https://a.example/r.pdf", readAt: AT };
  expect(keep(await store.adoptUrlProvenance(v1.id, url))).toBe(true);
  expect(keep(await store.adoptUrlProvenance(v1.id, { ...url, url: "https://b.example/r.pdf" }))).toBe(false);
  return seen;
}

describe.skipIf(!POSTGRES)(`the WriteStore's cases on SQLite and on PostgreSQL${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-write-"));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("gives the same outcomes and leaves the same rows in every table on both", async () => {
    vi.stubEnv("NIANBAO_SOURCES", "");
    const sqlitePath = join(dir, "nianbao.db");
    const sqliteStore = await openStore({ kind: "sqlite", path: sqlitePath });
    const onSqlite = await scenario(sqliteStore).finally(() => sqliteStore.close());
    vi.stubEnv("NIANBAO_SOURCES", join(dir, "sources"));
    const pgStore = await openStore({ kind: "postgres", url: postgres.url() });
    expect(pgStore.sourcesDir).toBe(join(dir, "sources"));
    const onPg = await scenario(pgStore).finally(() => pgStore.close());
    expect(onPg).toEqual(onSqlite);
    const [sqliteRows, pgRows] = [dumpSqlite(sqlitePath), await dumpPg(postgres.url())];
    expect(sqliteRows.reports!.length).toBe(9);
    expect(sqliteRows.report_issues!.filter((i) => i.code === "identity.crossYear")).toHaveLength(4);
    expect(sqliteRows.agency_totals!.length).toBeGreaterThan(0);
    for (const table of Object.keys(sqliteRows)) expect(pgRows[table], table).toEqual(sqliteRows[table]);
  }, 120_000);
});
