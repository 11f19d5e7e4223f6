import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openWritableDb } from "../db/client";
import { ingestFiles } from "../lib/cli/ingest";
import { sha256 } from "../lib/ingest/hash";
import { FIXTURES } from "./support/fixtures";
import { captureIo, databaseIn, dumpDb, ingestInto, integrityCheck } from "./support/hardening";

/** A full disk and a read-only database: a clear error, nothing half-written. */

const ROOT = join(import.meta.dirname, "..");
const seedInput = (n: number) => join(FIXTURES, `seed-00${n}`, "input.txt");

let dir: string;
let dbPath: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-storage-"));
  dbPath = databaseIn(dir);
  expect((await ingestInto(dbPath, [seedInput(0), seedInput(1)])).code).toBe(0);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every file under the database's folder with its sha256 (database, -wal/-shm, sources). */
function filesBesideDb(): Record<string, string> {
  const folder = join(dir, "db");
  const list = (sub: string): string[] => readdirSync(join(folder, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(sub, e.name)) : [join(sub, e.name)]));
  return Object.fromEntries(list("").map((name) => [name, sha256(readFileSync(join(folder, name)))]));
}

describe("a full disk (SQLite PRAGMA max_page_count: the database may not grow)", () => {
  it("refuses each file with the reason, stores nothing of it, keeps no orphan source, and a rerun with room stores them", async () => {
    const before = dumpDb(dbPath);
    const sourcesBefore = readdirSync(join(dir, "db", "sources")).sort();
    const db = openWritableDb(dbPath);
    const pages = db.$client.pragma("page_count", { simple: true }) as number;
    db.$client.pragma(`max_page_count = ${pages}`);
    const { io, out } = captureIo();
    const files = [seedInput(2), seedInput(3)];
    const summary = await ingestFiles(db, files, 1, io, join(dir, "db", "sources"));
    db.$client.close();

    expect(summary.failed).toEqual(files.map((file) => ({ file, reason: "not stored: database or disk is full" })));
    expect(out.stderr).toContain(`failed ${files[0]}: not stored: database or disk is full`);
    expect(integrityCheck(dbPath)).toBe("ok");
    expect(dumpDb(dbPath)).toEqual(before);
    expect(readdirSync(join(dir, "db", "sources")).sort()).toEqual(sourcesBefore);

    const rerun = await ingestInto(dbPath, files);
    expect(rerun.summary).toMatchObject({ ingested: 2, failed: [] });
    expect(readdirSync(join(dir, "db", "sources"))).toHaveLength(4);
  }, 60_000);
});

/** The ingest CLI in its own process; as root (who may write any file) it runs as nobody, for whom modes count. */
function ingestAsUser(args: string[]) {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  if (asNobody.uid !== undefined) chownTree(dir, 65534);
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--jobs", "1", "--db", dbPath, ...args], { cwd: ROOT, encoding: "utf8", ...asNobody });
  return { code: result.status, stderr: result.stderr };
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid);
    else chownSync(child, uid, uid);
  }
}

describe("a read-only database", () => {
  beforeEach(() => {
    chmodSync(dir, 0o755);
    const incoming = join(dir, "incoming");
    mkdirSync(incoming);
    copyFileSync(seedInput(2), join(incoming, "new.txt"));
  });

  it("(file mode 0444) exits 2 naming the database and why, before reading any file, and changes nothing", () => {
    chmodSync(dbPath, 0o444);
    const before = filesBesideDb();
    const { code, stderr } = ingestAsUser([join(dir, "incoming")]);
    expect(stderr).toBe(`cannot use the database ${dbPath}: the database file is read-only (no permission to write ${dbPath})\n`);
    expect(code).toBe(2);
    expect(filesBesideDb()).toEqual(before);
  }, 60_000);

  it("(folder mode 0555) exits 2 naming the folder, and changes nothing", () => {
    chmodSync(join(dir, "db"), 0o555);
    const before = filesBesideDb();
    const { code, stderr } = ingestAsUser([join(dir, "incoming")]);
    expect(stderr).toContain(`cannot use the database ${dbPath}: the database folder is read-only`);
    expect(code).toBe(2);
    expect(filesBesideDb()).toEqual(before);
    chmodSync(join(dir, "db"), 0o755);
  }, 60_000);
});
