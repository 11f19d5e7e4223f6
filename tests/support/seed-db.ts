import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { openWritableDb } from "../../db/client";
import { storeReport } from "../../db/write";
import { sha256 } from "../../lib/ingest/hash";
import { parseReport } from "../../lib/report/parse";
import type { Report, Source } from "../../lib/report/schema";
import { FIXTURES } from "./fixtures";

/**
 * A small database for the web tests: the five seed reports plus edited copies of seed 000, so that an
 * agency has several years (with a gap, a trend and a cross-year mismatch), a second agency shares a city,
 * a report has a revision, and review/litigation counts give rates with and without a zero denominator.
 */

const seed = (name: string) => readFileSync(join(FIXTURES, `seed-${name}`, "input.txt"), "utf8");

/** Replaces the seven numbers of a printed 表三 line of seed 000, found by its label. */
function setRow(text: string, label: string, values: number[]): string {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`(${escaped}\\t+)\\d+(?:\\t\\d+){6}`);
  if (!pattern.test(text)) throw new Error(`seed 000 has no row ${label}`);
  return text.replace(pattern, `$1${values.join("\t")}`);
}

const REVIEW_LINE = "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0";

/** Seed 000's narrative states its 6 applications: an edited copy states its own count, as a real report would. */
function setStatedApplications(text: string, received: number): string {
  const sentence = "接到依申请公开共计6件，其中网上申请5件，信函申请1件";
  if (!text.includes(sentence)) throw new Error("seed 000 no longer states its applications");
  return text.replace(sentence, `接到依申请公开共计${received}件`);
}

/** 济南 2023: more applications, two carried forward (the 2024 report says none came over), review cases. */
function jinan2023(): string {
  let text = seed("000").replace(/2024/g, "2023");
  text = setRow(text, "一、本年新收政府信息公开申请数量", [10, 0, 0, 0, 0, 2, 12]);
  text = setStatedApplications(text, 12);
  text = setRow(text, "(一) 予以公开", [4, 0, 0, 0, 0, 2, 6]);
  text = setRow(text, "(七) 总计", [8, 0, 0, 0, 0, 2, 10]);
  text = setRow(text, "四、结转下年度继续办理", [2, 0, 0, 0, 0, 0, 2]);
  // 复议: 1 upheld, 1 corrected; 直接起诉: 1 pending, so no concluded litigation (a zero denominator).
  return text.replace(REVIEW_LINE, "1\t1\t0\t0\t2\t0\t0\t0\t1\t1\t0\t0\t0\t0\t0");
}

/** 济南 2021: as in 2024 but four applications; 2022 is missing. */
function jinan2021(): string {
  let text = seed("000").replace(/2024/g, "2021");
  text = setRow(text, "一、本年新收政府信息公开申请数量", [4, 0, 0, 0, 0, 0, 4]);
  text = setStatedApplications(text, 4);
  text = setRow(text, "(一) 予以公开", [0, 0, 0, 0, 0, 0, 0]);
  text = setRow(text, "(七) 总计", [4, 0, 0, 0, 0, 0, 4]);
  return text;
}

/** A second agency in 济南市 (a district office): business applicants, corrected reviews, and a 表三 whose applicant columns no longer add up (flags). */
function lixia2024(): string {
  let text = seed("000").replace(/济南公共资源交易中心/g, "济南市历下区财政局");
  text = setRow(text, "一、本年新收政府信息公开申请数量", [3, 3, 0, 0, 0, 0, 6]);
  text = setRow(text, "(一) 予以公开", [0, 2, 0, 0, 0, 0, 2]);
  text = setRow(text, "4. 保护第三方合法权益", [0, 1, 0, 0, 0, 0, 1]);
  return text.replace(REVIEW_LINE, "0\t3\t0\t0\t3\t1\t1\t0\t0\t2\t0\t0\t0\t0\t0");
}

export type SeedText = { name: string; text: string };

/** The texts stored, in order: a later text for the same agency and year is a revision. */
export function seedTexts(): SeedText[] {
  return [
    { name: "000.txt", text: seed("000") },
    { name: "001.txt", text: seed("001") },
    { name: "002.txt", text: seed("002") },
    { name: "003.txt", text: seed("003") },
    { name: "004.txt", text: seed("004") },
    { name: "jinan-2023.txt", text: jinan2023() },
    { name: "jinan-2021.txt", text: jinan2021() },
    { name: "lixia-2024.txt", text: lixia2024() },
    { name: "002-revised.txt", text: `${seed("002")}\n（修订版）\n` },
  ];
}

export function parsedSeed({ name, text }: SeedText): Report & { source: Source } {
  const source: Source = { fileName: name, sha256: sha256(Buffer.from(text)), mediaType: "text/plain", pages: null };
  const outcome = parseReport(text, { source });
  if (!outcome.ok) throw new Error(`${name}: ${outcome.reason}`);
  return { ...outcome.report, source };
}

/** Builds the database at `path` (with the original files in sources/ beside it); returns the stored report ids by file name. */
export function buildSeedDb(path: string): Map<string, number> {
  mkdirSync(dirname(path), { recursive: true });
  const db = openWritableDb(path);
  const ids = new Map<string, number>();
  const sources = join(dirname(path), "sources");
  mkdirSync(sources, { recursive: true });
  for (const seedText of seedTexts()) {
    const report = parsedSeed(seedText);
    writeFileSync(join(sources, report.source.sha256), seedText.text);
    const stored = db.transaction((tx) => storeReport(tx, report, "2026-01-01T00:00:00.000Z"));
    ids.set(seedText.name, stored.reportId);
  }
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  db.$client.close();
  return ids;
}
