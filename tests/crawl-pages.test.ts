import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CrawledColumns, OriginLink } from "../components/Origin";
import { type Db, openWritableDb } from "../db/client";
import { writeProvenance } from "../db/crawl";
import { agencyDetail } from "../db/queries/agencies";
import { reportDetail } from "../db/queries/reports";
import { storeReport } from "../db/write";
import { provenanceRow } from "../lib/pipeline/ingest";
import { FIXTURES } from "./support/fixtures";
import { parsedSeed } from "./support/seed-db";

/** Issue 18 (5): a crawled report's page shows 原文链接, and its agency's page the 年报 column it was crawled from. */

let dir: string;
let db: Db;
let crawled: number;
let filed: number;
const COLUMN = "https://www.example.gov.cn/xxgk/ndbg/";
const URL_READ = `${COLUMN}202401/P020240125.pdf`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-origin-"));
  db = openWritableDb(join(dir, "test.db"));
  const text = readFileSync(join(FIXTURES, "seed-000", "input.txt"), "utf8");
  const store = (name: string, body: string) => db.transaction((tx) => storeReport(tx, parsedSeed({ name, text: body }), "2026-12-01T00:00:00.000Z")).reportId;
  crawled = store("P020240125.pdf", text);
  filed = store("2023.txt", text.replace(/2024/g, "2023"));
  const provenance = {
    kind: "url",
    url: URL_READ,
    fetchedAt: new Date("2026-12-02T03:04:05Z"),
    mediaType: "application/pdf",
    pageUrl: `${COLUMN}202401/t20240125_1.html`,
    listUrl: `${COLUMN}index_1.html`,
    columnUrl: COLUMN,
    http: { status: 200, etag: '"abc"', lastModified: "Mon, 30 Nov 2026 08:00:00 GMT" },
  } as const;
  writeProvenance(db, crawled, provenanceRow(provenance, "2026-12-02T03:04:06Z"));
  writeProvenance(db, filed, provenanceRow({ kind: "file", path: "/home/u/reports/2023.txt" }, "2026-12-01T00:00:00Z"));
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("provenance on the pages", () => {
  it("gives a crawled report its origin and a file's report none", () => {
    expect(reportDetail(db, crawled)!.origin).toEqual({
      url: URL_READ,
      pageUrl: `${COLUMN}202401/t20240125_1.html`,
      listUrl: `${COLUMN}index_1.html`,
      columnUrl: COLUMN,
      fetchedAt: "2026-12-02T03:04:05.000Z",
      httpStatus: 200,
      etag: '"abc"',
      lastModified: "Mon, 30 Nov 2026 08:00:00 GMT",
      contentType: "application/pdf",
    });
    expect(reportDetail(db, filed)!.origin).toBeNull();
  });

  it("shows 原文链接 as a link that opens the site, with where it was found", () => {
    const html = renderToStaticMarkup(createElement(OriginLink, { origin: reportDetail(db, crawled)!.origin }));
    expect(html).toContain(`原文链接：<a href="${URL_READ}" rel="noopener noreferrer nofollow" target="_blank" data-testid="origin-link">`);
    expect(html).toContain("抓取于 2026-12-02 03:04，HTTP 200");
    expect(html).toContain(`来自栏目：<a href="${COLUMN}index_1.html"`);
    expect(renderToStaticMarkup(createElement(OriginLink, { origin: null }))).toBe("");
    const hostile = renderToStaticMarkup(createElement(OriginLink, { origin: { ...reportDetail(db, crawled)!.origin!, url: "javascript:alert(1)" } }));
    expect(hostile).not.toContain('href="javascript');
  });

  it("lists the column an agency's reports were crawled from on its page", () => {
    const agency = db.$client.prepare("SELECT agency_id AS id FROM reports WHERE id = ?").get(crawled) as { id: number };
    const detail = agencyDetail(db, agency.id)!;
    expect(detail.columns).toEqual([{ url: COLUMN, reports: 1, lastFetched: "2026-12-02T03:04:05.000Z" }]);
    const html = renderToStaticMarkup(createElement(CrawledColumns, { columns: detail.columns }));
    expect(html).toContain("抓取自年报栏目（1）");
    expect(html).toContain(`<a href="${COLUMN}"`);
    expect(html).toContain("1 份报告，最近抓取于 2026-12-02");
  });
});
