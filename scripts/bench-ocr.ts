import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scoreScan, type ScanScore } from "../lib/corpus/scan";
import { readDocument } from "../lib/ingest/read";
import { reportFromBytes } from "../lib/pipeline/job";
import { parseReport } from "../lib/report/parse";
import type { Report } from "../lib/report/schema";
import { DOCX_IMAGES } from "./make-ocr-docx-fixture";
import { SCANS, type ScanRecipe } from "./make-ocr-fixtures";

/**
 * The OCR rows of `npm run bench` (`--only ocr`): each scan fixture (tests/fixtures/ocr-*, made by
 * scripts/make-ocr-fixtures.ts) read as ingest reads it (reader, parser, OCR flags), timed, and every table cell
 * compared with the text-layer reading of the PDF it was made from.
 */
const ROOT = join(import.meta.dirname, "..");

/** `seconds`: wall-clock; `cpuSeconds`: the process's CPU time (the OCR threads are in it), steadier on a busy machine. */
export type ScanResult = { recipe: Pick<ScanRecipe, "name" | "source" | "what">; pages: number; seconds: number; cpuSeconds: number; score: ScanScore };

/** The original's reading: the truth a scan is measured against. */
export async function truthOf(recipe: { source: string }): Promise<Report> {
  const document = await readDocument(new Uint8Array(readFileSync(join(ROOT, recipe.source))));
  const parsed = parseReport(document.text);
  if (!parsed.ok) throw new Error(`${recipe.source}: ${parsed.reason}`);
  return parsed.report;
}

/** The DOCX whose tables are pictures (scripts/make-ocr-docx-fixture.ts), measured as a scan: `pages` counts its pictures. */
export const DOCX_SCAN = { ...DOCX_IMAGES, file: "input.docx" };

export async function measureScan(recipe: Pick<ScanRecipe, "name" | "source" | "what"> & { file?: string }): Promise<ScanResult> {
  const path = join(ROOT, "tests", "fixtures", `ocr-${recipe.name}`, recipe.file ?? "input.pdf");
  const truth = await truthOf(recipe);
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await reportFromBytes(path, new Uint8Array(readFileSync(path)));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const parsed = result.ok ? { ok: true as const, report: result.report } : { ok: false as const, reason: result.reason };
  const pictures = recipe.file === DOCX_SCAN.file ? DOCX_IMAGES.pieces.flat().length : 1;
  const pages = result.ok ? (result.report.source.pages ?? pictures) : pictures;
  return { recipe, pages, seconds, cpuSeconds, score: scoreScan(truth, parsed, recipe.name) };
}

type Row = { measure: string; value: string; note: string };

export function note({ score }: ScanResult): string {
  const silent = score.wrongSilent.length ? `, ${score.wrongSilent.length} wrong and not flagged (${score.wrongSilent.join("; ")})` : ", none wrong and silent";
  return `${score.exact}/${score.cells} cells exact, ${score.flagged} flagged for review, ${score.wrong} wrong${silent}${score.factsWrong.length ? `; ${score.factsWrong.join("; ")}` : ""}`;
}

export async function benchOcr(log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  let pages = 0;
  let seconds = 0;
  let cpuSeconds = 0;
  const total = { cells: 0, exact: 0, flagged: 0, wrong: 0, silent: 0 };
  for (const recipe of [...SCANS, DOCX_SCAN]) {
    log(`ocr ${recipe.name}…`);
    const result = await measureScan(recipe);
    pages += result.pages;
    seconds += result.seconds;
    cpuSeconds += result.cpuSeconds;
    total.cells += result.score.cells;
    total.exact += result.score.exact;
    total.flagged += result.score.flagged;
    total.wrong += result.score.wrong;
    total.silent += result.score.wrongSilent.length;
    rows.push({
      measure: `OCR ${recipe.name} (s/page)`,
      value: (result.seconds / result.pages).toFixed(1),
      note: `${recipe.what}, ${result.pages} pages (${(result.cpuSeconds / result.pages).toFixed(1)} CPU s/page): ${note(result)}`,
    });
  }
  rows.push({
    measure: "OCR all scans (s/page)",
    value: (seconds / pages).toFixed(1),
    note: `${pages} pages, one reader, ${(cpuSeconds / pages).toFixed(1)} CPU s/page: ${total.exact}/${total.cells} cells exact, ${total.flagged} flagged, ${total.wrong} wrong, ${total.silent} wrong and not flagged`,
  });
  return rows;
}
