import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sha256 } from "../lib/ingest/hash";
import { ReaderPool } from "../lib/pipeline/pool";
import { fixtureDirs } from "./support/fixtures";
import { ingestInto } from "./support/hardening";

/**
 * A file is read once: the bytes the main thread reads are hashed, parsed and kept. Here every file is rewritten
 * on disk right after that read (with another report), as a download or an editor might; a second read by the
 * reader would parse the other version and store the kept bytes under its hash.
 */

const seeds = fixtureDirs("seed-").map((dir) => join(dir, "input.txt"));

vi.mock("../lib/ingest/file", async (original) => {
  const actual = await original<typeof import("../lib/ingest/file")>();
  return {
    ...actual,
    readFileWithin: async (path: string, maxFileMb: number) => {
      const bytes = await actual.readFileWithin(path, maxFileMb);
      if (path.endsWith(".txt")) writeFileSync(path, readFileSync(seeds[1]!));
      return bytes;
    },
  };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-bytes-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("one read of the file", () => {
  it("hashes, parses and keeps the bytes read, though the file on disk changes right after the read", async () => {
    const file = join(dir, "report.txt");
    copyFileSync(seeds[0]!, file);
    const read = readFileSync(file);
    const database = join(dir, "db", "n.db");
    const run = await ingestInto(database, ["--jobs", "1", file]);
    expect(run.summary).toMatchObject({ ingested: 1, failed: [] });
    expect(readFileSync(file)).toEqual(readFileSync(seeds[1]!));

    const db = new Database(database, { readonly: true });
    const stored = db.prepare("SELECT r.sha256, a.name FROM reports r JOIN agencies a ON a.id = r.agency_id").all() as { sha256: string; name: string }[];
    db.close();
    expect(stored.map((row) => row.sha256)).toEqual([sha256(read)]);
    const kept = readFileSync(join(dir, "db", "sources", sha256(read)));
    expect(sha256(kept)).toBe(stored[0]!.sha256);
    expect(kept).toEqual(read);
    // The report is seed 000's, not the version now on disk.
    expect(stored[0]!.name).toBe(JSON.parse(readFileSync(join(fixtureDirs("seed-")[0]!, "expected.json"), "utf8")).agency);

    // The version now on disk is another file: a rerun stores it, it is not "present".
    const rerun = await ingestInto(database, ["--jobs", "1", file]);
    expect(rerun.summary).toMatchObject({ ingested: 1, present: 0, failed: [] });
  });

  it("parses in a reader process from the bytes given, the file name alone naming them, and hands the same bytes back", async () => {
    const bytes = readFileSync(seeds[0]!);
    const pool = new ReaderPool(1);
    try {
      const result = await pool.report(join(dir, "nowhere", "named.txt"), new Uint8Array(bytes));
      expect(result.ok && result.report.source).toMatchObject({ fileName: "named.txt", sha256: sha256(bytes) });
      expect(result.ok && Buffer.from(result.bytes)).toEqual(bytes);
    } finally {
      await pool.close();
    }
  });
});
