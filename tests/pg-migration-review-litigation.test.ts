import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePg, migratePg, openPg, PG_MIGRATIONS, type PgDb } from "../db/pg/client";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";
import { pgModel } from "./support/schema-model";

/**
 * PostgreSQL's migration 0004 renames 表四's table review_rows to review_litigation_rows, as SQLite's 0013 does. A
 * database made at 0003 with a report in it keeps its 表四 lines and report_totals, and the totals function and
 * triggers of migration 0002 keep working under the new names.
 */

type Journal = { entries: { idx: number; tag: string }[] };
const journal = JSON.parse(readFileSync(join(PG_MIGRATIONS, "meta", "_journal.json"), "utf8")) as Journal;
const BEFORE = journal.entries.filter((entry) => entry.idx <= 3);

const STORED_AT_0003 = [
  `INSERT INTO "agencies" ("name") VALUES ('平潭综合实验区财政金融局')`,
  `INSERT INTO "reports" ("agency_id", "year", "format_version", "period_start", "period_end", "is_current", "file_name", "sha256", "media_type",
     "ingested_at", "error_count", "warning_count", "info_count")
   VALUES (1, 2023, '2021', '2023-01-01', '2023-12-31', TRUE, 'a.pdf', 'aa', 'application/pdf', '2026-12-03T00:00:00Z', 0, 0, 0)`,
  `INSERT INTO "application_rows" ("report_id", "row", "naturalPerson", "total") VALUES (1, 'newReceived', 3, 5)`,
  `INSERT INTO "review_rows" ("report_id", "group", "upheld", "corrected", "other", "pending", "total") VALUES
     (1, 'reconsideration', 1, 2, 0, 1, 4), (1, 'litigationDirect', 0, 1, 0, 0, 1), (1, 'litigationAfterReconsideration', 2, 0, 1, 0, 3)`,
];

describe.skipIf(!POSTGRES)(`a PostgreSQL database stored at migration 0003${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  let db: PgDb;
  let reviewBefore: unknown[];
  let totalsBefore: unknown[];

  const rows = async (text: string) => (await db.$client.query(text)).rows;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-0004-"));
    mkdirSync(join(dir, "meta"));
    for (const entry of BEFORE) copyFileSync(join(PG_MIGRATIONS, `${entry.tag}.sql`), join(dir, `${entry.tag}.sql`));
    writeFileSync(join(dir, "meta", "_journal.json"), JSON.stringify({ ...journal, entries: BEFORE }));
    db = openPg(postgres.url());
    await migrate(drizzle(db.$client), { migrationsFolder: dir });
    for (const statement of STORED_AT_0003) await db.$client.query(statement);
    reviewBefore = await rows(`SELECT * FROM "review_rows" ORDER BY "group"`);
    totalsBefore = await rows(`SELECT * FROM "report_totals"`);
    await migratePg(db);
  });
  afterAll(async () => {
    if (db) await closePg(db);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps 表四's lines under the new name and report_totals as the old triggers filled it", async () => {
    expect(reviewBefore).toHaveLength(3);
    expect(totalsBefore).toEqual([expect.objectContaining({ reconsideration_corrected: 2, litigationAfterReconsideration_total: 3 })]);
    expect(await rows(`SELECT * FROM "review_litigation_rows" ORDER BY "group"`)).toEqual(reviewBefore);
    expect(await rows(`SELECT * FROM "report_totals"`)).toEqual(totalsBefore);
    expect(await rows(`SELECT to_regclass('public.review_rows') AS old`)).toEqual([{ old: null }]);
  });

  it("has the schema of a database made new, with the key, foreign key, function and triggers named after the table", async () => {
    const fresh = openPg(await postgres.server().createDatabase("pg_migration_0004_fresh"));
    try {
      await migratePg(fresh);
      expect(await pgModel(db.$client)).toEqual(await pgModel(fresh.$client));
    } finally {
      await closePg(fresh);
    }
    const named = await rows(
      `SELECT conname AS name FROM pg_constraint WHERE conrelid = 'review_litigation_rows'::regclass
       UNION ALL SELECT tgname FROM pg_trigger WHERE tgrelid = 'review_litigation_rows'::regclass AND NOT tgisinternal
       UNION ALL SELECT proname FROM pg_proc WHERE proname LIKE 'review%'
       ORDER BY 1`,
    );
    expect(named.map((row) => row.name)).toEqual([
      "review_litigation_rows_delete_totals",
      "review_litigation_rows_insert_totals",
      "review_litigation_rows_report_id_group_pk",
      "review_litigation_rows_report_id_reports_id_fk",
      "review_litigation_rows_totals",
      "review_litigation_rows_update_totals",
    ]);
  });

  it("keeps report_totals in step through the renamed triggers", async () => {
    const totals = async () => (await rows(`SELECT "reconsideration_corrected" AS corrected, "reconsideration_total" AS total FROM "report_totals"`))[0];
    await db.$client.query(`UPDATE "review_litigation_rows" SET "corrected" = 5, "total" = 7 WHERE "group" = 'reconsideration'`);
    expect(await totals()).toEqual({ corrected: 5, total: 7 });
    await db.$client.query(`DELETE FROM "review_litigation_rows" WHERE "group" = 'reconsideration'`);
    expect(await totals()).toEqual({ corrected: null, total: null });
    await db.$client.query(`INSERT INTO "review_litigation_rows" ("report_id", "group", "corrected", "total") VALUES (1, 'reconsideration', 1, 1)`);
    expect(await totals()).toEqual({ corrected: 1, total: 1 });
  });
});
