import { readFileSync } from "node:fs";
import { getTableColumns, is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable, getTableConfig as sqliteTableConfig } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import * as ftsTables from "../db/fts";
import { closePg, migratePg, openPg } from "../db/pg/client";
import * as pgSchema from "../db/pg/schema";
import * as sqliteSchema from "../db/schema";
import { useBothDatabases } from "./support/both-databases";
import { POSTGRES, POSTGRES_SKIP } from "./support/postgres";
import { differences, pgModel, type SchemaModel, type SqliteModel, sqliteModel } from "./support/schema-model";

/**
 * One schema, two dialects (issue 20, 2): a SQLite database and a PostgreSQL one, each made from scratch by its own
 * migrations (db/migrations, db/pg/migrations), hold the same tables, columns, types, keys, indexes and triggers. The
 * only differences allowed are the dialects' own, named in DIALECT_DIFFERENCES.
 */

/**
 * SQLite's search index is an FTS5 virtual table (trigram tokenizer): no key, no foreign key, no index of its own (FTS5
 * keeps its index in shadow tables, left out of the model). PostgreSQL's is a plain table of the same name and columns
 * with a pg_trgm GIN index on the text, a key (one row per report and part) and a cascading foreign key.
 */
const SEARCH_TABLE = "report_sections_fts";
const DIALECT_DIFFERENCES = [
  `primary key of ${SEARCH_TABLE}: SQLite [], PostgreSQL ["report_id","part"]`,
  `index ${SEARCH_TABLE}.report_sections_fts_body_trgm: only in PostgreSQL`,
  `foreign keys of ${SEARCH_TABLE}: SQLite [], PostgreSQL [{"columns":["report_id"],"table":"reports","refColumns":["id"],"onDelete":"cascade"}]`,
  // One current report per agency and year (partial, WHERE is_current): PostgreSQL takes many writers at once, SQLite
  // one at a time (BEGIN IMMEDIATE), so only there can the order of writers need the database to hold it.
  "index reports.reports_one_current: only in PostgreSQL",
];

describe.skipIf(!POSTGRES)(`the PostgreSQL schema against SQLite's${POSTGRES_SKIP}`, () => {
  const databases = useBothDatabases(import.meta.filename);
  const { sqlite, pg: pgDb } = databases;
  let sqliteSide: SqliteModel;
  let pgSide: SchemaModel;

  beforeAll(async () => {
    sqliteSide = sqliteModel(sqlite().$client);
    pgSide = await pgModel(pgDb().$client);
  });

  it("holds the same tables, columns, types, keys, indexes and triggers, apart from the search index's dialect", () => {
    expect(sqliteSide.virtualTables).toEqual([SEARCH_TABLE]);
    expect(Object.keys(sqliteSide.tables).length).toBeGreaterThanOrEqual(15);
    expect(sqliteSide.triggers).toHaveLength(6);
    expect(pgSide.tables[SEARCH_TABLE]?.indexes.report_sections_fts_body_trgm).toEqual({ unique: false, columns: ["body"], method: "gin" });
    expect(differences(sqliteSide, pgSide)).toEqual(DIALECT_DIFFERENCES);
  });

  it("maps the types: counts integer, 表二's values real (double precision), is_current boolean, ids identities", () => {
    const reports = pgSide.tables.reports!;
    expect(reports.columns.id).toEqual({ type: "integer", notNull: true, default: null, identity: true });
    expect(reports.columns.is_current?.type).toBe("boolean");
    expect(sqliteSide.tables.reports!.columns.is_current?.type).toBe("boolean");
    expect(pgSide.tables.proactive_cells!.columns.value?.type).toBe("real");
    expect(pgSide.tables.agencies!.columns.region_code).toEqual({ type: "text", notNull: true, default: "''", identity: false });
  });

  it("is what db/pg/schema.ts declares: no change of the drizzle schema is left without its migration", () => {
    const declared = (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable)).map((table) => getTableConfig(table));
    expect(declared.map((t) => t.name).sort()).toEqual(Object.keys(pgSide.tables).sort());
    for (const table of declared) {
      const stored = pgSide.tables[table.name]!;
      expect(table.columns.map((c) => `${c.name} ${c.notNull ? "not null" : "null"}`).sort(), table.name).toEqual(
        Object.entries(stored.columns)
          .map(([name, c]) => `${name} ${c.notNull ? "not null" : "null"}`)
          .sort(),
      );
      expect(table.indexes.map((i) => i.config.name).sort(), table.name).toEqual(Object.keys(stored.indexes).sort());
    }
  });

  it("is migrated by two processes at once: the second waits for the first and finds its migrations applied", async () => {
    const url = await databases.server().createDatabase("pg_schema_concurrent");
    const [first, second] = [openPg(url, { max: 2 }), openPg(url, { max: 2 })];
    try {
      await Promise.all([migratePg(first), migratePg(second)]);
      expect(differences(await pgModel(first.$client), pgSide)).toEqual([]);
      const applied = await first.$client.query(`SELECT count(*) AS n FROM "drizzle"."__drizzle_migrations"`);
      const journal = JSON.parse(readFileSync("db/pg/migrations/meta/_journal.json", "utf8")) as { entries: unknown[] };
      expect(applied.rows[0]).toEqual({ n: journal.entries.length });
    } finally {
      await Promise.all([closePg(first), closePg(second)]);
    }
  });

  it("exports each table under the same name with the same fields as db/schema.ts and db/fts.ts, so queries port by name", () => {
    const columns = (table: PgTable | SQLiteTable) => Object.entries(getTableColumns(table)).map(([field, column]) => `${field}: ${column.name}`);
    const tables = (module: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(module)
          .filter((entry): entry is [string, PgTable | SQLiteTable] => is(entry[1], PgTable) || is(entry[1], SQLiteTable))
          .map(([name, table]) => [
            name,
            { table: is(table, PgTable) ? getTableConfig(table).name : sqliteTableConfig(table).name, columns: columns(table).sort() },
          ])
          .sort(([a], [b]) => String(a).localeCompare(String(b))),
      );
    expect(tables(pgSchema)).toEqual(tables({ ...sqliteSchema, ...ftsTables }));
  });

  /** Runs `change` on each side inside a transaction that is rolled back (both dialects' DDL is transactional). */
  async function altered(changeSqlite: string | null, changePg: string | null): Promise<string[]> {
    const client = await pgDb().$client.connect();
    try {
      await client.query("BEGIN");
      if (changePg) await client.query(changePg);
      const pgAltered = await pgModel(client);
      await client.query("ROLLBACK");
      const db = sqlite().$client;
      db.exec("BEGIN");
      try {
        if (changeSqlite) db.exec(changeSqlite);
        return differences(sqliteModel(db), pgAltered).filter((line) => !DIALECT_DIFFERENCES.includes(line));
      } finally {
        db.exec("ROLLBACK");
      }
    } finally {
      client.release();
    }
  }

  it("fails when a column is added to one dialect only", async () => {
    expect(await altered(null, `ALTER TABLE "reports" ADD COLUMN "source_url" text`)).toEqual(["column reports.source_url: only in PostgreSQL"]);
    expect(await altered(`ALTER TABLE "reports" ADD COLUMN "source_url" text`, null)).toEqual(["column reports.source_url: only in SQLite"]);
    // Added to both, it passes.
    expect(await altered(`ALTER TABLE "reports" ADD COLUMN "source_url" text`, `ALTER TABLE "reports" ADD COLUMN "source_url" text`)).toEqual([]);
  });

  it("fails on a type, a nullability, an index, a key or a trigger that differs", async () => {
    expect(await altered(null, `ALTER TABLE "reports" ALTER COLUMN "pages" TYPE text`)).toEqual([
      'column reports.pages: SQLite {"type":"integer","notNull":false,"default":null,"identity":false}, PostgreSQL {"type":"text","notNull":false,"default":null,"identity":false}',
    ]);
    expect(await altered(null, `ALTER TABLE "reports" ALTER COLUMN "pages" SET NOT NULL`)).toHaveLength(1);
    expect(await altered(`CREATE INDEX "reports_pages" ON "reports" ("pages")`, null)).toEqual(["index reports.reports_pages: only in SQLite"]);
    expect(await altered(`CREATE INDEX "reports_pages" ON "reports" ("pages")`, `CREATE INDEX "reports_pages" ON "reports" ("pages", "year")`)).toEqual([
      'index reports.reports_pages: SQLite {"unique":false,"columns":["pages"],"method":"btree"}, PostgreSQL {"unique":false,"columns":["pages","year"],"method":"btree"}',
    ]);
    expect(await altered(null, `ALTER TABLE "report_sections" DROP CONSTRAINT "report_sections_report_id_reports_id_fk"`)).toEqual([
      'foreign keys of report_sections: SQLite [{"columns":["report_id"],"table":"reports","refColumns":["id"],"onDelete":"cascade"}], PostgreSQL []',
    ]);
    expect(await altered(`DROP TRIGGER "review_litigation_rows_delete_totals"`, null)).toEqual([
      "trigger review_litigation_rows_delete_totals: only in PostgreSQL",
    ]);
    expect(await altered(null, `CREATE TABLE "extra" ("id" integer PRIMARY KEY)`)).toEqual(["table extra: only in PostgreSQL"]);
  });
});
