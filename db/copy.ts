import { existsSync } from "node:fs";
import { getTableConfig } from "drizzle-orm/pg-core";
import type pg from "pg";
import { type Db, openReadonlyDb, openWritableDb } from "./client";
import { isUnreachable, withoutPassword } from "./database-url";
import { closePg, isPostgresUrl, migratePg, openPg, type PgDb } from "./pg/client";
import * as pgSchema from "./pg/schema";

/**
 * The copy between the two stores (issue 20, 6): `npm run db:copy -- --from data/nianbao.db --to postgres://…` and back.
 * Every table of the schema is copied in dependency order, in batches, ids kept, into a migrated target, in one
 * transaction there; the target's identity sequences are set past the copied ids. report_totals is copied as it is:
 * the triggers on application_rows and review_litigation_rows fill it while those are copied, so it is emptied first and then
 * takes the source's lines (the pg-totals test holds both engines' triggers to the same lines, so they would agree).
 * The search index (report_sections_fts) is rebuilt on the target from the source's rows: in SQLite an FTS5 table
 * indexes what is inserted, in PostgreSQL the trigram index does. A PostgreSQL target's copied tables are analyzed
 * after the commit, so the planner knows their sizes from the first read on.
 */

/** The tables in the order their foreign keys allow (a table after those it references). */
export const COPIED_TABLES = [
  pgSchema.agencies,
  pgSchema.reports,
  pgSchema.agencyAliases,
  pgSchema.agencyKeys,
  pgSchema.applicationRows,
  pgSchema.reviewLitigationRows,
  pgSchema.reportTotals,
  pgSchema.agencyTotals,
  pgSchema.proactiveCells,
  pgSchema.numberPages,
  pgSchema.reportSections,
  pgSchema.sectionsFts,
  pgSchema.reportIssues,
  pgSchema.regionYearAgencies,
  pgSchema.currentIssueCodes,
  pgSchema.reportProvenance,
  pgSchema.crawlPages,
  pgSchema.crawlLinks,
];

/** Filled by the triggers on the rows copied before it: emptied before its own lines are copied. */
const TRIGGER_FILLED = getTableConfig(pgSchema.reportTotals).name;

export type CopiedTable = { name: string; columns: string[]; booleans: Set<string> };

/** Each table's name and columns, the same in both schemas (tests/pg-schema.test.ts holds them equal). */
export function copiedTables(): CopiedTable[] {
  return COPIED_TABLES.map((table) => {
    const config = getTableConfig(table);
    return {
      name: config.name,
      columns: config.columns.map((column) => column.name),
      booleans: new Set(config.columns.filter((column) => column.dataType === "boolean").map((column) => column.name)),
    };
  });
}

export type Endpoint = { kind: "sqlite"; db: Db } | { kind: "pg"; db: PgDb };

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const columnList = (table: CopiedTable) => table.columns.map(quote).join(", ");

// ── Reading the source ───────────────────────────────────────────────────────────────────────────────────

interface Source {
  batches(table: CopiedTable, size: number): AsyncIterable<unknown[][]>;
  close(): Promise<void>;
}

/** SQLite: one deferred read transaction around the whole copy, each table read by one iterating statement. */
function sqliteSource(db: Db): Source {
  db.$client.exec("BEGIN DEFERRED");
  return {
    async *batches(table, size) {
      const statement = db.$client.prepare(`SELECT ${columnList(table)} FROM ${quote(table.name)}`).raw(true);
      let batch: unknown[][] = [];
      for (const row of statement.iterate() as Iterable<unknown[]>) {
        batch.push(row);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },
    async close() {
      if (db.$client.inTransaction) db.$client.exec("COMMIT");
    },
  };
}

/**
 * PostgreSQL: one REPEATABLE READ READ ONLY transaction on one connection (every table from one snapshot), each table
 * read through a cursor, a batch per FETCH: no OFFSET rescanning the rows before each batch.
 */
async function pgSource(db: PgDb): Promise<Source> {
  const client = await db.$client.connect();
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  return {
    batches: (table, size) => cursorBatches(client, `SELECT ${columnList(table)} FROM ${quote(table.name)}`, size, "array"),
    async close() {
      try {
        await client.query("COMMIT");
      } finally {
        client.release();
      }
    },
  };
}

let cursors = 0;

/** The rows of a SELECT through a cursor of the connection's open transaction, `size` rows a batch. */
export async function* cursorBatches<Mode extends "array" | "object">(
  client: pg.PoolClient,
  select: string,
  size: number,
  mode: Mode,
): AsyncGenerator<Mode extends "array" ? unknown[][] : Record<string, unknown>[]> {
  const cursor = `nianbao_copy_${++cursors}`;
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${select}`);
  try {
    for (;;) {
      const { rows } = await client.query({ text: `FETCH ${size} FROM ${cursor}`, ...(mode === "array" ? { rowMode: "array" as const } : {}) });
      if (rows.length) yield rows as never;
      if (rows.length < size) return;
    }
  } finally {
    await client.query(`CLOSE ${cursor}`);
  }
}

// ── Writing the target ───────────────────────────────────────────────────────────────────────────────────

interface Target {
  count(table: CopiedTable): Promise<number>;
  begin(): Promise<void>;
  clear(tables: CopiedTable[]): Promise<void>;
  insert(table: CopiedTable, rows: unknown[][]): Promise<void>;
  /** After the copy: identity sequences past the copied ids (PostgreSQL). */
  finish(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** SQLite: one write transaction held across the awaits of the source's reads (the connection is the copy's alone). */
function sqliteTarget(db: Db): Target {
  const client = db.$client;
  return {
    async count(table) {
      return (client.prepare(`SELECT count(*) AS n FROM ${quote(table.name)}`).get() as { n: number }).n;
    },
    async begin() {
      client.exec("BEGIN IMMEDIATE");
    },
    async clear(tables) {
      for (const table of [...tables].reverse()) client.exec(`DELETE FROM ${quote(table.name)}`);
    },
    async insert(table, rows) {
      const marks = table.columns.map(() => "?").join(", ");
      const statement = client.prepare(`INSERT INTO ${quote(table.name)} (${columnList(table)}) VALUES (${marks})`);
      const booleanAt = table.columns.map((column) => table.booleans.has(column));
      for (const row of rows) statement.run(row.map((value, i) => (booleanAt[i] && typeof value === "boolean" ? Number(value) : value)));
    },
    async finish() {
      // AUTOINCREMENT's sqlite_sequence follows the largest id inserted: nothing to set.
    },
    async commit() {
      client.exec("COMMIT");
    },
    async rollback() {
      if (client.inTransaction) client.exec("ROLLBACK");
    },
  };
}

/** PostgreSQL's limit of parameters in one statement. */
const MAX_PARAMETERS = 65_535;

async function pgTarget(db: PgDb): Promise<Target> {
  const client: pg.PoolClient = await db.$client.connect();
  let released = false;
  const release = () => {
    if (!released) client.release();
    released = true;
  };
  return {
    async count(table) {
      const { rows } = await client.query(`SELECT count(*) AS n FROM ${quote(table.name)}`);
      return Number(rows[0].n);
    },
    async begin() {
      await client.query("BEGIN");
    },
    async clear(tables) {
      await client.query(`TRUNCATE ${tables.map((table) => quote(table.name)).join(", ")} RESTART IDENTITY CASCADE`);
    },
    async insert(table, rows) {
      const width = table.columns.length;
      const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / width));
      const booleanAt = table.columns.map((column) => table.booleans.has(column));
      for (let start = 0; start < rows.length; start += perStatement) {
        const chunk = rows.slice(start, start + perStatement);
        const values = chunk.map((_, r) => `(${table.columns.map((__, c) => `$${r * width + c + 1}`).join(", ")})`).join(", ");
        const params = chunk.flatMap((row) => row.map((value, i) => (booleanAt[i] && typeof value === "number" ? value !== 0 : value)));
        await client.query(`INSERT INTO ${quote(table.name)} (${columnList(table)}) VALUES ${values}`, params);
      }
    },
    async finish() {
      const { rows } = await client.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`,
      );
      for (const { table_name: table, column_name: column } of rows) {
        await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce((SELECT max(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`, [
          quote(table),
          column,
        ]);
      }
    },
    async commit() {
      try {
        await client.query("COMMIT");
        // The planner's statistics of the copied tables: without them it plans every page's reads blind (a bulk
        // copy leaves none, and autovacuum takes them only a minute or more later).
        await client.query(
          `ANALYZE ${copiedTables()
            .map((table) => quote(table.name))
            .join(", ")}`,
        );
      } finally {
        release();
      }
    },
    async rollback() {
      // Nothing to take back once committed (an ANALYZE that failed after the commit leaves the copy whole).
      if (released) return;
      try {
        await client.query("ROLLBACK");
      } finally {
        release();
      }
    },
  };
}

// ── The copy ─────────────────────────────────────────────────────────────────────────────────────────────

export type CopyOptions = {
  /** Empty a target that holds data first; without it such a target is refused. */
  replace?: boolean;
  batchSize?: number;
  /** Called after each table with its count of copied rows. */
  onTable?: (table: string, rows: number) => void;
};

export type TableCount = { table: string; rows: number };

export class NonEmptyTargetError extends Error {}

/** Copies every table from one open store to another (both migrated to the same schema). */
export async function copyTables(from: Endpoint, to: Endpoint, options: CopyOptions = {}): Promise<TableCount[]> {
  const tables = copiedTables();
  const target = to.kind === "sqlite" ? sqliteTarget(to.db) : await pgTarget(to.db);
  const filled: string[] = [];
  for (const table of tables) if ((await target.count(table)) > 0) filled.push(table.name);
  if (filled.length && !options.replace) {
    await target.rollback().catch(() => undefined);
    throw new NonEmptyTargetError(`the target holds data (${filled.join(", ")}): pass --replace to empty it first`);
  }
  const source = from.kind === "sqlite" ? sqliteSource(from.db) : await pgSource(from.db);
  const counts: TableCount[] = [];
  try {
    await target.begin();
    if (filled.length) await target.clear(tables);
    for (const table of tables) {
      if (table.name === TRIGGER_FILLED) await target.clear([table]);
      let rows = 0;
      for await (const batch of source.batches(table, options.batchSize ?? 5000)) {
        await target.insert(table, batch);
        rows += batch.length;
      }
      counts.push({ table: table.name, rows });
      options.onTable?.(table.name, rows);
    }
    await target.finish();
    await target.commit();
  } catch (error) {
    await target.rollback().catch(() => undefined);
    throw error;
  } finally {
    await source.close();
  }
  return counts;
}

/** Runs a PostgreSQL side's first statements; on failure closes its pool and names the database (its server unreachable or other). */
async function reached(location: string, db: PgDb, first: () => Promise<unknown>): Promise<void> {
  try {
    await first();
  } catch (error) {
    await closePg(db);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot use the database ${withoutPassword(location)}${isUnreachable(error) ? " (its server does not answer)" : ""}: ${reason}`, {
      cause: error,
    });
  }
}

/** Opens a --from store: a SQLite file read-only (it must exist), or a PostgreSQL database as it is. */
async function openSource(location: string): Promise<{ endpoint: Endpoint; close(): Promise<void> }> {
  if (isPostgresUrl(location)) {
    const db = openPg(location, { max: 2 });
    await reached(location, db, () => db.$client.query("SELECT 1"));
    return { endpoint: { kind: "pg", db }, close: () => closePg(db) };
  }
  if (!existsSync(location)) throw new Error(`no SQLite database at ${location}`);
  const db = openReadonlyDb(location);
  return { endpoint: { kind: "sqlite", db }, close: async () => void db.$client.close() };
}

/** Opens a --to store, created if new and migrated to the current schema. */
async function openTarget(location: string): Promise<{ endpoint: Endpoint; close(): Promise<void> }> {
  if (isPostgresUrl(location)) {
    const db = openPg(location, { max: 2 });
    await reached(location, db, () => migratePg(db));
    return { endpoint: { kind: "pg", db }, close: () => closePg(db) };
  }
  const db = openWritableDb(location);
  return { endpoint: { kind: "sqlite", db }, close: async () => void db.$client.close() };
}

/** `db:copy`: from a SQLite file or PostgreSQL URL to another, the target created and migrated if new. */
export async function copyDatabase(from: string, to: string, options: CopyOptions = {}): Promise<TableCount[]> {
  const source = await openSource(from);
  try {
    const target = await openTarget(to);
    try {
      return await copyTables(source.endpoint, target.endpoint, options);
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
