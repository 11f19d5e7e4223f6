import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copiedTables } from "../db/copy";
import { closePg, openPg } from "../db/pg/client";
import { main } from "../scripts/db-copy";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";
import { buildSeedDb } from "./support/seed-db";

/**
 * `npm run db:copy` (issue 20, 6): the seed database copied into PostgreSQL and back into a new SQLite file gives the
 * same rows in every table; a target holding data is refused unless --replace; the sequences continue past the ids.
 */

function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  return main(argv, { stdout: (text) => (out += text), stderr: (text) => (err += text) }).then((code) => ({ code, out, err }));
}

/** Every row of a table, in one order for both files (by all columns). */
function sqliteRows(file: string, table: string, columns: string[]): unknown[][] {
  const db = new Database(file, { readonly: true });
  try {
    const list = columns.map((c) => `"${c}"`).join(", ");
    return db
      .prepare(`SELECT ${list} FROM "${table}" ORDER BY ${columns.map((_, i) => i + 1).join(", ")}`)
      .raw(true)
      .all() as unknown[][];
  } finally {
    db.close();
  }
}

describe.skipIf(!POSTGRES)(`db:copy between SQLite and PostgreSQL${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  let seeded = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-copy-"));
    seeded = join(dir, "seed.db");
    buildSeedDb(seeded);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("copies SQLite → PostgreSQL → SQLite with every table's rows equal, and prints the counts", async () => {
    const there = await run(["--from", seeded, "--to", postgres.url()]);
    expect(there.err).toBe("");
    expect(there.code).toBe(0);
    expect(there.out).toMatch(/^reports\s+\d+$/m);
    const back = join(dir, "back.db");
    const returned = await run(["--from", postgres.url(), "--to", back]);
    expect(returned.err).toBe("");
    expect(returned.code).toBe(0);
    expect(returned.out.replace(/ to .*$/m, "")).toBe(there.out.replace(/ to .*$/m, "").replace(seeded, postgres.url()));
    let copied = 0;
    for (const { name, columns } of copiedTables()) {
      const original = sqliteRows(seeded, name, columns);
      expect(sqliteRows(back, name, columns), name).toEqual(original);
      copied += original.length;
    }
    expect(copied).toBeGreaterThan(100);
    for (const table of ["agencies", "reports", "application_rows", "report_totals", "report_sections_fts", "agency_aliases"])
      expect(sqliteRows(seeded, table, ["rowid"]).length, table).toBeGreaterThan(0);
  });

  it("refuses a target holding data unless --replace, and leaves it as it was", async () => {
    const refused = await run(["--from", seeded, "--to", postgres.url()]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/target holds data.*--replace/);
    const replaced = await run(["--from", seeded, "--to", postgres.url(), "--replace"]);
    expect(replaced.code).toBe(0);
    const db = openPg(postgres.url());
    try {
      const { rows } = await db.$client.query(`SELECT count(*) AS n FROM reports`);
      expect(rows[0].n).toBe(sqliteRows(seeded, "reports", ["id"]).length);
      // The identity continues past the copied ids: a new agency gets the next id, not 1.
      const maxId = Math.max(...sqliteRows(seeded, "agencies", ["id"]).map((row) => row[0] as number));
      const inserted = await db.$client.query(`INSERT INTO agencies (name) VALUES ('新机关') RETURNING id`);
      expect(inserted.rows[0].id).toBe(maxId + 1);
    } finally {
      await closePg(db);
    }
  });

  it("says what is wrong with the command line or a missing source", async () => {
    expect((await run(["--from", seeded])).code).toBe(2);
    const missing = await run(["--from", join(dir, "none.db"), "--to", join(dir, "x.db")]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no SQLite database/);
    expect(existsSync(join(dir, "x.db"))).toBe(false);
  });
});
