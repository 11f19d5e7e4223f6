import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IngestIo } from "../lib/cli/ingest";
import { main as agencies } from "../scripts/agencies";
import { main as ingest } from "../scripts/ingest";
import { main as reparse } from "../scripts/reparse";
import { main as revisions } from "../scripts/revisions";
import { envRestorer } from "./support/env";
import { fixtureDirs } from "./support/fixtures";
import { captureIo } from "./support/hardening";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";

/**
 * Issue 20 (1): the command-line programs on a `--db postgres://…` do what they do on a SQLite file. One session of
 * ingest, revisions (list, choose), agencies (list, merge, split) and reparse (after a stored number and the parser
 * version are altered by hand, then again) runs against each, and the two transcripts (exit codes and what each
 * program printed, the database's name and the timings aside) must be the same.
 */

const seedText = (name: string) => readFileSync(join(fixtureDirs(`seed-${name}`)[0] as string, "input.txt"), "utf8");
const JINAN = "济南公共资源交易中心";
const JINAN_OTHER = "济南市公共资源交易服务中心";

function reportFiles(folder: string): string {
  const jinan = seedText("000");
  const files: Record<string, string> = {
    "a-jinan-2024.txt": jinan,
    "b-jinan-2024-revised.txt": jinan.replace("政府信息公开工作年度报告", "政府信息公开工作年度报告（修订版）"),
    "c-jinan-other-2023.txt": jinan.replaceAll(JINAN, JINAN_OTHER).replaceAll("2024", "2023"),
    "d-jining.txt": seedText("001"),
    "e-zibo.txt": seedText("002"),
    "f-jinzhai.txt": seedText("003"),
    "g-wuzhong.txt": seedText("004"),
  };
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** The same change made by hand in either database: an older parser's version and a wrong stored number. */
const ALTER = [
  "UPDATE reports SET parser_version = '1-old'",
  `UPDATE application_rows SET "naturalPerson" = 999 WHERE row = 'newReceived' AND report_id = (SELECT min(id) FROM reports)`,
];

/** Each program takes the ingest CLI's io, which has all the others need. */
type Program = (argv: string[], io: IngestIo) => Promise<number>;
type Step = { step: string; code: number; stdout: string; stderr: string };

/** What a program printed, less what differs by database and by run: its name, the seconds taken. */
function comparable(text: string, database: string): string {
  return text
    .replaceAll(database, "DB")
    .replace(/"seconds": ?[\d.]+/g, '"seconds": 0')
    .replace(/ in [\d.]+ s/g, " in T s");
}

async function session(database: string, alter: (statements: string[]) => Promise<void>, folder: string): Promise<Step[]> {
  const steps: Step[] = [];
  const run = async (step: string, program: Program, args: string[]) => {
    const { io, out } = captureIo();
    const code = await program(["--db", database, ...args], io);
    steps.push({ step, code, stdout: comparable(out.stdout, database), stderr: comparable(out.stderr, database) });
    return out.stdout;
  };
  await run("ingest", ingest, ["--json", "--jobs", "1", folder]);
  const listed = await run("revisions list", revisions, ["list", JINAN, "2024"]);
  const original = /#(\d+) a-jinan-2024\.txt/.exec(listed)?.[1] ?? "none";
  await run("revisions choose", revisions, ["choose", original]);
  await run("revisions list again", revisions, ["list", JINAN, "2024"]);
  const found = await run("agencies list", agencies, ["list", "公共资源交易"]);
  const idOf = (name: string) => new RegExp(`#(\\d+) ${name} `).exec(found)?.[1] ?? "none";
  await run("agencies merge", agencies, ["merge", idOf(JINAN), idOf(JINAN_OTHER)]);
  await run("agencies list merged", agencies, ["list", "公共资源交易"]);
  await run("agencies split", agencies, ["split", idOf(JINAN), JINAN_OTHER]);
  await run("agencies list split", agencies, ["list", "公共资源交易"]);
  await alter(ALTER);
  await run("reparse", reparse, ["--jobs", "1"]);
  await run("reparse again", reparse, ["--jobs", "1"]);
  return steps;
}

describe.skipIf(!POSTGRES)(`the command-line programs on PostgreSQL as on SQLite${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-cli-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("ingest, revisions, agencies and reparse print the same on both, and each did its work", async () => {
    const folder = reportFiles(join(dir, "reports"));
    const sqlitePath = join(dir, "nianbao.db");
    const onSqlite = await session(
      sqlitePath,
      async (statements) => {
        const db = new Database(sqlitePath);
        try {
          for (const statement of statements) db.exec(statement);
        } finally {
          db.close();
        }
      },
      folder,
    );
    // A PostgreSQL store keeps the originals in the folder NIANBAO_SOURCES names (README, "A shared deployment").
    const restoreEnv = envRestorer("NIANBAO_SOURCES");
    process.env.NIANBAO_SOURCES = join(dir, "sources");
    const onPostgres = await session(
      postgres.url(),
      async (statements) => {
        const client = new pg.Client({ connectionString: postgres.url() });
        await client.connect();
        try {
          for (const statement of statements) await client.query(statement);
        } finally {
          await client.end();
        }
      },
      folder,
    ).finally(restoreEnv);

    // The SQLite session did what each step is for: otherwise equal transcripts would prove little.
    const step = (name: string) => onSqlite.find((s) => s.step === name)!;
    expect(onSqlite.map((s) => [s.step, s.code])).toEqual(onSqlite.map((s) => [s.step, 0]));
    expect(JSON.parse(step("ingest").stdout)).toMatchObject({ files: 7, ingested: 6, revised: 1, failed: [] });
    expect(step("revisions list").stdout).toMatch(/b-jinan-2024-revised\.txt .*CURRENT/);
    expect(step("revisions list again").stdout).toMatch(/a-jinan-2024\.txt .*CURRENT/);
    expect(step("agencies merge").stdout).toMatch(/merged agency #\d+ into #\d+: 1 report moved/);
    expect(step("agencies list merged").stdout).not.toContain(`${JINAN_OTHER} (`);
    expect(step("agencies list split").stdout).toContain(`${JINAN_OTHER} (`);
    expect(step("reparse").stdout).toMatch(/applications\.newReceived\.naturalPerson: 999 → \d+\n/);
    expect(step("reparse again").stdout).toContain("nothing changed");

    expect(onPostgres).toEqual(onSqlite);
  }, 240_000);
});
