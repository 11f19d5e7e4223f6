import { dirname, join } from "node:path";
import type { SourceFile, Store, TableReader } from "../lib/store/store";
import type {
  AgencyListQuery,
  AgencySort,
  CompareQuery,
  CompareValueRow,
  CoverageQuery,
  DatabaseState,
  ExportTable,
  ReportFilter,
  SearchQuery,
  SortDirection,
} from "../lib/store/types";
import { type Db, openReadonlyDb, readSnapshot } from "./client";
import { databaseServer, isUnreachable, webDatabaseUrl } from "./database-url";
import { readNumberPages } from "./pages";
import {
  agenciesByIds,
  agencyDetail,
  agencyFacets,
  allAgencies,
  availableYears,
  compare,
  compareValueRows,
  coverage,
  databaseState,
  issueFacet,
  listAgencies,
  overview,
  reportDetail,
  searchFacets,
  searchSections,
  sourceFile,
  tableRows,
  webDb,
} from "./queries";

/**
 * The Store (lib/store/store.ts) over the embedded SQLite file: each method calls the synchronous query of
 * db/queries. Nothing is awaited inside a transaction: a snapshot is one synchronous better-sqlite3 transaction.
 */
export class SqliteStore implements Store {
  constructor(readonly db: Db) {}

  async state(): Promise<DatabaseState> {
    return "ready";
  }

  async overview(options: { year?: number; top?: number } = {}) {
    return overview(this.db, options);
  }
  async agencyFacets(filter: ReportFilter) {
    return agencyFacets(this.db, filter);
  }
  async issueFacet(filter: ReportFilter) {
    return issueFacet(this.db, filter);
  }
  async availableYears(filter: ReportFilter = {}) {
    return availableYears(this.db, filter);
  }

  async listAgencies(query: AgencyListQuery) {
    return listAgencies(this.db, query);
  }
  async agenciesPage(query: AgencyListQuery) {
    const db = this.db;
    return readSnapshot(db, () => ({ facets: agencyFacets(db, query), issues: issueFacet(db, query), result: listAgencies(db, query) }));
  }
  async allAgencies(filter: ReportFilter, sort?: AgencySort, dir?: SortDirection) {
    return allAgencies(this.db, filter, sort, dir);
  }
  async agenciesByIds(ids: number[]) {
    return agenciesByIds(this.db, ids);
  }
  async agencyDetail(id: number) {
    return agencyDetail(this.db, id);
  }

  async reportDetail(id: number) {
    return reportDetail(this.db, id);
  }
  async numberPages(reportId: number) {
    return readNumberPages(this.db, reportId);
  }
  async reportModel(id: number) {
    const db = this.db;
    return readSnapshot(db, () => {
      const detail = reportDetail(db, id);
      return detail && { ...detail, numberPages: readNumberPages(db, detail.report.id) };
    });
  }

  async compare(query: CompareQuery) {
    return compare(this.db, query);
  }
  async *compareValueRows(query: CompareQuery): AsyncGenerator<CompareValueRow> {
    yield* compareValueRows(this.db, query);
  }
  async coverage(query: CoverageQuery) {
    return coverage(this.db, query);
  }
  async coveragePage(query: CoverageQuery) {
    const db = this.db;
    return readSnapshot(db, () => ({ facets: agencyFacets(db, query), issues: issueFacet(db, query), result: coverage(db, query) }));
  }
  async searchSections(query: SearchQuery) {
    return searchSections(this.db, query);
  }
  async searchPage(query: SearchQuery) {
    const db = this.db;
    return readSnapshot(db, () => {
      const result = searchSections(db, query);
      const { facets, cutShort } = searchFacets(db, query);
      return { result: { ...result, cutShort: result.cutShort || cutShort }, facets };
    });
  }

  /** Kept by the ingest in sources/ beside the database file, under its hash. */
  async sourceFile(sha256: string): Promise<SourceFile | null> {
    const source = sourceFile(this.db, sha256);
    return source && { ...source, path: join(dirname(this.db.$client.name), "sources", sha256) };
  }

  /**
   * A connection of its own: a table is read row by row while the zip is written, and better-sqlite3 allows no
   * other statement on a connection in the middle of an iteration.
   */
  async openTableReader(): Promise<TableReader> {
    const db = openReadonlyDb(this.db.$client.name);
    return {
      async tableRows(table: ExportTable) {
        const { columns, rows } = tableRows(db, table);
        return { columns, rows: asyncRows(rows) };
      },
      close: () => {
        if (db.$client.open) db.$client.close();
      },
    };
  }

  /**
   * The online backup, on a connection of its own: it copies the database with the commits still in its WAL,
   * which a copy of the main file alone would miss.
   */
  async writeSqliteSnapshot(file: string): Promise<void> {
    const db = openReadonlyDb(this.db.$client.name);
    try {
      await db.$client.backup(file);
    } finally {
      db.$client.close();
    }
  }
}

async function* asyncRows<T>(rows: Iterable<T>): AsyncGenerator<T> {
  yield* rows;
}

// ── The web process's store ──────────────────────────────────────────────────────────────────────────────

const stores = new WeakMap<Db, SqliteStore>();

/** A PostgreSQL server that could not be reached, named host:port (no user, no password). */
export type UnreachableDatabase = { unreachable: string };

/** What the web tells a visitor when webStore() has no store: none yet, outdated, or its server unreachable. */
export type WebDatabaseState = DatabaseState | UnreachableDatabase;

/**
 * The web process's Store, or null while the database is missing, outdated or (PostgreSQL) its server cannot be
 * reached: with DATABASE_URL=postgres://… the PostgreSQL Store (db/pg/store.ts, one pool per process); else the store
 * of the SQLite file's read-only connection (opened once).
 */
export async function webStore(): Promise<Store | null> {
  const url = webDatabaseUrl();
  // Loaded only then: a web on the SQLite file keeps the PostgreSQL driver out of its memory.
  if (url) return unlessUnreachable(async () => (await import("./pg/store")).pgWebStore(url), null);
  const db = webDb();
  if (!db) return null;
  let store = stores.get(db);
  if (!store) stores.set(db, (store = new SqliteStore(db)));
  return store;
}

/** missing, outdated, ready, or the unreachable server: what the web tells a visitor when webStore() has no store. */
export async function webStoreState(): Promise<WebDatabaseState> {
  const url = webDatabaseUrl();
  if (!url) return databaseState();
  return unlessUnreachable(async () => (await import("./pg/store")).pgWebStoreState(url), { unreachable: databaseServer(url) });
}

/** A read of the PostgreSQL server's, or `instead` when the server cannot be reached; any other error is thrown. */
async function unlessUnreachable<T, U>(read: () => Promise<T>, instead: U): Promise<T | U> {
  try {
    return await read();
  } catch (error) {
    if (isUnreachable(error)) return instead;
    throw error;
  }
}

/** The server of a store's unreachable state, or null for any other state. */
export function unreachableServer(state: WebDatabaseState): string | null {
  return typeof state === "object" ? state.unreachable : null;
}

export { isUnreachable };
