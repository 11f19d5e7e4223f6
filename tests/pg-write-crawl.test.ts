import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { COLUMN, type Site, startSite } from "./support/crawl-site";
import { ingestInto } from "./support/hardening";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";

/**
 * The crawler on PostgreSQL (issue 20): `npm run ingest -- URL --db postgres://…` crawls the fixture column of real
 * pages (tests/support/crawl-site.ts) and keeps the same reports, provenance, crawl state and links as the same crawl
 * into SQLite; a rerun asks only for the list page, gets 304 and stores nothing.
 */

const FAST = ["--delay", "0", "--timeout", "2", "--tries", "2"];

/** What a crawl keeps, times of day left out (the two crawls run one after the other). */
const QUERIES = {
  reports: "SELECT sha256, agency_name, year, file_name, media_type FROM reports ORDER BY sha256",
  provenance: `SELECT r.sha256, p.kind, p.url, p.page_url, p.list_url, p.column_url, p.http_status, p.etag, p.content_type
                 FROM report_provenance p JOIN reports r ON r.id = p.report_id ORDER BY r.sha256`,
  pages: "SELECT url, kind, column_url, state, reason, http_status, etag, content_type, sha256 FROM crawl_pages ORDER BY url",
  links: "SELECT from_url, to_url, kind, title, position FROM crawl_links ORDER BY from_url, position",
};

describe.skipIf(!POSTGRES)(`the crawler into PostgreSQL${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let dir = "";
  let site: Site | null = null;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nianbao-pg-crawl-"));
    site = await startSite();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await site?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps what the same crawl into SQLite keeps, and a rerun gets 304 and stores nothing", async () => {
    const column = `${site!.base}${COLUMN}`;
    const sqlitePath = join(dir, "nianbao.db");
    vi.stubEnv("NIANBAO_SOURCES", "");
    const intoSqlite = await ingestInto(sqlitePath, [column, ...FAST]);
    vi.stubEnv("NIANBAO_SOURCES", join(dir, "sources"));
    const intoPg = await ingestInto(postgres.url(), [column, ...FAST]);
    expect(intoPg.summary.failed).toEqual(intoSqlite.summary.failed);
    expect(intoPg.summary.ingested + intoPg.summary.revised).toBe(intoSqlite.summary.ingested + intoSqlite.summary.revised);
    expect(intoPg.summary.ingested + intoPg.summary.revised).toBeGreaterThanOrEqual(8);

    const sqlite = new Database(sqlitePath, { readonly: true });
    const client = new pg.Client({ connectionString: postgres.url() });
    await client.connect();
    try {
      for (const [name, query] of Object.entries(QUERIES)) {
        const fromSqlite = sqlite.prepare(query).all();
        expect(fromSqlite.length, name).toBeGreaterThan(0);
        expect((await client.query(query)).rows, name).toEqual(fromSqlite);
      }
    } finally {
      sqlite.close();
      await client.end();
    }

    const before = site!.log.length;
    const rerun = await ingestInto(postgres.url(), [column, ...FAST]);
    expect(site!.log.slice(before).map((r) => r.path)).toEqual(["/robots.txt", COLUMN]);
    expect(rerun.summary).toMatchObject({ ingested: 0, revised: 0, present: 0, failed: [], web: { listPages: 1, notModified: 1 } });
  }, 300_000);
});
