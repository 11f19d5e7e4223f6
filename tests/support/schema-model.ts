import type Database from "better-sqlite3";
import { is } from "drizzle-orm";
import { getTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { sectionsFts } from "../../db/fts";
import * as sqliteSchema from "../../db/schema";

/**
 * One database's tables as both dialects can state them, read from a live database (SQLite's PRAGMAs, PostgreSQL's
 * information_schema and catalogs), so two databases built by their own migrations can be compared
 * (tests/pg-schema.test.ts).
 */

/** A column's type as both dialects have it: SQLite INTEGER ↔ integer/bigint/smallint, REAL ↔ double precision/real. */
export type ColumnType = "integer" | "real" | "text" | "boolean";

export type Column = { type: ColumnType; notNull: boolean; default: string | null; identity: boolean };
export type Index = { unique: boolean; columns: string[]; method: string };
export type ForeignKey = { columns: string[]; table: string; refColumns: string[]; onDelete: string };
export type Table = {
  columns: Record<string, Column>;
  primaryKey: string[];
  indexes: Record<string, Index>;
  foreignKeys: ForeignKey[];
};
export type Trigger = { name: string; table: string; event: string };
export type SchemaModel = { tables: Record<string, Table>; triggers: Trigger[] };

const byName = <T>(entries: [string, T][]): Record<string, T> => Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));

function sqliteType(declared: string): ColumnType {
  const type = declared.toLowerCase();
  if (type === "integer") return "integer";
  if (type === "real") return "real";
  if (type === "text") return "text";
  throw new Error(`a SQLite column declared ${JSON.stringify(declared)}: no PostgreSQL type is mapped to it`);
}

function pgType(dataType: string): ColumnType {
  if (["integer", "bigint", "smallint"].includes(dataType)) return "integer";
  if (["double precision", "real"].includes(dataType)) return "real";
  if (["text", "character varying"].includes(dataType)) return "text";
  if (dataType === "boolean") return "boolean";
  throw new Error(`a PostgreSQL column of type ${dataType}: no SQLite type is mapped to it`);
}

/** A default as text without PostgreSQL's cast: `''::text` → `''`. */
const plainDefault = (value: string | null) => (value === null ? null : value.replace(/::[a-z ]+$/i, ""));

/**
 * The drizzle definitions of SQLite's tables: SQLite keeps a boolean in an INTEGER and declares no type on an FTS5
 * column, so what the column holds is read from the definition the code writes it with (db/schema.ts, db/fts.ts).
 */
const sqliteDefinitions = new Map(
  ([...Object.values(sqliteSchema), sectionsFts] as unknown[])
    .filter((value): value is SQLiteTable => is(value, SQLiteTable))
    .map((table) => [getTableConfig(table).name, getTableConfig(table)]),
);

/** The FTS5 shadow tables SQLite keeps beside a virtual table (its index, not data of ours). */
const FTS5_SHADOWS = ["_data", "_idx", "_content", "_docsize", "_config"];

export type SqliteModel = SchemaModel & { virtualTables: string[] };

export function sqliteModel(db: Database.Database): SqliteModel {
  const master = db
    .prepare("SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%'")
    .all() as { type: string; name: string; tableName: string; sql: string | null }[];
  const virtualTables = master.filter((m) => m.type === "table" && /^CREATE VIRTUAL TABLE/i.test(m.sql ?? "")).map((m) => m.name);
  const shadows = new Set(virtualTables.flatMap((name) => FTS5_SHADOWS.map((suffix) => name + suffix)));
  const tables = master.filter((m) => m.type === "table" && !shadows.has(m.name));
  const model = byName(
    tables.map(({ name, sql }): [string, Table] => {
      const definition = sqliteDefinitions.get(name);
      const virtual = virtualTables.includes(name);
      const info = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
      const columns = byName(
        info.map((c): [string, Column] => {
          const defined = definition?.columns.find((d) => d.name === c.name);
          if (virtual && !defined) throw new Error(`the virtual table ${name}'s column ${c.name} has no drizzle definition to give its type`);
          const type = defined?.columnType === "SQLiteBoolean" ? "boolean" : virtual ? sqliteType(defined!.getSQLType()) : sqliteType(c.type);
          const identity = c.pk > 0 && new RegExp(`["\`]?${c.name}["\`]?\\s+integer\\s+PRIMARY KEY AUTOINCREMENT`, "i").test(sql ?? "");
          return [c.name, { type, notNull: virtual ? defined!.notNull : c.notnull === 1, default: c.dflt_value, identity }];
        }),
      );
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const list = virtual ? [] : (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]);
      const indexes = byName(
        list
          .filter((i) => i.origin !== "pk")
          .map((i): [string, Index] => {
            const cols = db.prepare(`PRAGMA index_info("${i.name}")`).all() as { seqno: number; name: string }[];
            const columns = cols.sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
            return [i.name, { unique: i.unique === 1, columns, method: "btree" }];
          }),
      );
      const fks = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as {
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_delete: string;
      }[];
      const foreignKeys = [...new Set(fks.map((f) => f.id))].map((id): ForeignKey => {
        const parts = fks.filter((f) => f.id === id).sort((a, b) => a.seq - b.seq);
        return { columns: parts.map((p) => p.from), table: parts[0]!.table, refColumns: parts.map((p) => p.to), onDelete: parts[0]!.on_delete.toLowerCase() };
      });
      return [name, { columns, primaryKey, indexes, foreignKeys: sortKeys(foreignKeys) }];
    }),
  );
  const triggers = master
    .filter((m) => m.type === "trigger")
    .map((m) => ({ name: m.name, table: m.tableName, event: /\b(INSERT|UPDATE|DELETE)\b/i.exec(m.sql ?? "")![1]!.toUpperCase() }));
  return { tables: model, triggers: sortTriggers(triggers), virtualTables };
}

const sortKeys = (keys: ForeignKey[]) => keys.sort((a, b) => a.columns.join().localeCompare(b.columns.join()));
const sortTriggers = (triggers: Trigger[]) => triggers.sort((a, b) => a.name.localeCompare(b.name));

const ON_DELETE: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

/** The model of the public schema of the database `client` is connected to (drizzle's own table is in schema drizzle). */
export async function pgModel(client: { query(text: string): Promise<{ rows: unknown[] }> }): Promise<SchemaModel> {
  const rows = async <T>(text: string) => (await client.query(text)).rows as T[];
  const tableNames = await rows<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
  );
  const columnRows = await rows<{ table: string; name: string; dataType: string; nullable: string; default: string | null; identity: string }>(
    `SELECT table_name AS "table", column_name AS name, data_type AS "dataType", is_nullable AS nullable,
            column_default AS "default", is_identity AS identity
     FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  const indexRows = await rows<{ table: string; name: string; unique: boolean; primary: boolean; method: string; columns: string[] }>(
    `SELECT t.relname AS "table", i.relname AS name, x.indisunique AS "unique", x.indisprimary AS "primary", am.amname AS method,
            array(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord) AS columns
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     JOIN pg_am am ON am.oid = i.relam
     WHERE n.nspname = 'public'`,
  );
  const keyRows = await rows<{ table: string; refTable: string; columns: string[]; refColumns: string[]; onDelete: string }>(
    `SELECT t.relname AS "table", r.relname AS "refTable", c.confdeltype AS "onDelete",
            array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
            array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "refColumns"
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_class r ON r.oid = c.confrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  const triggerRows = await rows<Trigger>(
    `SELECT trigger_name AS name, event_object_table AS "table", event_manipulation AS event
     FROM information_schema.triggers WHERE trigger_schema = 'public'`,
  );
  const tables = byName(
    tableNames.map(({ name }): [string, Table] => {
      const columns = byName(
        columnRows
          .filter((c) => c.table === name)
          .map((c): [string, Column] => [
            c.name,
            { type: pgType(c.dataType), notNull: c.nullable === "NO", default: plainDefault(c.default), identity: c.identity === "YES" },
          ]),
      );
      const mine = indexRows.filter((i) => i.table === name);
      const primaryKey = mine.find((i) => i.primary)?.columns ?? [];
      const indexes = byName(mine.filter((i) => !i.primary).map((i): [string, Index] => [i.name, { unique: i.unique, columns: i.columns, method: i.method }]));
      const foreignKeys = keyRows
        .filter((k) => k.table === name)
        .map((k): ForeignKey => ({ columns: k.columns, table: k.refTable, refColumns: k.refColumns, onDelete: ON_DELETE[k.onDelete] ?? k.onDelete }));
      return [name, { columns, primaryKey, indexes, foreignKeys: sortKeys(foreignKeys) }];
    }),
  );
  return { tables, triggers: sortTriggers(triggerRows) };
}

/** Every difference between two models, one line each ("" when equal): what the comparison test reports. */
export function differences(sqlite: SchemaModel, postgres: SchemaModel): string[] {
  const out: string[] = [];
  const both = <T>(a: Record<string, T>, b: Record<string, T>, what: (name: string) => string, each: (name: string, x: T, y: T) => void) => {
    for (const name of Object.keys(a)) if (!(name in b)) out.push(`${what(name)}: only in SQLite`);
    for (const name of Object.keys(b)) if (!(name in a)) out.push(`${what(name)}: only in PostgreSQL`);
    for (const name of Object.keys(a)) if (name in b) each(name, a[name]!, b[name]!);
  };
  const same = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${what}: SQLite ${JSON.stringify(x)}, PostgreSQL ${JSON.stringify(y)}`);
  };
  both(
    sqlite.tables,
    postgres.tables,
    (name) => `table ${name}`,
    (table, x, y) => {
      both(
        x.columns,
        y.columns,
        (name) => `column ${table}.${name}`,
        (column, a, b) => same(`column ${table}.${column}`, a, b),
      );
      same(`primary key of ${table}`, x.primaryKey, y.primaryKey);
      both(
        x.indexes,
        y.indexes,
        (name) => `index ${table}.${name}`,
        (index, a, b) => same(`index ${table}.${index}`, a, b),
      );
      same(`foreign keys of ${table}`, x.foreignKeys, y.foreignKeys);
    },
  );
  const triggers = (model: SchemaModel) => Object.fromEntries(model.triggers.map((t) => [t.name, t]));
  both(
    triggers(sqlite),
    triggers(postgres),
    (name) => `trigger ${name}`,
    (name, a, b) => same(`trigger ${name}`, a, b),
  );
  return out;
}
