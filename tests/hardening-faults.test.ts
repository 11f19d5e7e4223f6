import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openWritableDb } from "../db/client";
import { openWebDb, reportDetail } from "../db/queries";
import { FIXTURES } from "./support/fixtures";
import { countRows, databaseIn, dumpDb, ingestInto, integrityCheck } from "./support/hardening";

/** Faults during an ingest: kill -9 inside a file's transaction, and the dashboard reading while an ingest writes. */

const ROOT = join(import.meta.dirname, "..");
const seed = readFileSync(join(FIXTURES, "seed-000", "input.txt"), "utf8");

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-faults-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** One report of seed 000's agency per year; each carries one application forward that the next year does not take over. */
function yearsFolder(first: number, last: number): string {
  const folder = join(dir, "years");
  mkdirSync(folder, { recursive: true });
  const carried = /(四、结转下年度继续办理\t+)0\t0\t0\t0\t0\t0\t0/;
  expect(seed).toMatch(carried);
  for (let year = first; year <= last; year++) {
    writeFileSync(join(folder, `${year}.txt`), seed.replaceAll("2024", String(year)).replace(carried, "$11\t0\t0\t0\t0\t0\t1"));
  }
  return folder;
}

/** `npm run ingest` in its own process (one job), its progress lines collected. */
function spawnIngest(dbPath: string, folder: string): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--jobs", "1", "--db", dbPath, folder], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "pipe"],
  });
  const lines: string[] = [];
  let partial = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    const parts = (partial + chunk).split("\n");
    partial = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { child, lines, exited };
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Makes every stored 表三 row cost ~60 ms (a cross join in a trigger), so that a file's transaction lasts over
 * a second while reading and parsing it takes a few milliseconds: a kill then lands inside the transaction.
 */
function slowTransactions(dbPath: string): void {
  openWritableDb(dbPath).$client.close();
  const db = new Database(dbPath);
  db.exec("CREATE TABLE slow (x INTEGER)");
  db.prepare("INSERT INTO slow (x) SELECT value FROM json_each(?)").run(JSON.stringify(Array.from({ length: 1000 }, (_, i) => i)));
  db.exec("CREATE TRIGGER slow_rows AFTER INSERT ON application_rows BEGIN SELECT count(*) FROM slow a, slow b WHERE a.x + b.x < 0; END");
  db.close();
}

describe("kill -9 inside a file's transaction", () => {
  it("leaves exactly the files committed before, an intact database, and a rerun completes", async () => {
    const folder = yearsFolder(2001, 2008);
    const dbPath = databaseIn(dir);
    slowTransactions(dbPath);
    const ingest = spawnIngest(dbPath, folder);
    await until(() => ingest.lines.some((line) => line.startsWith("[2/8] ingested")), 60_000);
    // File 3 was parsed in milliseconds; its transaction now runs for over a second.
    await new Promise((resolve) => setTimeout(resolve, 400));
    ingest.child.kill("SIGKILL");
    await ingest.exited;

    expect(ingest.lines.filter((line) => / ingested /.test(line))).toHaveLength(2);
    expect(integrityCheck(dbPath)).toBe("ok");
    expect(countRows(dbPath, "reports")).toBe(2);
    expect(countRows(dbPath, "application_rows")).toBe(2 * 26);
    expect(countRows(dbPath, "report_sections")).toBe(2);
    expect(countRows(dbPath, "report_totals")).toBe(2);

    const db = new Database(dbPath);
    db.exec("DROP TRIGGER slow_rows; DROP TABLE slow");
    db.close();
    const rerun = await ingestInto(dbPath, [folder]);
    expect(rerun.summary).toMatchObject({ present: 2, ingested: 6, failed: [] });
    expect(countRows(dbPath, "application_rows")).toBe(8 * 26);
    expect(integrityCheck(dbPath)).toBe("ok");
  }, 120_000);
});

describe("the dashboard reads while an ingest writes", () => {
  it("reads every report page whole, through the web's read-only opener, during a batch", async () => {
    const folder = yearsFolder(2001, 2030);
    const dbPath = databaseIn(dir);
    openWritableDb(dbPath).$client.close();
    const ingest = spawnIngest(dbPath, folder);
    let running = true;
    void ingest.exited.then(() => (running = false));
    const web = openWebDb(dbPath);
    const proactiveCells = (JSON.parse(readFileSync(join(FIXTURES, "seed-000", "expected.json"), "utf8")) as { proactive: unknown[] }).proactive.length;
    let reads = 0;
    let flaggedReads = 0;
    // Rounds that saw some but not all of the batch: the reads really overlapped the ingest's commits.
    let roundsMidIngest = 0;
    try {
      while (running) {
        const ids = (web.$client.prepare("SELECT id FROM reports").all() as { id: number }[]).map((row) => row.id);
        if (ids.length > 0 && ids.length < 30) roundsMidIngest++;
        for (const id of ids) {
          const detail = reportDetail(web, id)!;
          reads++;
          // A torn read would show a report without its rows, or counts of flags that its list of flags contradicts.
          expect(detail.counts.applications.handledTotal?.total).toBe(6);
          expect(detail.counts.applications.carriedForward?.total).toBe(1);
          expect(detail.proactive).toHaveLength(proactiveCells);
          expect(detail.sections.overview).not.toBeNull();
          const warnings = detail.issues.filter((issue) => issue.severity === "warning").length;
          expect(warnings, `report ${id}`).toBe(detail.report.warningCount);
          if (detail.issues.some((issue) => issue.code === "identity.crossYear")) flaggedReads++;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      web.$client.close();
    }
    expect(await ingest.exited).toBe(0);
    expect(countRows(dbPath, "reports")).toBe(30);
    expect(roundsMidIngest).toBeGreaterThan(2);
    expect(reads).toBeGreaterThan(roundsMidIngest);
    expect(flaggedReads).toBeGreaterThan(0);
    expect(dumpDb(dbPath).reports).toHaveLength(30);
  }, 180_000);
});
