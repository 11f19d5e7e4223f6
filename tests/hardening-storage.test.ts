import { spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openWritableDb } from "../db/client";
import { SqliteWriteStore } from "../db/sqlite-write-store";
import { ingestFiles } from "../lib/cli/ingest";
import { sha256 } from "../lib/ingest/hash";
import { DEFAULT_LIMITS } from "../lib/pipeline/pool";
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
  const list = (sub: string): string[] =>
    readdirSync(join(folder, sub), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(sub, e.name)) : [join(sub, e.name)]));
  return Object.fromEntries(list("").map((name) => [name, sha256(readFileSync(join(folder, name)))]));
}

describe("a full database (SQLite PRAGMA max_page_count: it may not grow)", () => {
  it("refuses each file with the reason, stores nothing of it, keeps no orphan source, and a rerun with room stores them", async () => {
    const before = dumpDb(dbPath);
    const sourcesBefore = readdirSync(join(dir, "db", "sources")).sort();
    const db = openWritableDb(dbPath);
    const pages = db.$client.pragma("page_count", { simple: true }) as number;
    db.$client.pragma(`max_page_count = ${pages}`);
    const { io, out } = captureIo();
    const files = [seedInput(2), seedInput(3)];
    const store = new SqliteWriteStore(db);
    expect(store.sourcesDir).toBe(join(dir, "db", "sources"));
    const summary = await ingestFiles(store, files, { jobs: 1, limits: DEFAULT_LIMITS }, io);
    await store.close();

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

/** A real full disk and a read-only mount need a user and mount namespace (refused in some containers). */
function mountsUsable(): boolean {
  const probe = mkdtempSync(join(tmpdir(), "nianbao-tmpfs-"));
  const result = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", 'mount -t tmpfs -o size=1m tmpfs "$0"', probe]);
  rmSync(probe, { recursive: true, force: true });
  return result.status === 0;
}

type FullDiskRun = {
  firstCode: number;
  code: number;
  failed: { file: string; reason: string }[];
  stderr: string;
  files: string[];
  unchanged: boolean;
  integrity: string;
  rerun: { code: number; ingested: number };
};

function fillAndIngest(keepFreeBytes: number): FullDiskRun {
  const mount = join(dir, "mnt");
  mkdirSync(mount);
  const script = 'mount -t tmpfs -o size=4m tmpfs "$0" && exec "$1" --import tsx tests/support/full-disk-run.ts "$0" "$2"';
  const result = spawnSync("unshare", ["--user", "--map-root-user", "--mount", "sh", "-c", script, mount, process.execPath, String(keepFreeBytes)], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  return JSON.parse(result.stdout) as FullDiskRun;
}

const MOUNTS = mountsUsable();

describe.skipIf(!MOUNTS)("a full disk (a 4 MB tmpfs, filled up)", () => {
  const seedFiles = [seedInput(1), seedInput(2)];

  it("with no byte free: the source cannot be written, no partial file is left, the database is unchanged", () => {
    const run = fillAndIngest(0);
    expect(run.firstCode).toBe(0);
    expect(run.code).toBe(1);
    expect(run.failed).toEqual(seedFiles.map((file) => ({ file, reason: "not stored: ENOSPC: no space left on device, write" })));
    expect(run.files.filter((name) => name.includes("partial"))).toEqual([]);
    expect(run).toMatchObject({ unchanged: true, integrity: "ok", rerun: { code: 0, ingested: 2 } });
  }, 60_000);

  it("with room for the source but not the database: SQLite's full error, the source taken back, the database unchanged", () => {
    const run = fillAndIngest(40_000);
    expect(run.failed).toEqual(seedFiles.map((file) => ({ file, reason: "not stored: database or disk is full" })));
    expect(run.files.filter((name) => /^[0-9a-f]{64}/.test(name))).toHaveLength(1);
    expect(run).toMatchObject({ unchanged: true, integrity: "ok", rerun: { code: 0, ingested: 2 } });
  }, 60_000);
});

/** The ingest CLI in its own process; as root (who may write any file) it runs as nobody, for whom modes count. */
function ingestAsUser(args: string[]) {
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  if (asNobody.uid !== undefined) chownTree(dir, 65534);
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--jobs", "1", "--db", dbPath, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    ...asNobody,
  });
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

describe("another application's file given as --db", () => {
  /** The folder's files with their sha256: nothing may be added (no -wal, -shm or sources) or changed. */
  const folderState = (folder: string) => Object.fromEntries(readdirSync(folder).map((name) => [name, sha256(readFileSync(join(folder, name)))]));

  it("refuses another application's SQLite database untouched, naming it and its tables", async () => {
    const folder = join(dir, "other");
    mkdirSync(folder);
    const path = join(folder, "app.db");
    const other = new Database(path);
    other.exec(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO users (email) VALUES ('a@example.org'); CREATE TABLE orders (id INTEGER PRIMARY KEY)",
    );
    other.close();
    const before = folderState(folder);
    const run = await ingestInto(path, [seedInput(2)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `cannot use the database ${path}: not a Nianbao database: ${path} holds other tables (users, orders) and no Nianbao migration journal; it was left untouched. Give --db a new file or a Nianbao database\n`,
    );
    expect(folderState(folder)).toEqual(before);

    // Another application that also migrates with drizzle: its journal has rows, and the tables are not Nianbao's.
    const drizzled = join(folder, "drizzled.db");
    const app = new Database(drizzled);
    app.exec(
      "CREATE TABLE __drizzle_migrations (id INTEGER PRIMARY KEY, hash TEXT, created_at NUMERIC); INSERT INTO __drizzle_migrations (hash) VALUES ('x'); CREATE TABLE users (id INTEGER PRIMARY KEY)",
    );
    app.close();
    const withJournal = folderState(folder);
    const second = await ingestInto(drizzled, [seedInput(2)]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain("holds other tables (__drizzle_migrations, users) and another application's migrations; it was left untouched");
    expect(folderState(folder)).toEqual(withJournal);
  });

  it("refuses a file that is not SQLite at all untouched, and opens an empty file as a new database", async () => {
    const folder = join(dir, "other");
    mkdirSync(folder);
    const notes = join(folder, "notes.db");
    writeFileSync(notes, "年报下载清单\n".repeat(200));
    const before = folderState(folder);
    const run = await ingestInto(notes, [seedInput(2)]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cannot use the database .*notes\.db: not a Nianbao database: .* is not an SQLite database \(file is not a database\)/);
    expect(folderState(folder)).toEqual(before);
    const empty = join(folder, "empty.db");
    writeFileSync(empty, "");
    expect((await ingestInto(empty, [seedInput(2)])).code).toBe(0);
  });
});

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

describe.skipIf(!MOUNTS)("a database on a read-only file system (a read-only bind mount)", () => {
  it("exits 2 naming it, and changes nothing", () => {
    const before = filesBesideDb();
    const script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$1" --import tsx scripts/ingest.ts --jobs 1 --db "$2" "$3"';
    const args = ["--user", "--map-root-user", "--mount", "sh", "-c", script, join(dir, "db"), process.execPath, dbPath, seedInput(2)];
    const result = spawnSync("unshare", args, { cwd: ROOT, encoding: "utf8" });
    expect(result.stderr).toBe(`cannot use the database ${dbPath}: the database is on a read-only file system (${dbPath})\n`);
    expect(result.status).toBe(2);
    expect(filesBesideDb()).toEqual(before);
  }, 60_000);
});
