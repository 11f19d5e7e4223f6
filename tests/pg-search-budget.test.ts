import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePg, migratePg, openPg, type PgDb } from "../db/pg/client";
import { searchPage } from "../db/pg/queries/search";
import type { SearchQuery } from "../lib/store/types";
import { POSTGRES, POSTGRES_SKIP, usePostgresDatabase } from "./support/postgres";

/**
 * Issue 20: a search on PostgreSQL that runs out of its time says so and keeps what it found, as SQLite's does (its
 * statements stop matching rows when the time is up, and the page says the search was cut short). 6,000 small parts
 * holding the term are stored first, then parts of 500,000 characters without it: the hits' cursor reads the small
 * ones in its first FETCH, and the next FETCH, scanning the large ones, runs out of time.
 */

const SMALL = 6_000;
const LARGE = 60;
const query: SearchQuery = { text: "缺失", page: 1, pageSize: 20 };

describe.skipIf(!POSTGRES)(`a PostgreSQL search that runs out of time${POSTGRES_SKIP}`, () => {
  const postgres = usePostgresDatabase(import.meta.filename);
  let db: PgDb;

  beforeAll(async () => {
    db = openPg(postgres.url());
    await migratePg(db);
    await db.$client.query(
      `INSERT INTO "agencies" ("id", "name", "name_sort_key") SELECT i, '机关' || i, lpad(i::text, 6, '0') FROM generate_series(1, ${SMALL + LARGE}) AS i;
       INSERT INTO "reports" ("id", "agency_id", "year", "format_version", "period_start", "period_end", "is_current", "file_name", "sha256",
         "media_type", "ingested_at", "error_count", "warning_count", "info_count")
       SELECT i, i, CASE WHEN i <= ${SMALL} THEN 2023 ELSE 2024 END, '2021', '2023-01-01', '2023-12-31', TRUE, 'r.txt', 'sha' || i, 'text/plain',
         '2026-12-03', 0, 0, 0
       FROM generate_series(1, ${SMALL + LARGE}) AS i;
       INSERT INTO "report_sections_fts" ("body", "report_id", "part") SELECT '存在的问题：培训缺失，制度不全。', i, 'problems' FROM generate_series(1, ${SMALL}) AS i;
       INSERT INTO "report_sections_fts" ("body", "report_id", "part") SELECT repeat('政务公开工作', 83333), i, 'other' FROM generate_series(${SMALL + 1}, ${SMALL + LARGE}) AS i;
       ANALYZE;`,
    );
  }, 300_000);
  afterAll(async () => {
    if (db) await closePg(db);
  });

  it("finds every hit given time, keeps the first batch it read when its time runs out, and says so", async () => {
    const started = performance.now();
    const whole = await searchPage(db, query, { facets: true, budgetMs: 600_000 });
    const wholeMs = performance.now() - started;
    expect(whole.result).toMatchObject({ total: SMALL, cutShort: false, mode: "like" });
    expect(whole.facets.year).toEqual([{ value: 2023, count: SMALL }]);
    // The large parts take most of a full search's time; a quarter of it is far more than the first FETCH needs.
    expect(wholeMs).toBeGreaterThan(400);
    const cut = await searchPage(db, query, { facets: true, budgetMs: wholeMs / 4 });
    expect(cut.result.cutShort).toBe(true);
    expect(cut.result.total).toBe(5_000);
    expect(cut.result.rows).toHaveLength(20);
    for (const hit of cut.result.rows) expect(hit.snippet).toContain("\u0002缺失\u0003");
    // Facets have a budget of their own, as SQLite's searchFacets: each one that ran out is left empty.
    expect(cut.facets.year.every((facet) => facet.count === SMALL)).toBe(true);
  }, 300_000);

  it("gives no hits and says so when no statement finished in time", async () => {
    const found = await searchPage(db, query, { facets: true, budgetMs: 1 });
    expect(found.result).toMatchObject({ total: 0, rows: [], cutShort: true });
    expect(found.facets.year).toEqual([]);
  }, 120_000);
});
