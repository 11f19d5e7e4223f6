import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { ftsPhrase } from "../db/queries/search";
import { ftsSnippet, trigramFold } from "../db/search-snippet";
import { MARK_END, MARK_START } from "../lib/store/types";

/**
 * db/search-snippet.ts against SQLite itself: the search index's table made by its migration, FTS5's snippet() as
 * db/queries/search.ts calls it, and the trigram tokenizer's folding read back through fts5vocab.
 */

const db = new Database(":memory:");
db.exec(readFileSync(new URL("../db/migrations/0001_sections_fts.sql", import.meta.url), "utf8"));
db.exec("CREATE VIRTUAL TABLE vocab USING fts5vocab(report_sections_fts, 'instance')");
afterAll(() => db.close());

const insert = db.prepare("INSERT INTO report_sections_fts (rowid, body, report_id, part) VALUES (?, ?, ?, 'overview')");
const snippets = db.prepare(
  `SELECT rowid AS id, snippet(report_sections_fts, 0, '${MARK_START}', '${MARK_END}', '…', 24) AS snippet FROM report_sections_fts WHERE report_sections_fts MATCH ?`,
);

/** A fixed pseudo-random sequence (mulberry32), so a failure repeats. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "本机关认真贯彻落实《中华人民共和国政府信息公开条例》",
  "全年共收到政府信息公开申请21件",
  "政府信息公开",
  "信息公开信息公开",
  "公开公开公开",
  "依申请公开工作规范有序。",
  "行政复议2件，行政诉讼1起",
  "PDF版本 pdf附件 Pdf",
  "一、总体情况. 二、主动公开: ",
  "Note. Next sentence",
  "\n",
  "  ",
  ":\t",
  "ΣΊΣΥΦΟΣ σίσυφος ς",
  "𠀀𠀁𠀂汉字扩展",
  "ＡＢＣａｂｃ全角",
  "µſǅ",
  "aaaaaa",
  "。",
];

function bodyOf(next: () => number): string {
  const length = 1 + Math.floor(next() * (next() < 0.2 ? 120 : 12));
  return Array.from({ length }, () => PIECES[Math.floor(next() * PIECES.length)]!).join("");
}

/** Terms of 3+ characters (the queries that reach FTS5), cut from a body and sometimes changed in case. */
function termsOf(body: string, next: () => number): string[] {
  const chars = [...body.replace(/\s+/g, "")];
  const count = 1 + Math.floor(next() * 3);
  const terms: string[] = [];
  for (let i = 0; i < count && chars.length >= 3; i++) {
    const length = 3 + Math.floor(next() * 4);
    const at = Math.floor(next() * Math.max(1, chars.length - length));
    const term = chars.slice(at, at + length).join("");
    if ([...term].length >= 3) terms.push(next() < 0.3 ? term.toUpperCase() : term);
  }
  return terms;
}

describe("FTS5 snippet() ported to TypeScript (db/search-snippet.ts)", () => {
  it("folds every code point of the first two planes as the trigram tokenizer does", () => {
    const differ: string[] = [];
    for (let base = 1; base < 0x20000; base += 4096) {
      const codes: number[] = [];
      for (let code = base; code < base + 4096; code++) if (code < 0xd800 || code > 0xdfff) codes.push(code);
      db.exec("DELETE FROM report_sections_fts");
      insert.run(1, codes.map((code) => `${String.fromCodePoint(code)}##`).join(""), 1);
      const terms = new Map((db.prepare("SELECT term, offset FROM vocab").all() as { term: string; offset: number }[]).map((row) => [row.offset, row.term]));
      codes.forEach((code, i) => {
        const folded = terms.get(i * 3)?.codePointAt(0);
        if (folded !== trigramFold(code)) differ.push(`${code.toString(16)}: SQLite ${folded?.toString(16)}, here ${trigramFold(code).toString(16)}`);
      });
    }
    expect(differ).toEqual([]);
  });

  it("gives SQLite's snippet for 400 generated queries over 300 generated parts", () => {
    db.exec("DELETE FROM report_sections_fts");
    const next = random(20);
    const bodies: string[] = [];
    for (let id = 1; id <= 300; id++) {
      bodies.push(bodyOf(next));
      insert.run(id, bodies[id - 1], id);
    }
    let compared = 0;
    let cut = 0;
    for (let q = 0; q < 400; q++) {
      const terms = termsOf(bodies[Math.floor(next() * bodies.length)]!, next);
      if (!terms.length) continue;
      for (const row of snippets.all(ftsPhrase(terms)) as { id: number; snippet: string }[]) {
        const snippet = ftsSnippet(bodies[row.id - 1]!, terms);
        if (snippet !== row.snippet) expect(snippet, `${JSON.stringify(terms)} in ${JSON.stringify(bodies[row.id - 1])}`).toBe(row.snippet);
        compared++;
        if (row.snippet.includes("…")) cut++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
    expect(cut).toBeGreaterThan(200);
  });

  it("marks the match and cuts a long part as SQLite does, by hand", () => {
    const body = `${"前文".repeat(30)}政府信息公开${"后文".repeat(30)}`;
    // 信息公开 is tokens 62–63 of 124: the window of 24 starts 11 tokens before it (character 51, a 文).
    expect(ftsSnippet(body, ["信息公开"])).toBe(`…文前文前文前文前文政府${MARK_START}信息公开${MARK_END}后文后文后文后文后文后…`);
    expect(ftsSnippet("短文政府信息公开", ["信息公开"])).toBe(`短文政府${MARK_START}信息公开${MARK_END}`);
  });
});
