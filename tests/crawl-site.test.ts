import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openReadonlyDb } from "../db/client";
import { agencyDetail } from "../db/queries/agencies";
import { reportDetail } from "../db/queries/reports";
import { main } from "../scripts/ingest";
import { COLUMN, DISALLOWED, GBK_COLUMN, HOSTILE_COLUMN, type Site, startSite } from "./support/crawl-site";
import { FIXTURES } from "./support/fixtures";
import { captureIo, ingestInto } from "./support/hardening";

/**
 * Issue 18: `npm run ingest -- URL` against a fixture site on 127.0.0.1 built from real pages (tests/support/
 * crawl-site.ts): every report a column links to stored (page body, iframe, PDF, DOCX, DOC, WPS, GBK), robots.txt
 * obeyed with its Crawl-delay, hostile answers reported with their reasons, and a rerun that fetches only the list
 * pages, answered 304, storing nothing.
 */

const hasSoffice = spawnSync("soffice", ["--version"], { stdio: "ignore" }).status === 0;

let dir: string;
let dbPath: string;
let site: Site | null = null;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-crawl-"));
  dbPath = join(dir, "test.db");
});
afterEach(async () => {
  await site?.close();
  site = null;
  rmSync(dir, { recursive: true, force: true });
});

function sql<T = Record<string, unknown>>(query: string, ...params: unknown[]): T[] {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare(query).all(...params) as T[];
  } finally {
    db.close();
  }
}

const FAST = ["--delay", "0", "--timeout", "2", "--tries", "2"];

describe("a column of real pages", () => {
  it("stores every report it links to, never asks for a disallowed path, waits the Crawl-delay; a rerun asks only for the list page and gets 304", async () => {
    site = await startSite({ crawlDelay: 0.25 });
    const column = `${site.base}${COLUMN}`;
    const first = await ingestInto(dbPath, [column, ...FAST, "--contact", "https://example.org/nianbao"]);
    const stored = hasSoffice ? 9 : 8;
    expect(first.summary.ingested + first.summary.revised).toBe(stored);
    expect(first.summary.failed.map((f) => f.reason)).toEqual(hasSoffice ? [] : [expect.stringContaining("LibreOffice")]);
    expect(first.code).toBe(hasSoffice ? 0 : 1);
    expect(first.summary.skipped).toEqual([{ path: `${site.base}${DISALLOWED}t20200117_80574.htm`, reason: "disallowed by robots.txt" }]);
    expect(site.paths().filter((p) => p.startsWith(DISALLOWED))).toEqual([]);
    // The Crawl-delay of 0.25 s outweighs --delay 0: no two requests closer than that.
    const gaps = site.log.slice(1).map((r, i) => r.at - site!.log[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(240);
    expect(new Set(site.log.map((r) => r.headers["user-agent"]))).toEqual(
      new Set([expect.stringMatching(/^Nianbao\/\S+ \(\+https:\/\/example\.org\/nianbao; /)]),
    );

    // The body of a real page, an iframe, each attachment: stored with where it came from.
    const provenance = sql<{
      url: string;
      page_url: string | null;
      list_url: string;
      column_url: string;
      http_status: number;
      etag: string;
      content_type: string;
    }>("SELECT url, page_url, list_url, column_url, http_status, etag, content_type FROM report_provenance ORDER BY url");
    expect(provenance).toHaveLength(stored);
    expect(provenance.every((p) => p.column_url === column && p.list_url === column && p.http_status === 200 && p.etag.startsWith('"'))).toBe(true);
    const pdf = provenance.find((p) => p.url.endsWith("/attach/P020240131.pdf"))!;
    expect(pdf).toMatchObject({ page_url: `${column}202401/t20240131_86740.htm`, content_type: "application/pdf" });
    expect(provenance.find((p) => p.url.endsWith("/content/lywtj_2023.html"))?.page_url).toBe(`${column}202601/t20260123_104786.htm`);
    expect(provenance.find((p) => p.url.endsWith("202301/t20230105_80615.htm"))?.page_url).toBeNull();
    const agencies = sql<{ name: string }>("SELECT DISTINCT agency_name AS name FROM reports ORDER BY 1").map((r) => r.name);
    expect(agencies).toEqual(
      expect.arrayContaining(["平潭综合实验区市场监督管理局", "平潭综合实验区旅游与文化体育局", "平潭综合实验区社会事业局", "北京市西城区应急管理局"]),
    );
    const reports = sql("SELECT id FROM reports").length;
    // The agency page lists the column; the report page's model carries 原文链接.
    const web = openReadonlyDb(dbPath);
    const [agency] = sql<{ id: number }>("SELECT id FROM agencies WHERE name = '平潭综合实验区市场监督管理局'");
    expect(agencyDetail(web, agency!.id)!.columns).toEqual([{ url: column, reports: 1, lastFetched: expect.stringMatching(/^2026-12-01/) }]);
    const [scjgj] = sql<{ id: number }>("SELECT report_id AS id FROM report_provenance WHERE url LIKE '%t20230105_80615.htm'");
    expect(reportDetail(web, scjgj!.id)!.origin).toMatchObject({ url: `${column}202301/t20230105_80615.htm`, listUrl: column, httpStatus: 200 });
    web.$client.close();

    const before = site.log.length;
    const rerun = await ingestInto(dbPath, [column, ...FAST]);
    const asked = site.log.slice(before);
    expect(asked.map((r) => r.path)).toEqual(["/robots.txt", COLUMN]);
    expect(asked[1]!.headers["if-none-match"]).toMatch(/^"/);
    expect(rerun.summary).toMatchObject({ ingested: 0, revised: 0, present: 0, failed: [], web: { listPages: 1, notModified: 1, unchanged: 9 } });
    expect(sql("SELECT id FROM reports")).toHaveLength(reports);
  });
});

describe("a GBK column paginated by script", () => {
  it("reads its three pages and GBK entries under right, lying and missing charsets, skipping entries that are not reports", async () => {
    site = await startSite();
    const run = await ingestInto(dbPath, [`${site.base}${GBK_COLUMN}`, ...FAST]);
    expect(run.summary).toMatchObject({ ingested: 3, failed: [], web: { listPages: 3 } });
    expect(site.paths()).toEqual([
      "/robots.txt",
      GBK_COLUMN,
      `${GBK_COLUMN}index_1.html`,
      `${GBK_COLUMN}index_2.html`,
      `${GBK_COLUMN}202401/t20240125_1.html`,
      `${GBK_COLUMN}202101/t20210120_2.html`,
      `${GBK_COLUMN}202401/t20240126_3.html`,
    ]);
    expect(sql<{ name: string }>("SELECT agency_name AS name FROM reports ORDER BY year").map((r) => r.name)).toEqual([
      "济宁市公共资源交易服务中心嘉祥分中心",
      "宁波市镇海区教育局",
      "济南公共资源交易中心",
    ]);
  });
});

describe("a column of hostile answers", () => {
  it("reports each URL that cannot be read with its reason, waits out a 429's Retry-After, and stores the rest", async () => {
    site = await startSite();
    const run = await ingestInto(dbPath, [`${site.base}${HOSTILE_COLUMN}`, ...FAST, "--timeout", "0.5", "--max-file-mb", "1"]);
    expect(run.code).toBe(1);
    expect(run.summary.ingested).toBe(1);
    const reasons = Object.fromEntries(run.summary.failed.map((f) => [f.file.replace(site!.base, ""), f.reason]));
    expect(reasons).toEqual({
      "/hostile/gone.htm": "HTTP 404 Not Found",
      "/hostile/loop-a.htm": `redirect loop (${site.base}/hostile/loop-a.htm again)`,
      "/hostile/slow.htm": "no complete answer within 0.5 s (tried 2 times)",
      "/hostile/away.htm": expect.stringMatching(/^redirected off the site to localhost:\d+ \(not followed\)$/),
      "/hostile/big.pdf": "file too large: more than 1 MB",
    });
    const busy = site.log.filter((r) => r.path === "/hostile/busy.htm");
    expect(busy).toHaveLength(2);
    expect(busy[1]!.at - busy[0]!.at).toBeGreaterThanOrEqual(950);
    expect(run.stderr).toContain("failed");
  });
});

describe("--allow-host", () => {
  it("follows a redirect to another host only when the flag names it", async () => {
    site = await startSite();
    const away = `${site.base}/hostile/away.htm`;
    const other = `localhost:${new URL(site.base).port}`;
    const refused = await ingestInto(dbPath, [away, ...FAST]);
    expect(refused.summary.failed).toEqual([{ file: away, reason: `redirected off the site to ${other} (not followed)` }]);
    const allowed = await ingestInto(dbPath, [away, ...FAST, "--allow-host", other]);
    expect(allowed.summary).toMatchObject({ ingested: 1, failed: [] });
    expect(sql("SELECT url FROM report_provenance")).toEqual([{ url: `http://${other}/hostile/busy.htm` }]);
  });
});

describe("addresses mixed with files", () => {
  it("stores a file, a report page's address and a document's address in one run, each with its provenance", async () => {
    site = await startSite();
    const file = join(dir, "seed.txt");
    writeFileSync(file, readFileSync(join(FIXTURES, "seed-002", "input.txt")));
    const page = `${site.base}${COLUMN}202301/t20230105_80615.htm`;
    const pdf = `${site.base}/attach/P020240131.pdf`;
    const run = await ingestInto(dbPath, [file, page, pdf, ...FAST]);
    expect(run.summary).toMatchObject({ ingested: 3, failed: [] });
    expect(sql("SELECT kind, path, url, list_url, column_url FROM report_provenance ORDER BY kind, url")).toEqual([
      { kind: "file", path: file, url: null, list_url: null, column_url: null },
      { kind: "url", path: null, url: pdf, list_url: null, column_url: null },
      { kind: "url", path: null, url: page, list_url: null, column_url: null },
    ]);
    // The same document found again at another address is present, and keeps the address it has.
    const again = await ingestInto(dbPath, [pdf, ...FAST]);
    expect(again.summary).toMatchObject({ ingested: 0, present: 0, failed: [], web: { unchanged: 1 } });
  });

  it("documents every option in --help and refuses a bad one", async () => {
    const { io, out } = captureIo();
    expect(await main(["--help"], io)).toBe(0);
    for (const option of [
      "--db",
      "--jobs",
      "--max-file-mb",
      "--json",
      "--delay",
      "--allow-host",
      "--max-pages",
      "--tries",
      "--connect-timeout",
      "--timeout",
      "--max-redirects",
      "--max-retry-after",
    ])
      expect(out.stdout).toContain(option);
    const bad = captureIo();
    expect(await main(["--delay", "soon", "http://127.0.0.1:1/"], bad.io)).toBe(2);
    expect(bad.out.stderr).toContain("--delay must be a number");
  });
});

const ROOT = join(import.meta.dirname, "..");

describe("a crawl killed midway", () => {
  it("resumes: the rerun fetches only what the killed one had not finished, and every report is stored once", async () => {
    site = await startSite({ crawlDelay: 0.2 });
    const column = `${site.base}${COLUMN}`;
    // Its own process group, so the reader processes go with it.
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--jobs", "1", "--db", dbPath, "--delay", "0", column], {
      cwd: ROOT,
      detached: true,
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const fifth = `${COLUMN}202201/t20220107_80597.htm`;
    const deadline = Date.now() + 60_000;
    while (!site.paths().includes(fifth) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    process.kill(-child.pid!, "SIGKILL");
    await exited;
    const finished = site.paths().slice(0, site.paths().indexOf(fifth));
    const storedBefore = sql("SELECT id FROM reports").length;
    expect(storedBefore).toBe(4);
    expect(sql("SELECT state FROM crawl_pages WHERE url = ?", `${site.base}${fifth}`)).toEqual([{ state: "pending" }]);

    const before = site.log.length;
    const rerun = await ingestInto(dbPath, [column, ...FAST]);
    const asked = site.paths().slice(before);
    expect(asked.slice(0, 2)).toEqual(["/robots.txt", COLUMN]);
    // Nothing the killed crawl had finished is fetched again.
    expect(asked.slice(2).filter((p) => finished.includes(p))).toEqual([]);
    expect(asked[2]).toBe(fifth);
    expect(rerun.summary.web).toMatchObject({ notModified: 1, unchanged: 4 });
    const stored = hasSoffice ? 9 : 8;
    expect(sql("SELECT id FROM reports")).toHaveLength(stored);
    expect(sql("SELECT count(DISTINCT sha256) AS n FROM reports")).toEqual([{ n: stored }]);
  });
});
