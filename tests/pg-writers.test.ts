import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestSummary } from "../lib/cli/ingest";
import { sha256 } from "../lib/ingest/hash";
import { fixtureDirs } from "./support/fixtures";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";

/**
 * Many writers on PostgreSQL (issue 20, 3): three `npm run ingest` processes store overlapping batches into one new
 * database at once: the same file in all three, two editions of one agency's year (the later marked 修订版) in two
 * different processes, a pair of consecutive years of one agency (the cross-year check) split between processes. Every
 * file is stored exactly once, no process fails a file, and the current reports (agency, year, file, reason, flags,
 * numbers) and the aggregates are those of one sequential run of all the files into SQLite.
 * Ten rounds in a row, as issue 20 asks, in every run (about 35 s); NIANBAO_PG_WRITER_ROUNDS sets another count.
 */

const ROOT = join(import.meta.dirname, "..");
const ROUNDS = Number(process.env.NIANBAO_PG_WRITER_ROUNDS ?? 10);
const seedText = (name: string) => readFileSync(join(fixtureDirs(`seed-${name}`)[0] as string, "input.txt"), "utf8");

/**
 * The files of the runs, by name: the seeds, other agencies and years made from them, one edition pair, one pair of
 * consecutive years with a carry-over that differs (the cross-year check), and one file every process reads.
 */
function fileTexts(): Record<string, string> {
  const carry = seedText("004").replace("二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0", "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2");
  const original = seedText("000");
  return {
    "jining-2020.txt": seedText("001"),
    "jining-2019.txt": seedText("001").replace(/2020/g, "2019"),
    "zibo.txt": seedText("002"),
    "weifang.txt": seedText("002").replace(/淄博/g, "潍坊"),
    "dongying.txt": seedText("002").replace(/淄博/g, "东营"),
    "jinzhai.txt": seedText("003"),
    "huoqiu.txt": seedText("003").replace(/金寨/g, "霍邱"),
    "wuzhong-2024.txt": carry,
    "wuzhong-2023.txt": seedText("004").replace(/2024/g, "2023"),
    "edition-original.txt": original,
    "edition-revised.txt": original.replace("政府信息公开工作年度报告", "政府信息公开工作年度报告（修订版）"),
    "everywhere.txt": `${original.replace(/2024/g, "2022")}\n附注：三个进程都读这份。\n`,
  };
}

/** Three overlapping batches: each file in one or two of them, everywhere.txt in all three. */
function batches(names: string[]): string[][] {
  const spread = names.filter((n) => n !== "everywhere.txt");
  const pick = (p: number) => spread.filter((_, i) => i % 3 === p || i % 3 === (p + 1) % 3);
  // The two editions and the two years in different processes.
  return [0, 1, 2].map((p) => ["everywhere.txt", ...pick(p)]);
}

type Run = { code: number | null; summary: IngestSummary | null; stderr: string };

function ingest(database: string, files: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--json", "--jobs", "1", "--db", database, ...files], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, summary: JSON.parse(stdout || "null"), stderr }));
  });
}

/**
 * What must not depend on the order of the writers, read with the same SQL from both databases: the current report of
 * every agency and year (with its flags and its 表三/表四 totals), every file's agency and year, and the aggregates.
 */
const OUTCOME_QUERIES = {
  current: `SELECT a.name, r.year, r.sha256, r.current_reason, r.error_count, r.warning_count, r.info_count
              FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.is_current ORDER BY a.name, r.year`,
  files: `SELECT r.sha256, a.name, r.year, r.file_name FROM reports r JOIN agencies a ON a.id = r.agency_id ORDER BY r.sha256`,
  flags: `SELECT r.sha256, i.code, i.row, i.column FROM report_issues i JOIN reports r ON r.id = i.report_id
            ORDER BY r.sha256, i.code, i.row NULLS FIRST, i.column NULLS FIRST, i.message`,
  totals: `SELECT r.sha256, t.* FROM report_totals t JOIN reports r ON r.id = t.report_id WHERE r.is_current ORDER BY r.sha256`,
  agencyTotals: `SELECT a.name, t.* FROM agency_totals t JOIN agencies a ON a.id = t.agency_id ORDER BY a.name`,
  regions: `SELECT * FROM region_year_agencies ORDER BY year, province NULLS FIRST, city NULLS FIRST, county NULLS FIRST`,
  issueCodes: `SELECT a.name, c.year, c.code FROM current_issue_codes c JOIN agencies a ON a.id = c.agency_id ORDER BY a.name, c.year, c.code`,
  agencies: `SELECT name, region_code, CAST((SELECT count(*) FROM agency_aliases l WHERE l.agency_id = agencies.id) AS integer) AS aliases FROM agencies ORDER BY name, region_code`,
};

/** Ids differ between the runs (they follow the order of the commits): left out, booleans as 0/1. */
const comparable = (rows: Record<string, unknown>[]) =>
  rows.map((row) =>
    Object.fromEntries(
      Object.entries(row)
        .filter(([key]) => key !== "report_id" && key !== "agency_id")
        .map(([key, value]) => [key, typeof value === "boolean" ? Number(value) : value]),
    ),
  );

function sqliteOutcome(path: string): Record<string, unknown[]> {
  const db = new Database(path, { readonly: true });
  try {
    return Object.fromEntries(Object.entries(OUTCOME_QUERIES).map(([name, query]) => [name, comparable(db.prepare(query).all() as Record<string, unknown>[])]));
  } finally {
    db.close();
  }
}

async function pgOutcome(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const outcome: Record<string, unknown[]> = {};
    for (const [name, query] of Object.entries(OUTCOME_QUERIES)) outcome[name] = comparable((await client.query(query)).rows);
    return outcome;
  } finally {
    await client.end();
  }
}

describe.skipIf(!POSTGRES)(`three ingest processes writing one PostgreSQL database at once${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  let folder = "";
  let sequential: Record<string, unknown[]> = {};
  let names: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-writers-"));
    folder = join(dir, "files");
    mkdirSync(folder);
    const texts = fileTexts();
    names = Object.keys(texts).sort();
    for (const name of names) writeFileSync(join(folder, name), texts[name]!);
    const database = join(dir, "sequential", "nianbao.db");
    const run = await ingest(
      database,
      names.map((n) => join(folder, n)),
      { NIANBAO_SOURCES: "" },
    );
    expect(run.summary?.failed, run.stderr).toEqual([]);
    sequential = sqliteOutcome(database);
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`store every file exactly once, with the current reports of one sequential run, ${ROUNDS} rounds`, async () => {
    expect(sequential.files).toHaveLength(names.length);
    expect(sequential.agencies).toHaveLength(8);
    expect((sequential.current as { current_reason: string }[]).map((r) => r.current_reason)).toContain("revisionMark");
    expect((sequential.flags as { code: string }[]).filter((f) => f.code === "identity.crossYear").length).toBe(4);
    for (let round = 0; round < ROUNDS; round++) {
      const url = await postgres.server().createDatabase(`writers_${round}`);
      const sources = join(dir, `sources-${round}`);
      const runs = await Promise.all(
        batches(names).map((batch) =>
          ingest(
            url,
            batch.map((n) => join(folder, n)),
            { NIANBAO_SOURCES: sources },
          ),
        ),
      );
      for (const run of runs) {
        expect(run.summary?.failed, run.stderr).toEqual([]);
        expect(run.code, run.stderr).toBe(0);
      }
      const newlyStored = runs.reduce((sum, run) => sum + run.summary!.ingested + run.summary!.revised, 0);
      expect(newlyStored, `round ${round}`).toBe(names.length);
      const present = runs.reduce((sum, run) => sum + run.summary!.present, 0);
      expect(present, `round ${round}`).toBe(batches(names).flat().length - names.length);
      const expected = names.map((n) => sha256(readFileSync(join(folder, n)))).sort();
      expect(readdirSync(sources).sort(), `round ${round}: the kept originals`).toEqual(expected);
      const outcome = await pgOutcome(url);
      for (const [name, rows] of Object.entries(sequential)) expect(outcome[name], `round ${round}: ${name}`).toEqual(rows);
    }
  }, 600_000);
});
