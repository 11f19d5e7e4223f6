import { beforeAll, describe, expect, it } from "vitest";
import { matchingParts } from "../db/pg/search";
import { searchSections } from "../db/queries/search";
import { useBothDatabases } from "./support/both-databases";
import { POSTGRES, POSTGRES_SKIP } from "./support/postgres";

/**
 * Chinese search on PostgreSQL (issue 20, 4): the same search index rows in both databases, and the same queries find
 * the same parts: SQLite's searchSections (FTS5 trigram MATCH, or LIKE for terms under 3 characters) against
 * db/pg/search.ts (ILIKE served by the pg_trgm GIN index).
 */

const PHRASES = [
  "本机关认真贯彻落实《中华人民共和国政府信息公开条例》",
  "全年共收到政府信息公开申请21件",
  "依申请公开工作规范有序",
  "行政复议2件，行政诉讼1起",
  "主动公开规范性文件424件",
  "政务公开PDF版本同步发布",
  "网站pdf附件可下载",
  "完成率100%，满意度100%",
  "栏目编号a_b已调整",
  "存在的主要问题是公开内容不够全面",
  "下一步将加强培训，提升工作人员业务水平",
  "“互联网+政务服务”平台运行平稳",
];

const QUERIES = [
  "信息公开",
  "政府信息公开申请",
  "依申请公开",
  "行政复议 行政诉讼",
  "公开 培训",
  "规范性文件",
  "PDF",
  "pdf",
  "Pdf版本",
  "100%",
  "0%",
  "a_b",
  "a%b",
  "“互联网+",
  "公开",
  "问题",
  "复",
  "不存在的词语",
  '"引号"',
];

/** Twelve reports of three parts each, every part a few of the phrases, chosen by a fixed rule. */
function sections(): { reportId: number; part: string; body: string }[] {
  const parts = ["overview", "problems", "other"];
  const rows: { reportId: number; part: string; body: string }[] = [];
  for (let reportId = 1; reportId <= 12; reportId++) {
    for (const [p, part] of parts.entries()) {
      const chosen = PHRASES.filter((_, i) => (i * 7 + reportId * 3 + p * 5) % 4 === 0);
      if (chosen.length) rows.push({ reportId, part, body: chosen.join("。") });
    }
  }
  return rows;
}

const quote = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The statements both databases run: agencies, current reports, and the search index's rows. */
function statements(): string[] {
  const out: string[] = [];
  for (let id = 1; id <= 12; id++) {
    out.push(`INSERT INTO "agencies" ("id", "name") VALUES (${id}, ${quote(`机关${id}`)})`);
    out.push(
      `INSERT INTO "reports" ("id", "agency_id", "year", "format_version", "period_start", "period_end", "is_current", "file_name", "sha256",
         "media_type", "ingested_at", "error_count", "warning_count", "info_count")
       VALUES (${id}, ${id}, 2023, '2021', '2023-01-01', '2023-12-31', TRUE, 'r.txt', ${quote(`sha${id}`)}, 'text/plain', '2026-12-03', 0, 0, 0)`,
    );
  }
  for (const row of sections()) {
    out.push(`INSERT INTO "report_sections_fts" ("body", "report_id", "part") VALUES (${quote(row.body)}, ${row.reportId}, ${quote(row.part)})`);
  }
  return out;
}

describe.skipIf(!POSTGRES)(`Chinese search on PostgreSQL against SQLite's${POSTGRES_SKIP}`, () => {
  const { sqlite, pg: pgDb } = useBothDatabases(import.meta.filename);

  beforeAll(async () => {
    for (const statement of statements()) {
      sqlite().$client.exec(statement);
      await pgDb().$client.query(statement);
    }
  });

  it.each(QUERIES)("finds the parts SQLite finds for %s", async (text) => {
    const result = searchSections(sqlite(), { text, page: 1, pageSize: 1000 });
    const fromSqlite = result.rows.map((hit) => ({ reportId: hit.reportId, part: hit.part as string }));
    fromSqlite.sort((a, b) => a.reportId - b.reportId || a.part.localeCompare(b.part));
    const { parts: fromPg, cutShort } = await matchingParts(pgDb(), text);
    expect(cutShort).toBe(false);
    expect([...fromPg].sort((a, b) => a.reportId - b.reportId || a.part.localeCompare(b.part))).toEqual(fromSqlite);
    expect(result.cutShort).toBe(false);
  });

  it("finds something for most queries, so the comparison is not of empty lists", async () => {
    const found = await Promise.all(QUERIES.map(async (text) => (await matchingParts(pgDb(), text)).parts));
    expect(found.filter((parts) => parts.length > 0).length).toBeGreaterThanOrEqual(QUERIES.length - 4);
    expect(await matchingParts(pgDb(), "不存在的词语")).toEqual({ parts: [], cutShort: false });
  });

  it("reads trigrams of Chinese (a UTF-8 ctype) and serves a 3+ character term from the trigram index", async () => {
    const trigrams = (await pgDb().$client.query(`SELECT show_trgm('信息公开') AS t`)).rows[0] as { t: string[] };
    expect(trigrams.t.length).toBeGreaterThan(0);
    const client = await pgDb().$client.connect();
    try {
      await client.query("SET enable_seqscan = off");
      const plan = await client.query(`EXPLAIN SELECT "report_id" FROM "report_sections_fts" WHERE "body" ILIKE '%信息公开%'`);
      expect(plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n")).toContain("report_sections_fts_body_trgm");
    } finally {
      await client.query("RESET enable_seqscan");
      client.release();
    }
  });

  it("stops a search that outruns its budget and says so, as SQLite's does", async () => {
    // 60 parts of 50,000 characters (SEARCH_TEXT_LIMIT): a 2-character term no part holds reads all 3 MB.
    await pgDb().$client.query(
      `INSERT INTO "agencies" ("id", "name") SELECT 100 + i, '大机关' || i FROM generate_series(1, 20) AS i;
       INSERT INTO "reports" ("id", "agency_id", "year", "format_version", "period_start", "period_end", "is_current", "file_name", "sha256",
         "media_type", "ingested_at", "error_count", "warning_count", "info_count")
       SELECT 100 + i, 100 + i, 2024, '2021', '2024-01-01', '2024-12-31', TRUE, 'big.txt', 'big' || i, 'text/plain', '2026-12-03', 0, 0, 0
       FROM generate_series(1, 20) AS i;
       INSERT INTO "report_sections_fts" ("body", "report_id", "part")
       SELECT repeat('政务公开工作', 8333), 100 + i, p FROM generate_series(1, 20) AS i, unnest(ARRAY['overview', 'problems', 'other']) AS p;`,
    );
    expect(await matchingParts(pgDb(), "缺失", 1)).toEqual({ parts: [], cutShort: true });
    const unhurried = await matchingParts(pgDb(), "缺失", 60_000);
    expect(unhurried).toEqual({ parts: [], cutShort: false });
    expect((await matchingParts(pgDb(), "政务公开工作", 60_000)).parts).toHaveLength(60);
  });
});
