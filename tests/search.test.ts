import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { pinyinKey } from "../db/pinyin";
import { MARK_END, MARK_START, openWebDb, searchFacets, searchSections } from "../db/queries";
import { NO_REGION } from "../lib/store/types";

const pinyin = new Intl.Collator("zh-u-co-pinyin");

import { buildSeedDb } from "./support/seed-db";

/** Full-text search over the narrative sections of the seed database (the bounds on its cost: search-bounds.test.ts). */

let dir: string;
let db: Db;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-search-"));
  buildSeedDb(join(dir, "test.db"));
  db = openWebDb(join(dir, "test.db"));
});
afterAll(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("full-text search", () => {
  const search = (text: string, more: Partial<Parameters<typeof searchSections>[1]> = {}) => searchSections(db, { text, page: 1, pageSize: 20, ...more });

  it("matches 3+ characters through FTS5 and marks the match", () => {
    const result = search("政采贷");
    expect(result.mode).toBe("fts");
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]).toMatchObject({ agency: "吴忠市公共资源交易服务中心", part: "other", isCurrent: true });
    expect(result.rows[0]!.snippet).toContain(`${MARK_START}政采贷${MARK_END}`);
  });

  it("falls back to LIKE for shorter terms, with % and _ taken literally", () => {
    const short = search("公开");
    expect(short.mode).toBe("like");
    expect(short.total).toBeGreaterThan(5);
    expect(short.rows[0]!.snippet).toContain(`${MARK_START}公开${MARK_END}`);
    const percent = search("%");
    expect(percent.rows.every((r) => r.snippet.includes(`${MARK_START}%${MARK_END}`))).toBe(true);
    expect(search("0%0").total).toBe(0);
    expect(search("_").total).toBe(0);
  });

  it("needs every term, and reads FTS5 syntax typed by a user as text", () => {
    expect(search("政采贷 吴忠").total).toBe(1);
    expect(search("政采贷 淄博市").total).toBe(0);
    for (const text of ['"', 'NEAR("a b")', "a* OR b", "-政采贷", "政采贷 AND", "'; DROP TABLE reports; --"]) expect(() => search(text)).not.toThrow();
    expect(search("   ")).toMatchObject({ mode: "empty", total: 0 });
  });

  it("searches current reports unless asked for revisions too", () => {
    const current = search("淄博市公共资源交易中心");
    const withRevisions = search("淄博市公共资源交易中心", { revisions: true });
    expect(withRevisions.total).toBe(current.total * 2);
    expect(withRevisions.rows.some((r) => !r.isCurrent)).toBe(true);
  });

  it("filters by region and year, and pages", () => {
    expect(search("公共资源交易", { province: "宁夏回族自治区" }).rows.every((r) => r.agency.startsWith("吴忠"))).toBe(true);
    expect(search("公共资源交易", { years: [2020] }).rows.every((r) => r.year === 2020)).toBe(true);
    const all = search("公共资源交易", { pageSize: 100 });
    const paged = [1, 2].flatMap((page) => search("公共资源交易", { page, pageSize: Math.ceil(all.total / 2) }).rows.map((r) => `${r.reportId}.${r.part}`));
    expect(paged).toEqual(all.rows.map((r) => `${r.reportId}.${r.part}`));
  });
});

describe("search facets and order (issue 17.4)", () => {
  const query = (text: string, more: Partial<Parameters<typeof searchFacets>[1]> = {}) => ({ text, page: 1, pageSize: 500, ...more });
  const total = (text: string, more: Partial<Parameters<typeof searchFacets>[1]> = {}) => searchSections(db, query(text, more)).total;

  it("counts the hits of the query per province and year, each the total its link finds", () => {
    for (const text of ["公共资源交易", "政采贷", "公开"]) {
      const { facets, cutShort } = searchFacets(db, query(text));
      expect(cutShort).toBe(false);
      const all = total(text);
      expect(facets.province.reduce((sum, f) => sum + f.count, 0)).toBe(all);
      expect(facets.year.reduce((sum, f) => sum + f.count, 0)).toBe(all);
      for (const f of facets.province) expect(total(text, { province: f.value ?? NO_REGION }), `${text} ${f.value}`).toBe(f.count);
      for (const f of facets.year) expect(total(text, { years: [f.value] }), `${text} ${f.value}`).toBe(f.count);
    }
  });

  it("follows the query: a province without a hit is not offered, a narrower query counts less", () => {
    const wide = searchFacets(db, query("公共资源交易")).facets;
    const narrow = searchFacets(db, query("政采贷")).facets;
    expect(narrow.province).toEqual([{ value: "宁夏回族自治区", count: 1 }]);
    expect(wide.province.length).toBeGreaterThan(narrow.province.length);
    expect(searchFacets(db, query("没有这个词组")).facets).toEqual({ province: [], city: [], county: [], year: [] });
    expect(searchFacets(db, query("   ")).facets.year).toEqual([]);
  });

  it("counts each facet under the other filters but its own, cities once a province is chosen", () => {
    const { facets } = searchFacets(db, query("公共资源交易", { province: "山东省", years: [2023] }));
    expect(facets.province.find((f) => f.value === "山东省")?.count).toBe(total("公共资源交易", { province: "山东省", years: [2023] }));
    for (const f of facets.year) expect(f.count).toBe(total("公共资源交易", { province: "山东省", years: [f.value] }));
    expect(facets.city.reduce((sum, f) => sum + f.count, 0)).toBe(total("公共资源交易", { province: "山东省", years: [2023] }));
  });

  it("orders hits newest year first, then by agency in pinyin order", () => {
    // 济南 (jì) before 吴忠 (wú), though 吴 comes first by code point.
    expect(pinyinKey("济南公共资源交易中心") < pinyinKey("吴忠市公共资源交易服务中心")).toBe(true);
    expect("济南" < "吴忠").toBe(false);
    for (const [a, b] of [
      ["安徽省财政厅", "北京市"],
      ["北京市", "济南市历下区财政局"],
      ["济南公共资源交易中心", "济南市历下区财政局"],
      ["山东省", "山东省人民政府"],
    ])
      expect(pinyinKey(a!) < pinyinKey(b!), `${a} ${b}`).toBe(pinyin.compare(a!, b!) < 0);
    for (const text of ["公共资源交易", "公开"]) {
      const rows = searchSections(db, query(text)).rows;
      expect(rows.length).toBeGreaterThan(1);
      for (let i = 1; i < rows.length; i++) {
        const [a, b] = [rows[i - 1]!, rows[i]!];
        expect(a.year > b.year || (a.year === b.year && pinyin.compare(a.agency, b.agency) <= 0), `${a.year} ${a.agency} before ${b.year} ${b.agency}`).toBe(
          true,
        );
      }
    }
  });
});
