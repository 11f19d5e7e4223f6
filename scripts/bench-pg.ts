import Database from "better-sqlite3";
import { copyDatabase } from "../db/copy";
import { closePg, isPostgresUrl, openPg } from "../db/pg/client";
import { findPostgres, type PostgresServer, startPostgres } from "../db/pg/server";

/**
 * `npm run bench -- --store postgres`: the SQLite benchmark database copied by db/copy.ts (as `npm run db:copy`) into a
 * PostgreSQL database, which `next start` then reads through DATABASE_URL. The database is a throwaway server's
 * (db/pg/server.ts, in a temporary folder, stopped by stop()), or $DATABASE_URL's when it names one: that database must
 * be empty, as db:copy refuses a target holding data, unless NIANBAO_BENCH_REUSE_PG=1 says it holds the copy already
 * (kept from an earlier run: the copy of 10⁵ reports takes minutes); its reports are then counted against the file's.
 */

export const STORES = ["sqlite", "postgres"] as const;
export type StoreKind = (typeof STORES)[number];

export function storeKind(text: string | undefined): StoreKind {
  if (text === undefined) return "sqlite";
  if (!(STORES as readonly string[]).includes(text)) throw new Error(`--store takes ${STORES.join(" or ")}, not ${text}`);
  return text as StoreKind;
}

export type BenchPostgres = {
  url: string;
  /** Where the database lives and how the copy went, for the table's note. */
  note: string;
  /** Bytes of the database on the server (tables, indexes, TOAST). */
  bytes(): Promise<number>;
  stop(): void;
};

const BENCH_DATABASE = "nianbao_bench";

/** A PostgreSQL database holding a copy of the SQLite file `sqlitePath`; stop() stops a throwaway server. */
export async function benchPostgres(sqlitePath: string, log: (line: string) => void): Promise<BenchPostgres> {
  const given = process.env.DATABASE_URL;
  let server: PostgresServer | null = null;
  let url: string;
  let where: string;
  if (given && isPostgresUrl(given)) {
    url = given;
    where = "the database of $DATABASE_URL";
  } else {
    const binaries = findPostgres();
    if (!binaries) throw new Error("--store postgres: no initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin, and no postgres:// DATABASE_URL");
    log(`throwaway PostgreSQL server (${binaries.version})…`);
    server = await startPostgres(binaries);
    // startPostgres stops the server at the process's exit, which Ctrl-C or a kill would skip.
    process.once("SIGINT", exitOnSignal).once("SIGTERM", exitOnSignal);
    url = await server.createDatabase(BENCH_DATABASE);
    where = `a throwaway ${binaries.version.replace(/^pg_ctl \(PostgreSQL\) /, "PostgreSQL ")} server (initdb in a temporary folder, fsync off)`;
  }
  try {
    if (server === null && process.env.NIANBAO_BENCH_REUSE_PG === "1") {
      await sameReports(sqlitePath, url);
      log("reusing the copy already in $DATABASE_URL (NIANBAO_BENCH_REUSE_PG=1)…");
      return {
        url,
        note: `${where}, holding a copy of the SQLite benchmark database made before (reused: NIANBAO_BENCH_REUSE_PG=1)`,
        bytes: () => databaseBytes(url),
        stop: () => undefined,
      };
    }
    log("copying the benchmark database into PostgreSQL (db/copy.ts)…");
    const cpu = process.cpuUsage();
    const started = performance.now();
    const counts = await copyDatabase(sqlitePath, url);
    const seconds = (performance.now() - started) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    const rows = counts.reduce((sum, table) => sum + table.rows, 0);
    return {
      url,
      note: `${where}; the SQLite benchmark database copied into it by db/copy.ts (npm run db:copy): ${rows} rows of ${counts.length} tables in ${seconds.toFixed(0)} s wall, ${((user + system) / 1e6).toFixed(0)} s CPU of the copying process (the server's not counted)`,
      bytes: () => databaseBytes(url),
      stop: () => stopServer(server),
    };
  } catch (error) {
    stopServer(server);
    throw error;
  }
}

function exitOnSignal(signal: NodeJS.Signals): void {
  process.exit(signal === "SIGINT" ? 130 : 143);
}

function stopServer(server: PostgresServer | null): void {
  process.off("SIGINT", exitOnSignal).off("SIGTERM", exitOnSignal);
  server?.stop();
}

async function databaseBytes(url: string): Promise<number> {
  const db = openPg(url, { max: 1 });
  try {
    const result = await db.$client.query<{ bytes: string }>("SELECT pg_database_size(current_database()) AS bytes");
    return Number(result.rows[0]!.bytes);
  } finally {
    await closePg(db);
  }
}

/** Throws unless the database at `url` holds as many reports and agencies as the SQLite file: a copy made before. */
async function sameReports(sqlitePath: string, url: string): Promise<void> {
  const file = new Database(sqlitePath, { readonly: true });
  const db = openPg(url, { max: 1 });
  try {
    const counts = "SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM agencies) AS agencies";
    const inFile = file.prepare(counts).get() as { reports: number; agencies: number };
    const inPg = (await db.$client.query<{ reports: number; agencies: number }>(counts)).rows[0]!;
    if (Number(inPg.reports) !== inFile.reports || Number(inPg.agencies) !== inFile.agencies)
      throw new Error(
        `NIANBAO_BENCH_REUSE_PG=1: $DATABASE_URL holds ${inPg.reports} reports and ${inPg.agencies} agencies, the benchmark database ${inFile.reports} and ${inFile.agencies}`,
      );
  } finally {
    file.close();
    await closePg(db);
  }
}
