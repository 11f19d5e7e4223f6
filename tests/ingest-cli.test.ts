import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IngestSummary } from "../lib/cli/ingest";
import { main } from "../scripts/ingest";
import { fixtureDirs } from "./support/fixtures";
import { captureIo } from "./support/hardening";

const seedInputs = fixtureDirs("seed-").map((dir) => join(dir, "input.txt"));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-ingest-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function reportsFolder(): string {
  const folder = join(dir, "reports", "nested");
  mkdirSync(folder, { recursive: true });
  seedInputs.forEach((path, i) => copyFileSync(path, join(folder, `${i}.txt`)));
  writeFileSync(join(dir, "reports", "README.md"), "# 下载的年报\n");
  return join(dir, "reports");
}

async function ingest(args: string[]): Promise<{ code: number; summary: IngestSummary; stderr: string }> {
  const { io, out } = captureIo();
  const code = await main(["--json", "--jobs", "2", "--db", join(dir, "db", "n.db"), ...args], io);
  return { code, summary: JSON.parse(out.stdout || "null"), stderr: out.stderr };
}

const count = (table: string) => {
  const db = new Database(join(dir, "db", "n.db"), { readonly: true });
  const n = (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  db.close();
  return n;
};

describe("npm run ingest", () => {
  it("stores every report of a folder, keeps the sources, and a rerun changes nothing", async () => {
    const folder = reportsFolder();
    const first = await ingest([folder]);
    expect(first.code).toBe(0);
    expect(first.summary).toMatchObject({ files: 5, ingested: 5, present: 0, revised: 0, failed: [] });
    expect(first.summary.issuesByCode["table.extraCells"]).toBe(1);
    expect(count("reports")).toBe(5);
    expect(readdirSync(join(dir, "db", "sources"))).toHaveLength(5);
    expect(first.stderr.split("\n").filter(Boolean)).toHaveLength(5);

    const again = await ingest([folder]);
    expect(again.code).toBe(0);
    expect(again.summary).toMatchObject({ ingested: 0, present: 5 });
    expect(count("reports")).toBe(5);
  });

  it("refuses a 200 MB PDF before reading it on the main thread or in a worker, and takes --max-file-mb", async () => {
    const huge = join(dir, "huge.pdf");
    writeFileSync(huge, "%PDF-1.7\n");
    truncateSync(huge, 200 * 1024 * 1024);
    const result = await ingest([huge]);
    expect(result.code).toBe(1);
    expect(result.summary.failed).toEqual([{ file: huge, reason: "file too large: 200.0 MB > 100 MB limit" }]);
    expect((await ingest(["--max-file-mb", "50", huge])).summary.failed).toEqual([{ file: huge, reason: "file too large: 200.0 MB > 50 MB limit" }]);
    const usage = captureIo();
    expect(await main(["--max-file-mb", "0", huge], usage.io)).toBe(2);
    expect(usage.out.stderr).toMatch(/^--max-file-mb must be a positive number of MB, not 0\n/);
  });

  it("ingests a PDF read from disk, with its media type and page count", async () => {
    const pdf = join(dir, "report.pdf");
    copyFileSync(join(fixtureDirs("pdf-bordered")[0] as string, "input.pdf"), pdf);
    const { code, summary } = await ingest([pdf]);
    expect(summary.failed).toEqual([]);
    expect(code).toBe(0);
    const db = new Database(join(dir, "db", "n.db"), { readonly: true });
    const row = db.prepare("SELECT media_type AS mediaType, pages FROM reports").get() as { mediaType: string; pages: number };
    db.close();
    expect(row.mediaType).toBe("application/pdf");
    expect(row.pages).toBeGreaterThan(1);
  });

  it("goes on past a file it cannot read, names it with the reason, and exits 1", async () => {
    const folder = reportsFolder();
    writeFileSync(join(folder, "broken.pdf"), "%PDF-1.7\n1 0 obj <<");
    writeFileSync(join(folder, "minutes.txt"), "会议纪要\n今天讨论了 3 件事。\n");
    const { code, summary } = await ingest([folder]);
    expect(code).toBe(1);
    expect(summary.ingested).toBe(5);
    expect(summary.failed.map((f) => f.file.split("/").pop())).toEqual(["broken.pdf", "minutes.txt"]);
    expect(summary.failed[1]?.reason).toBe("not a 政府信息公开工作年度报告: no 表三 found");
    expect(count("reports")).toBe(5);
  });

  it("prints a file name with a line break or a bidi override escaped, one line per file", async () => {
    const folder = join(dir, "names");
    mkdirSync(folder);
    copyFileSync(seedInputs[0]!, join(folder, "a.txt: ok\n[9 of 9] ingested forged.txt"));
    writeFileSync(join(folder, "报告\u202Etxt.exe"), "not a report");
    const { io, out } = captureIo();
    const code = await main(["--jobs", "1", "--db", join(dir, "db", "n.db"), folder], io);
    expect(code).toBe(1);
    const progress = out.stderr.split("\n").filter(Boolean);
    expect(progress).toHaveLength(2);
    expect(progress[0]).toMatch(/^\[1\/2\] ingested .*a\.txt: ok\\n\[9 of 9\] ingested forged\.txt$/);
    expect(progress[1]).toMatch(/^\[2\/2\] failed .*报告\\u202Etxt\.exe: /);
    expect(out.stdout).toContain("报告\\u202Etxt.exe: ");
    expect(out.stdout + out.stderr).not.toMatch(/\u202e|^\[9 of 9\]/m);
  });

  it("keeps both files of a revised report, the newer one current", async () => {
    const folder = reportsFolder();
    await ingest([folder]);
    const revised = join(dir, "revised.txt");
    writeFileSync(revised, `${readFileSync(seedInputs[0] as string, "utf8")}\n（更正版）`);
    const { summary } = await ingest([revised]);
    expect(summary.revised).toBe(1);
    expect(count("reports")).toBe(6);
  });

  it("exits 2 on bad usage and on a database it cannot use", async () => {
    expect((await ingest([])).code).toBe(2);
    expect((await ingest(["--jobs", "0", dir])).code).toBe(2);
    expect((await ingest([join(dir, "missing-folder")])).code).toBe(2);
    const { io, out } = captureIo();
    writeFileSync(join(dir, "not-a-db"), "plain text, not SQLite");
    expect(await main(["--db", join(dir, "not-a-db"), seedInputs[0] as string], io)).toBe(2);
    expect(out.stderr).toContain("cannot use the database");
  });

  it("states its options and limits on --help, the OCR time limit among them, and takes --ocr-timeout", async () => {
    const help = captureIo();
    expect(await main(["--help"], help.io)).toBe(0);
    expect(help.out.stdout).toContain("--ocr-timeout S    time limit for a scan read by OCR (default 600 s)");
    expect(help.out.stdout).toContain("within 60 s and 1024 MB");
    const bad = captureIo();
    expect(await main(["--ocr-timeout", "0", dir], bad.io)).toBe(2);
    expect(bad.out.stderr).toMatch(/^--ocr-timeout must be a positive number of seconds, not 0\n/);
  });

  it("survives kill -9 in the middle of a batch: the database is intact and a rerun completes", async () => {
    const folder = join(dir, "many");
    mkdirSync(folder);
    const seed = readFileSync(seedInputs[0] as string, "utf8");
    for (let year = 2001; year <= 2040; year++) writeFileSync(join(folder, `${year}.txt`), seed.replace(/2024/g, String(year)));
    const dbPath = join(dir, "db", "n.db");
    const child = spawn("npx", ["tsx", "scripts/ingest.ts", "--jobs", "1", "--db", dbPath, folder], { stdio: "ignore", detached: true });
    await waitFor(() => existsSync(dbPath) && count("reports") >= 3, 60_000);
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));

    const db = new Database(dbPath);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    const stored = (db.prepare("SELECT count(*) AS n FROM reports").get() as { n: number }).n;
    const rowsPerReport = (db.prepare("SELECT count(*) AS n FROM application_rows").get() as { n: number }).n / stored;
    db.close();
    expect(stored).toBeGreaterThanOrEqual(3);
    expect(stored).toBeLessThan(40);
    expect(rowsPerReport).toBe(26);

    const rerun = await ingest([folder]);
    expect(rerun.code).toBe(0);
    expect(rerun.summary.present + rerun.summary.ingested).toBe(40);
    expect(count("reports")).toBe(40);
  }, 120_000);
});

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (condition()) return;
    } catch {
      // the database may be mid-creation
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out waiting");
}
