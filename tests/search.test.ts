import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { MARK_END, MARK_START, openWebDb, searchSections } from "../db/queries";
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
