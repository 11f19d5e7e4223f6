import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyDatabase } from "../db/copy";
import { buildApp, startServer } from "./support/browser-app";
import { envRestorer } from "./support/env";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";
import { buildSeedDb } from "./support/seed-db";

/**
 * Issue 20: the dashboard served from PostgreSQL. The seed database is copied into PostgreSQL by db:copy and served by
 * two `next start` processes with DATABASE_URL (a shared deployment: any of them answers), beside one on the SQLite
 * file; every page's JSON and CSV twin, the report and agency twins, the kept sources and the downloads answer the
 * same from each.
 */

const PATHS = [
  "/api/overview.json",
  "/api/overview.json?year=2023",
  "/api/agencies.json",
  "/api/agencies.json?sort=grantRate&dir=desc&pageSize=3&page=2",
  "/api/agencies.json?province=%E5%B1%B1%E4%B8%9C%E7%9C%81&year=2024",
  "/api/agencies.csv?sort=region",
  "/api/compare.json?measure=grantRate",
  "/api/compare.csv?measure=applicationsTotal",
  "/api/coverage.json",
  "/api/search.json?q=%E5%85%AC%E5%BC%80",
  "/api/reports/1.json",
  "/api/reports/1.csv",
  "/api/reports/3.json",
  "/api/agencies/1.json",
];

/** A twin as served, without what differs between two servers by design: the address and time in its citation. */
const withoutCitation = (body: string) =>
  body.replace(/http:\/\/(localhost|127\.0\.0\.1):\d+/g, "ORIGIN").replace(/"retrieved":"[^"]*"/g, '"retrieved":"TIME"');

describe.skipIf(!POSTGRES)(`the dashboard on PostgreSQL${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  const servers: ChildProcess[] = [];
  let dir = "";
  let sqliteBase = "";
  let pgBases: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-web-"));
    const file = join(dir, "nianbao.db");
    buildSeedDb(file);
    await copyDatabase(file, postgres.url());
    buildApp();
    const restoreEnv = envRestorer("DATABASE_URL", "NIANBAO_SOURCES");
    try {
      delete process.env.DATABASE_URL;
      sqliteBase = await startServer(file, servers);
      // The PostgreSQL servers read no file: NIANBAO_DB names none, the kept sources are in NIANBAO_SOURCES.
      process.env.DATABASE_URL = postgres.url();
      process.env.NIANBAO_SOURCES = join(dir, "sources");
      pgBases = [await startServer(join(dir, "none.db"), servers), await startServer(join(dir, "none.db"), servers)];
    } finally {
      restoreEnv();
    }
  }, 1_200_000);
  afterAll(() => {
    for (const server of servers) server.kill("SIGTERM");
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("answers every JSON and CSV twin as the server on the SQLite file does, from either process", async () => {
    for (const path of PATHS) {
      const expected = await fetch(`${sqliteBase}${path}`);
      const body = withoutCitation(await expected.text());
      expect(expected.status, path).toBe(200);
      for (const base of pgBases) {
        const found = await fetch(`${base}${path}`);
        expect(found.status, `${base}${path}`).toBe(200);
        expect(found.headers.get("content-type"), path).toBe(expected.headers.get("content-type"));
        expect(withoutCitation(await found.text()), `${base}${path}`).toBe(body);
      }
    }
  });

  it("serves the pages, the kept sources and the downloads", async () => {
    const [base] = pgBases;
    for (const path of ["/", "/agencies", "/agencies/1", "/reports/1", "/compare?measure=grantRate", "/coverage", "/search?q=%E5%85%AC%E5%BC%80"]) {
      const page = await fetch(`${base}${path}`);
      expect(page.status, path).toBe(200);
      expect(await page.text(), path).toContain("济南公共资源交易中心");
    }
    const report = (await (await fetch(`${base}/api/reports/1.json`)).json()) as { report: { sha256: string } };
    const source = await fetch(`${base}/sources/${report.report.sha256}`);
    expect(source.status).toBe(200);
    expect(Buffer.from(await source.arrayBuffer())).toEqual(readFileSync(join(dir, "sources", report.report.sha256)));

    const zipOf = async (from: string) => unzipSync(new Uint8Array(await (await fetch(`${from}/api/export/all.zip`)).arrayBuffer()));
    const lines = (bytes: Uint8Array) => new TextDecoder().decode(bytes).split("\n").sort();
    const [fromSqlite, fromPg] = [await zipOf(sqliteBase), await zipOf(base!)];
    expect(Object.keys(fromPg).sort()).toEqual(Object.keys(fromSqlite).sort());
    for (const name of Object.keys(fromSqlite)) expect(lines(fromPg[name]!), name).toEqual(lines(fromSqlite[name]!));

    const snapshot = await fetch(`${base}/api/export/nianbao.db`);
    expect(snapshot.status).toBe(200);
    expect(
      Buffer.from(await snapshot.arrayBuffer())
        .subarray(0, 15)
        .toString(),
    ).toBe("SQLite format 3");
  });
});
