import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePg, migratePg, openPg, PG_MIGRATIONS, type PgDb } from "../db/pg/client";
import { backfillSortKeys } from "../db/pg/sort-keys";
import { pinyinKey } from "../db/pinyin";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";

/**
 * PostgreSQL's migration 0004 adds agencies.name_sort_key with the default '', as SQLite's 0013 adds it; SQLite's fills
 * it in the migration with nianbao_pinyin(). A PostgreSQL database stored at 0003 with agencies in it must end with the
 * keys the writers give (db/pinyin.ts pinyinKey through db/write-rules.ts agencyNamed): migratePg fills them.
 */

type Journal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(readFileSync(join(PG_MIGRATIONS, "meta", "_journal.json"), "utf8")) as Journal;
const BEFORE = journal.entries.filter((entry) => entry.idx <= 3);

/** Polyphonic characters (重, 长, 单, 乐), full-width and ASCII letters, a character beyond the BMP. */
const NAMES = [
  "重庆市人民政府办公厅",
  "长沙市教育局",
  "单县财政局",
  "乐山市",
  "朝阳区卫生健康委员会",
  "蚌埠市",
  "亳州市",
  "ＡＢＣ局",
  "GOV办公室",
  "𠀀村委会",
  "厦门市",
];

/** 1,111 agencies, more than two of the backfill's batches. */
const agencyNames = () => Array.from({ length: 1_111 }, (_, i) => `${NAMES[i % NAMES.length]}第${i}处`);

describe.skipIf(!POSTGRES)(`agencies stored in PostgreSQL before migration 0004${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  let db: PgDb;
  let keysBefore: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-sort-keys-"));
    mkdirSync(join(dir, "meta"));
    for (const entry of BEFORE) copyFileSync(join(PG_MIGRATIONS, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
    writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: BEFORE }));
    db = openPg(postgres.url());
    await migrate(drizzle(db.$client), { migrationsFolder: dir });
    await db.$client.query(`INSERT INTO "agencies" ("name") SELECT unnest($1::text[])`, [agencyNames()]);
    keysBefore = (await db.$client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'agencies'`)).rows.map(
      (row: { column_name: string }) => row.column_name,
    );
    await migratePg(db);
  }, 120_000);
  afterAll(async () => {
    if (db) await closePg(db);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("get the writers' pinyin sort keys when the database is migrated", async () => {
    expect(keysBefore).not.toContain("name_sort_key");
    const { rows } = await db.$client.query<{ name: string; key: string }>(`SELECT "name", "name_sort_key" AS key FROM "agencies" ORDER BY "id"`);
    expect(rows).toHaveLength(1_111);
    expect(rows.filter((row) => row.key === "")).toEqual([]);
    expect(rows.filter((row) => row.key !== pinyinKey(row.name))).toEqual([]);
  });

  it("finds nothing left to key on the next migration, and leaves a key a writer gave alone", async () => {
    await db.$client.query(`INSERT INTO "agencies" ("name", "name_sort_key") VALUES ('新机关', 'given')`);
    const client = await db.$client.connect();
    try {
      expect(await backfillSortKeys(client)).toBe(0);
    } finally {
      client.release();
    }
    await migratePg(db);
    const given = await db.$client.query(`SELECT "name_sort_key" AS key FROM "agencies" WHERE "name" = '新机关'`);
    expect(given.rows).toEqual([{ key: "given" }]);
  });
});
