import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWritableDb } from "../db/client";
import journal from "../db/migrations/meta/_journal.json";
import { buildSeedDb } from "./support/seed-db";

/**
 * Migration 0012 on a database stored before it: the provenance and crawl tables are made, and every report stored
 * then gets its provenance line (read from a file, whose name stands for its path; read when it was ingested).
 */

const MIGRATION_0012_AT = journal.entries.find((entry) => entry.tag.startsWith("0012_"))!.when;

let dir: string;
let path: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-0012-"));
  path = join(dir, "old.db");
  buildSeedDb(path);
  // As it was before 0012: its tables and its journal line taken back out.
  const db = new Database(path);
  // 0013, which runs again, adds the agencies' sort key column: taken out too.
  db.exec(`DROP TABLE report_provenance; DROP TABLE crawl_pages; DROP TABLE crawl_links; DROP INDEX agencies_sort_key; ALTER TABLE agencies DROP COLUMN name_sort_key;
    DELETE FROM __drizzle_migrations WHERE created_at >= ${MIGRATION_0012_AT};`);
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a database stored before migration 0012", () => {
  it("gets the provenance of every report backfilled and empty crawl tables when a writing command opens it", () => {
    const db = openWritableDb(path);
    const reports = db.$client.prepare("SELECT id, file_name, ingested_at FROM reports ORDER BY id").all() as {
      id: number;
      file_name: string;
      ingested_at: string;
    }[];
    const provenance = db.$client.prepare("SELECT report_id, kind, path, url, read_at FROM report_provenance ORDER BY report_id").all();
    expect(reports.length).toBeGreaterThan(5);
    expect(provenance).toEqual(reports.map((r) => ({ report_id: r.id, kind: "file", path: r.file_name, url: null, read_at: r.ingested_at })));
    expect(db.$client.prepare("SELECT count(*) AS n FROM crawl_pages").get()).toEqual({ n: 0 });
    expect(db.$client.prepare("SELECT count(*) AS n FROM crawl_links").get()).toEqual({ n: 0 });
    db.$client.close();
    // Opened again, nothing runs twice.
    const again = openWritableDb(path);
    expect(again.$client.prepare("SELECT count(*) AS n FROM report_provenance").get()).toEqual({ n: reports.length });
    again.$client.close();
  });
});
