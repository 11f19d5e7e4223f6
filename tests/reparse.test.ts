import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openWritableDb } from "../db/client";
import type { ReparseSummary } from "../lib/cli/reparse";
import { sha256 } from "../lib/ingest/hash";
import { PARSER_VERSION } from "../lib/report/version";
import { main } from "../scripts/reparse";
import { expectDerivedTablesHold } from "./support/derived";
import { fixtureDirs } from "./support/fixtures";
import { type Dump, dumpDb, ingestInto } from "./support/hardening";
import { capturedOutput } from "./support/output";
import { seedTexts } from "./support/seed-db";

/**
 * npm run reparse: a database stored by an older parser is simulated by editing what ingest stored (cells,
 * flags, facts, the parser version); reading every kept source again must give back exactly what an ingest
 * with the current code stores, and say what it changed.
 */

/** The database and its sources as ingest stored them with the current code, copied for each test. */
let storedByIngest: string;
let ingested: Dump;
let dir: string;
let dbPath: string;

/** The seeds with several years, a cross-year mismatch and a revision (tests/support/seed-db.ts), and a PDF with number pages. */
async function ingestCorpus(root: string): Promise<void> {
  const folder = join(root, "reports");
  mkdirSync(folder);
  const texts = seedTexts();
  const revision = texts.pop()!;
  for (const { name, text } of texts) writeFileSync(join(folder, name), text);
  copyFileSync(join(fixtureDirs("pdf-bordered")[0] as string, "input.pdf"), join(folder, "bordered.pdf"));
  writeFileSync(join(root, revision.name), revision.text);
  for (const path of [folder, join(root, revision.name)]) {
    const run = await ingestInto(join(root, "db", "n.db"), [path]);
    expect(run.summary.failed).toEqual([]);
  }
}

beforeAll(async () => {
  storedByIngest = mkdtempSync(join(tmpdir(), "nianbao-reparse-ingested-"));
  await ingestCorpus(storedByIngest);
  ingested = comparable(dumpDb(join(storedByIngest, "db", "n.db")));
}, 120_000);
afterAll(() => rmSync(storedByIngest, { recursive: true, force: true }));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-reparse-"));
  cpSync(join(storedByIngest, "db"), join(dir, "db"), { recursive: true });
  dbPath = join(dir, "db", "n.db");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A dump without what differs between two stores of the same content: the issue lines' own ids. */
function comparable(dump: Dump): Dump {
  return {
    ...dump,
    report_issues: (dump.report_issues ?? []).map(({ id: _id, ...line }) => line).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  };
}

function sql(statements: string, ...params: unknown[]): void {
  const db = new Database(dbPath);
  try {
    if (params.length) db.prepare(statements).run(...params);
    else db.exec(statements);
  } finally {
    db.close();
  }
}

function select<T>(query: string, ...params: unknown[]): T {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(query).get(...params) as T;
  } finally {
    db.close();
  }
}

const reportId = (file: string) => select<{ id: number }>("SELECT id FROM reports WHERE file_name = ?", file).id;

async function reparse(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { out, writers } = capturedOutput();
  const code = await main(["--jobs", "2", "--db", dbPath, ...args], writers);
  return { code, ...out };
}

async function reparseJson(): Promise<{ code: number; summary: ReparseSummary }> {
  const run = await reparse("--json");
  return { code: run.code, summary: JSON.parse(run.stdout) };
}

function expectDerivedTables(): void {
  const db = openWritableDb(dbPath);
  try {
    expectDerivedTablesHold(db);
  } finally {
    db.$client.close();
  }
}

describe("npm run reparse", () => {
  it("finds nothing to change in a database ingest stored with the current parser, which stamped its version", async () => {
    expect(select<{ versions: string }>("SELECT group_concat(DISTINCT parser_version) AS versions FROM reports").versions).toBe(PARSER_VERSION);
    const run = await reparse();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^reparse: 10 reports with parser \S+ in [\d.]+ s → .*n\.db: nothing changed \(10 unchanged, 0 refused \(old reading kept\), 0 failed\)\n$/,
    );
    expect(comparable(dumpDb(dbPath))).toEqual(ingested);
  });

  it("puts back what an older parser stored, says what changed, and a second run changes nothing", async () => {
    const lixia = reportId("lixia-2024.txt");
    const jinan = reportId("000.txt");
    const pdf = reportId("bordered.pdf");
    const lixiaFlag = select<{ code: string; section: string; row: string | null; column: string | null; message: string }>(
      'SELECT code, section, row, "column", message FROM report_issues WHERE report_id = ? ORDER BY id LIMIT 1',
      lixia,
    );
    const granted = select<{ total: number }>("SELECT total FROM application_rows WHERE report_id = ? AND row = 'granted'", jinan).total;
    // What an older parser might have stored: other numbers, a flag it did not raise, one it raised wrongly, no version.
    sql(`UPDATE reports SET parser_version = NULL;
      UPDATE reports SET parser_version = '0-000000000000' WHERE id = ${pdf};
      UPDATE application_rows SET total = total + 5, "naturalPerson" = NULL WHERE report_id = ${jinan} AND row = 'granted';
      UPDATE proactive_cells SET value = 99, raw = '99' WHERE report_id = ${pdf} AND key = (SELECT min(key) FROM proactive_cells WHERE report_id = ${pdf});
      DELETE FROM report_issues WHERE id = (SELECT min(id) FROM report_issues WHERE report_id = ${lixia});
      INSERT INTO report_issues (report_id, code, severity, message, section) VALUES (${jinan}, 'table.ambiguous', 'error', 'an old misreading', 'applications');
      UPDATE report_sections SET overview = '旧的概述' WHERE report_id = ${jinan};
      UPDATE report_sections_fts SET body = '旧的概述' WHERE report_id = ${jinan} AND part = 'overview';`);
    expect(select<{ n: number }>("SELECT count(*) AS n FROM report_sections_fts WHERE report_sections_fts MATCH '旧的概述'").n).toBe(1);
    const naturalPerson = (ingested.application_rows ?? []).find((r) => r.report_id === jinan && r.row === "granted")!.naturalPerson;

    const { code, summary } = await reparseJson();
    expect(code).toBe(0);
    expect(summary).toMatchObject({ parserVersion: PARSER_VERSION, reports: 10, restamped: 7, unchanged: 0, refused: [], failed: [] });
    expect(summary.changed.map((r) => r.file)).toEqual(["000.txt", "lixia-2024.txt", "bordered.pdf"].sort((a, b) => reportId(a) - reportId(b)));
    const changed = (file: string) => summary.changed.find((r) => r.file === file)!;
    expect(changed("000.txt")).toMatchObject({
      parserBefore: null,
      cells: [
        { cell: "applications.granted.naturalPerson", before: null, after: naturalPerson },
        { cell: "applications.granted.total", before: granted + 5, after: granted },
      ],
      other: [{ cell: "sections.overview", before: "旧的概述" }],
      flagsAdded: [],
      flagsRemoved: [{ code: "table.ambiguous", message: "an old misreading", section: "applications", row: null, column: null }],
    });
    expect(changed("lixia-2024.txt")).toMatchObject({ cells: [], other: [], flagsAdded: [lixiaFlag], flagsRemoved: [] });
    expect(changed("bordered.pdf")).toMatchObject({
      parserBefore: "0-000000000000",
      cells: [{ before: 99 }, { before: "99" }],
      flagsAdded: [],
      flagsRemoved: [],
    });
    expect(changed("bordered.pdf").cells.map((c) => c.cell)).toEqual([
      expect.stringMatching(/^proactive\..+\.value$/),
      expect.stringMatching(/^proactive\..+\.raw$/),
    ]);

    expect(comparable(dumpDb(dbPath))).toEqual(ingested);
    expect(select<{ n: number }>("SELECT count(*) AS n FROM report_sections_fts WHERE report_sections_fts MATCH '旧的概述'").n).toBe(0);
    expectDerivedTables();

    const text = await reparse();
    expect(text.stdout).toMatch(/nothing changed \(10 unchanged, 0 refused \(old reading kept\), 0 failed\)\n$/);
    expect(comparable(dumpDb(dbPath))).toEqual(ingested);
  });

  it("prints each change under its report and a summary line", async () => {
    const jinan = reportId("000.txt");
    sql(`UPDATE application_rows SET total = total + 5 WHERE report_id = ${jinan} AND row = 'granted';
      INSERT INTO report_issues (report_id, code, severity, message, section, row) VALUES (${jinan}, 'table.ambiguous', 'error', 'an old misreading', 'applications', 'granted');
      UPDATE reports SET parser_version = NULL WHERE file_name = '001.txt'`);
    const granted = select<{ total: number }>("SELECT total FROM application_rows WHERE report_id = ? AND row = 'granted'", jinan).total;
    const run = await reparse();
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toEqual([
      `#${jinan} 济南公共资源交易中心 2024 (000.txt): 1 cell changed, 0 flags added, 1 removed (parser ${PARSER_VERSION} → ${PARSER_VERSION})`,
      `    applications.granted.total: ${granted} → ${granted - 5}`,
      "    − table.ambiguous at applications.granted: an old misreading",
      expect.stringMatching(
        /^reparse: 10 reports with parser \S+ in [\d.]+ s → .+: 1 changed \(1 cell, 0 flags added, 1 removed\), 1 re-stamped \(read the same, version stored\), 8 unchanged, 0 refused \(old reading kept\), 0 failed$/,
      ),
      "",
    ]);
  });

  it("moves a report an older parser filed under another year or agency, the current file decided again in each place", async () => {
    const original = reportId("002.txt");
    const revised = reportId("002-revised.txt");
    const jinan2023 = reportId("jinan-2023.txt");
    // The older parser read the revision's year as 2022 (so both files were current) and 济南 2023's agency wrongly.
    sql(`UPDATE reports SET year = 2022, is_current = 1 WHERE id = ${revised};
      UPDATE reports SET is_current = 1 WHERE id = ${original};
      INSERT INTO agencies (name, province, region_code) VALUES ('济南公共资源交易中心办公室', '山东省', '370000');
      UPDATE reports SET agency_id = (SELECT id FROM agencies WHERE name = '济南公共资源交易中心办公室'), agency_name = '济南公共资源交易中心办公室' WHERE id = ${jinan2023};`);
    const { code, summary } = await reparseJson();
    expect(code).toBe(0);
    const moves = summary.changed.map((r) => ({ id: r.id, other: r.other.filter((c) => ["year", "agency", "regionCode"].includes(c.cell)) }));
    expect(moves).toEqual(
      [
        { id: revised, other: [{ cell: "year", before: 2022, after: 2023 }] },
        {
          id: jinan2023,
          other: [
            { cell: "agency", before: "济南公共资源交易中心办公室", after: "济南公共资源交易中心" },
            { cell: "regionCode", before: "370000", after: expect.any(String) },
          ],
        },
      ].sort((a, b) => a.id - b.id),
    );
    expect(select<{ n: number }>("SELECT count(*) AS n FROM agencies WHERE name = '济南公共资源交易中心办公室'").n).toBe(0);
    expect(comparable(dumpDb(dbPath))).toEqual(ingested);
    expectDerivedTables();
    expect((await reparseJson()).summary).toMatchObject({ changed: [], restamped: 0, unchanged: 10 });
  });

  it("reports a missing source and a file the parser now refuses, keeps their stored reading, and exits 1", async () => {
    const missing = reportId("001.txt");
    const refused = reportId("003.txt");
    const sourceOf = (id: number) => join(dir, "db", "sources", select<{ sha256: string }>("SELECT sha256 FROM reports WHERE id = ?", id).sha256);
    const missingSource = sourceOf(missing);
    rmSync(missingSource);
    // A stored report whose kept file the current parser does not take: its hash and bytes agree, its text is no report.
    const minutes = Buffer.from("会议纪要\n今天讨论了 3 件事。\n");
    sql(`UPDATE reports SET sha256 = ? WHERE id = ${refused}`, sha256(minutes));
    writeFileSync(sourceOf(refused), minutes);
    const stored = comparable(dumpDb(dbPath));

    const run = await reparse();
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines).toContain(`#${refused} 金寨县公共资源交易中心 2024 (003.txt): now refused, old reading kept: not a 政府信息公开工作年度报告: no 表三 found`);
    expect(lines).toContain(`#${missing} 济宁市公共资源交易服务中心嘉祥分中心 2020 (001.txt): not read again: source missing: ${missingSource}`);
    expect(run.stdout).toMatch(/nothing changed \(8 unchanged, 1 refused \(old reading kept\), 1 failed\)\n$/);
    expect(comparable(dumpDb(dbPath))).toEqual(stored);
  });

  it("says the kept source no longer matches when its bytes changed", async () => {
    const id = reportId("004.txt");
    const source = join(dir, "db", "sources", select<{ sha256: string }>("SELECT sha256 FROM reports WHERE id = ?", id).sha256);
    writeFileSync(source, "something else");
    const { code, summary } = await reparseJson();
    expect(code).toBe(1);
    expect(summary.failed).toEqual([
      { id, agency: "吴忠市公共资源交易服务中心", year: 2024, file: "004.txt", reason: `source changed: ${source} no longer has the stored sha256` },
    ]);
  });

  it("exits 2 on bad usage and without a database", async () => {
    expect((await reparse("--jobs", "0")).code).toBe(2);
    expect((await reparse("stray")).code).toBe(2);
    const none = await main(["--db", join(dir, "none.db")], { stdout: () => {}, stderr: () => {} });
    expect(none).toBe(2);
  });
});
