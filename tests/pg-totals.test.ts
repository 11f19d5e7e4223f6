import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applicationRows } from "../db/pg/schema";
import { useBothDatabases } from "./support/both-databases";
import { POSTGRES, POSTGRES_SKIP } from "./support/postgres";

/**
 * The PL/pgSQL triggers of db/pg/migrations keep report_totals as SQLite's triggers of migration 0002 do: the same
 * statements run on both databases leave the same lines. And PostgreSQL's counts and sums come back as numbers.
 */

/** Each step runs on both databases as written: SQL both dialects read alike (TRUE is 1 in SQLite). */
const STEPS: { what: string; statements: string[] }[] = [
  {
    what: "a report and its first rows",
    statements: [
      `INSERT INTO "agencies" ("name") VALUES ('平潭综合实验区财政金融局')`,
      `INSERT INTO "reports" ("agency_id", "year", "format_version", "period_start", "period_end", "is_current", "file_name", "sha256", "media_type",
         "ingested_at", "error_count", "warning_count", "info_count")
       VALUES (1, 2023, '2021', '2023-01-01', '2023-12-31', TRUE, 'a.pdf', 'aa', 'application/pdf', '2026-12-03T00:00:00Z', 0, 0, 0)`,
      `INSERT INTO "application_rows" ("report_id", "row", "naturalPerson", "total") VALUES (1, 'newReceived', 3, 5)`,
      `INSERT INTO "application_rows" ("report_id", "row", "total") VALUES (1, 'granted', 2)`,
      `INSERT INTO "review_litigation_rows" ("report_id", "group", "upheld", "total") VALUES (1, 'reconsideration', 1, 1)`,
      `INSERT INTO "review_litigation_rows" ("report_id", "group", "corrected", "total") VALUES (1, 'litigationDirect', 2, 2)`,
    ],
  },
  { what: "a row updated", statements: [`UPDATE "application_rows" SET "total" = 7, "naturalPerson" = 4 WHERE "row" = 'newReceived'`] },
  { what: "a 表四 group deleted", statements: [`DELETE FROM "review_litigation_rows" WHERE "group" = 'reconsideration'`] },
  {
    what: "a second report, then its 表三 rows deleted",
    statements: [
      `INSERT INTO "reports" ("agency_id", "year", "format_version", "period_start", "period_end", "is_current", "file_name", "sha256", "media_type",
         "ingested_at", "error_count", "warning_count", "info_count")
       VALUES (1, 2024, '2021', '2024-01-01', '2024-12-31', TRUE, 'b.pdf', 'bb', 'application/pdf', '2026-12-03T00:00:00Z', 0, 0, 0)`,
      `INSERT INTO "application_rows" ("report_id", "row", "total") VALUES (2, 'carriedForward', 9)`,
      `INSERT INTO "application_rows" ("report_id", "row", "total") VALUES (2, 'handledTotal', 11)`,
      `DELETE FROM "application_rows" WHERE "report_id" = 2 AND "row" = 'handledTotal'`,
    ],
  },
];

describe.skipIf(!POSTGRES)(`report_totals and numbers on PostgreSQL${POSTGRES_SKIP}`, () => {
  const { sqlite, pg: pgDb } = useBothDatabases(import.meta.filename);

  const totalsQuery = `SELECT * FROM "report_totals" ORDER BY "report_id"`;

  it("keeps the same report_totals through inserts, updates and deletes of 表三 and 表四 rows", async () => {
    for (const step of STEPS) {
      for (const statement of step.statements) {
        sqlite().$client.exec(statement);
        await pgDb().$client.query(statement);
      }
      const fromSqlite = sqlite().$client.prepare(totalsQuery).all();
      const fromPg = (await pgDb().$client.query(totalsQuery)).rows;
      expect(fromPg, step.what).toEqual(fromSqlite);
    }
    const [first, second] = (await pgDb().$client.query(totalsQuery)).rows as Record<string, number | null>[];
    expect(first).toMatchObject({
      newReceived_total: 7,
      newReceived_naturalPerson: 4,
      granted_total: 2,
      reconsideration_total: null,
      litigationDirect_total: 2,
    });
    expect(second).toMatchObject({ carriedForward_total: 9, handledTotal_total: null });
  });

  it("gives counts, sums and averages as numbers, as SQLite does", async () => {
    const row = (
      await pgDb().$client.query(`SELECT count(*) AS n, sum("total") AS s, sum("total"::bigint) AS big, avg("total") AS mean FROM "application_rows"`)
    ).rows[0] as Record<string, unknown>;
    expect(row).toEqual({ n: 3, s: 18, big: 18, mean: 6 });
    const viaDrizzle = await pgDb()
      .select({ n: sql<number>`count(*)`, s: sql<number>`sum(${applicationRows.total})` })
      .from(applicationRows);
    expect(viaDrizzle).toEqual([{ n: 3, s: 18 }]);
    const fromSqlite = sqlite().$client.prepare(`SELECT count(*) AS n, sum("total") AS s FROM "application_rows"`).get();
    expect(fromSqlite).toEqual({ n: 3, s: 18 });
  });
});
