import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openStore, storeExists, storeTarget, targetName } from "../db/open-store";
import { SqliteWriteStore } from "../db/sqlite-write-store";
import { runRevisions } from "../lib/cli/revisions";
import { parseReport } from "../lib/report/parse";
import { fixtureDirs } from "./support/fixtures";

/** The one factory of the Store that writes: which target a command opens, and what the Store does with it. */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-open-store-"));
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe("storeTarget", () => {
  it("takes --db, else a postgres:// DATABASE_URL, else NIANBAO_DB, else data/nianbao.db", () => {
    vi.stubEnv("DATABASE_URL", "");
    vi.stubEnv("NIANBAO_DB", "");
    delete process.env.DATABASE_URL;
    delete process.env.NIANBAO_DB;
    expect(storeTarget()).toEqual({ kind: "sqlite", path: resolve("data/nianbao.db") });
    vi.stubEnv("NIANBAO_DB", join(dir, "env.db"));
    expect(storeTarget()).toEqual({ kind: "sqlite", path: join(dir, "env.db") });
    // A DATABASE_URL of another kind (a tool's SQLite URL, say) is not taken for Nianbao's database.
    vi.stubEnv("DATABASE_URL", "file:other.db");
    expect(storeTarget()).toEqual({ kind: "sqlite", path: join(dir, "env.db") });
    vi.stubEnv("DATABASE_URL", "postgres://nianbao:secret@db.example/nianbao");
    expect(storeTarget()).toEqual({ kind: "postgres", url: "postgres://nianbao:secret@db.example/nianbao" });
    expect(storeTarget("x.db")).toEqual({ kind: "sqlite", path: resolve("x.db") });
    expect(storeTarget("postgresql://u@h/d")).toEqual({ kind: "postgres", url: "postgresql://u@h/d" });
  });

  it("names a target without its password", () => {
    expect(targetName({ kind: "postgres", url: "postgres://nianbao:secret@db.example/nianbao" })).toBe("postgres://nianbao:***@db.example/nianbao");
    expect(targetName({ kind: "sqlite", path: resolve("data/x.db") })).toBe(join("data", "x.db"));
  });
});

describe("openStore", () => {
  it("needs NIANBAO_SOURCES for a PostgreSQL target (the originals in a folder every machine reads), and a command says so", async () => {
    vi.stubEnv("NIANBAO_SOURCES", "");
    await expect(openStore({ kind: "postgres", url: "postgres://h/d" })).rejects.toThrow(/NIANBAO_SOURCES is not set/);
    const out = { stdout: "", stderr: "" };
    const io = { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), now: () => new Date() };
    expect(await runRevisions(["--db", "postgres://u:pw@h/d", "list", "x", "2024"], io)).toBe(2);
    expect(out.stderr).toMatch(/^cannot use the database postgres:\/\/u:\*\*\*@h\/d: NIANBAO_SOURCES is not set/);
  });

  it("keeps a SQLite file's originals in NIANBAO_SOURCES when it is set, else beside the file", async () => {
    vi.stubEnv("NIANBAO_SOURCES", join(dir, "shared"));
    const store = await openStore(storeTarget(join(dir, "a.db")));
    await store.close();
    expect(store.sourcesDir).toBe(join(dir, "shared"));
    vi.stubEnv("NIANBAO_SOURCES", "");
    const beside = await openStore(storeTarget(join(dir, "a.db")));
    await beside.close();
    expect(beside.sourcesDir).toBe(join(dir, "sources"));
  });

  it("makes and migrates a new SQLite file, writes through the Store and reads back through the same Store", async () => {
    const target = storeTarget(join(dir, "db", "n.db"));
    expect(storeExists(target)).toBe(false);
    const store = await openStore(target);
    try {
      expect(store).toBeInstanceOf(SqliteWriteStore);
      expect(storeExists(target)).toBe(true);
      expect(store.location).toBe(join(dir, "db", "n.db"));
      expect(store.sourcesDir).toBe(join(dir, "db", "sources"));
      const text = readFileSync(join(fixtureDirs("seed-000")[0] as string, "input.txt"), "utf8");
      const parsed = parseReport(text, { source: { fileName: "a.txt", sha256: "a".repeat(64), mediaType: "text/plain", pages: null } });
      if (!parsed.ok) throw new Error(parsed.reason);
      const report = { ...parsed.report, source: parsed.report.source! };
      const stored = await store.storeReport(report, "2026-12-03T00:00:00Z");
      expect(stored.status).toBe("ingested");
      expect(await store.storeReport(report, "2026-12-03T00:00:01Z")).toEqual({ status: "present", reportId: stored.reportId });
      expect(await store.findBySha256("a".repeat(64))).toBe(stored.reportId);
      expect(await store.replaceReading(stored.reportId, report)).toEqual({ kind: "unchanged" });
      expect(await store.reportFiles()).toEqual([{ id: stored.reportId, sha256: "a".repeat(64), fileName: "a.txt", agency: report.agency, year: report.year }]);
      expect((await (store as SqliteWriteStore).reportModel(stored.reportId))?.report.id).toBe(stored.reportId);
    } finally {
      await store.close();
    }
    expect(existsSync(join(dir, "db", "n.db"))).toBe(true);
  });
});
