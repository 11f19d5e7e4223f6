import { existsSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { SourceFile, Store, TableReader } from "../../lib/store/store";
import type {
  AgencyListQuery,
  AgencySort,
  CompareQuery,
  CompareValueRow,
  CoverageQuery,
  DatabaseState,
  ReportFilter,
  SearchQuery,
  SortDirection,
} from "../../lib/store/types";
import { openWritableDb } from "../client";
import { copyTables } from "../copy";
import { sourcesDir } from "../sources-dir";
import { openPg, type PgDb } from "./client";
import migrationJournal from "./migrations/meta/_journal.json";
import { agenciesByIds, agencyDetail, allAgencies, listAgencies } from "./queries/agencies";
import { pgSnapshot } from "./queries/common";
import { compare, compareValueRows } from "./queries/compare";
import { coverage } from "./queries/coverage";
import { openPgTableReader, sourceFile } from "./queries/export";
import { agencyFacets, availableYears, issueFacet } from "./queries/facets";
import { overview } from "./queries/overview";
import { readNumberPages, reportDetail } from "./queries/reports";
import { searchPage } from "./queries/search";

/**
 * The Store (lib/store/store.ts) over PostgreSQL (issue 20): each method awaits the queries of db/pg/queries, the
 * pairs of db/queries; what SqliteStore reads on one snapshot is read here in one REPEATABLE READ READ ONLY
 * transaction (pgSnapshot), its independent reads started together. tests/pg-store.test.ts holds every method to SqliteStore's answers on the same data.
 */
export class PgStore implements Store {
  constructor(readonly db: PgDb) {}

  async state(): Promise<DatabaseState> {
    return pgDatabaseState(this.db);
  }

  overview(options: { year?: number; top?: number } = {}) {
    return overview(this.db, options);
  }
  agencyFacets(filter: ReportFilter) {
    return pgSnapshot(this.db, (tx) => agencyFacets(tx, filter));
  }
  issueFacet(filter: ReportFilter) {
    return issueFacet(this.db, filter);
  }
  availableYears(filter: ReportFilter = {}) {
    return availableYears(this.db, filter);
  }

  listAgencies(query: AgencyListQuery) {
    return pgSnapshot(this.db, (tx) => listAgencies(tx, query));
  }
  agenciesPage(query: AgencyListQuery) {
    return pgSnapshot(this.db, async (tx) => {
      const [facets, issues, result] = await Promise.all([agencyFacets(tx, query), issueFacet(tx, query), listAgencies(tx, query)]);
      return { facets, issues, result };
    });
  }
  allAgencies(filter: ReportFilter, sort?: AgencySort, dir?: SortDirection) {
    return pgSnapshot(this.db, (tx) => allAgencies(tx, filter, sort, dir));
  }
  agenciesByIds(ids: number[]) {
    return agenciesByIds(this.db, ids);
  }
  agencyDetail(id: number) {
    return pgSnapshot(this.db, (tx) => agencyDetail(tx, id));
  }

  reportDetail(id: number) {
    return pgSnapshot(this.db, (tx) => reportDetail(tx, id));
  }
  numberPages(reportId: number) {
    return readNumberPages(this.db, reportId);
  }
  reportModel(id: number) {
    return pgSnapshot(this.db, async (tx) => {
      const [detail, pages] = await Promise.all([reportDetail(tx, id), readNumberPages(tx, id)]);
      return detail && { ...detail, numberPages: pages };
    });
  }

  compare(query: CompareQuery) {
    return pgSnapshot(this.db, (tx) => compare(tx, query));
  }
  /** On the pool, batch by batch as SQLite's: the rows are read while the CSV is taken, which may outlast a transaction. */
  async *compareValueRows(query: CompareQuery): AsyncGenerator<CompareValueRow> {
    yield* compareValueRows(this.db, query);
  }
  coverage(query: CoverageQuery) {
    return pgSnapshot(this.db, (tx) => coverage(tx, query));
  }
  coveragePage(query: CoverageQuery) {
    return pgSnapshot(this.db, async (tx) => {
      const [facets, issues, result] = await Promise.all([agencyFacets(tx, query), issueFacet(tx, query), coverage(tx, query)]);
      return { facets, issues, result };
    });
  }
  async searchSections(query: SearchQuery) {
    return (await searchPage(this.db, query, { facets: false })).result;
  }
  searchPage(query: SearchQuery) {
    return searchPage(this.db, query, { facets: true });
  }

  /** Kept in the content-addressed folder of NIANBAO_SOURCES (db/sources-dir.ts); none without it. */
  async sourceFile(sha256: string): Promise<SourceFile | null> {
    const folder = sourcesDir({ kind: "postgres" });
    if (!folder) return null;
    const source = await sourceFile(this.db, sha256);
    return source && { ...source, path: join(folder, sha256) };
  }

  async openTableReader(): Promise<TableReader> {
    return openPgTableReader(this.db);
  }

  /** A new SQLite file made by the copy of db/copy.ts, from one snapshot of every table (the nianbao.db download). */
  async writeSqliteSnapshot(file: string): Promise<void> {
    if (existsSync(file)) throw new Error(`${file} exists: a snapshot is written to a new file`);
    const target = openWritableDb(file);
    try {
      await copyTables({ kind: "pg", db: this.db }, { kind: "sqlite", db: target });
      // One self-contained file to download, no -wal beside it.
      target.$client.pragma("journal_mode = DELETE");
    } finally {
      target.$client.close();
    }
  }
}

/** When the last migration of db/pg/migrations was made: drizzle records it as created_at of the migrations it applied. */
const LAST_MIGRATION = Math.max(...migrationJournal.entries.map((entry) => entry.when));

/** missing (no reports table), outdated (not migrated to this code's last migration) or ready; the web never migrates. */
export async function pgDatabaseState(db: PgDb): Promise<DatabaseState> {
  const { rows } = await db.execute(
    sql`SELECT to_regclass('reports') IS NOT NULL AS has_reports, to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS has_migrations`,
  );
  const found = rows[0] as { has_reports: boolean; has_migrations: boolean };
  if (!found.has_reports) return "missing";
  if (!found.has_migrations) return "outdated";
  const applied = await db.execute(sql`SELECT max(created_at) AS last FROM drizzle.__drizzle_migrations`);
  return Number((applied.rows[0] as { last: number | null }).last ?? 0) >= LAST_MIGRATION ? "ready" : "outdated";
}

// ── The web process's store on PostgreSQL ────────────────────────────────────────────────────────────────

/** The web's PostgreSQL database: DATABASE_URL when it is a postgres:// URL, else none (the SQLite file is read). */
let web: { url: string; store: PgStore; ready: boolean } | null = null;

function webPgStore(url: string): { url: string; store: PgStore; ready: boolean } {
  // A server that does not answer fails a page in 5 s rather than holding it (pg waits for ever by default).
  if (web?.url !== url) web = { url, store: new PgStore(openPg(url, { connectTimeoutMs: 5_000 })), ready: false };
  return web;
}

/** The web's Store over the database at `url` (one pool per process), or null while it is missing or outdated. */
export async function pgWebStore(url: string): Promise<Store | null> {
  const opened = webPgStore(url);
  if (!opened.ready) opened.ready = (await pgDatabaseState(opened.store.db)) === "ready";
  return opened.ready ? opened.store : null;
}

/** missing, outdated or ready: what the web says when pgWebStore() has no store. */
export async function pgWebStoreState(url: string): Promise<DatabaseState> {
  return pgDatabaseState(webPgStore(url).store.db);
}
