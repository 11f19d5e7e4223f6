import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openWritableDb } from "../db/client";
import { storeReport } from "../db/write";
import { sha256 } from "../lib/ingest/hash";
import { parseReport } from "../lib/report/parse";
import type { Source } from "../lib/report/schema";
import { AccuracyTally, type Check } from "../lib/synth/accuracy";
import { corpusKey, corpusReports, corpusText, type CorpusOptions } from "../lib/synth/corpus";

/**
 * The benchmark database: the synthetic corpus parsed and stored in-process through the same parse and
 * db/write.ts store path as `npm run ingest` (one transaction per batch of reports instead of per file, and no
 * worker threads or source copies), cached under .bench/ by the corpus options and a hash of the code that
 * shapes the data, so a rerun reuses it.
 */

const ROOT = join(import.meta.dirname, "..");
export const BENCH_DIR = join(ROOT, ".bench");
/**
 * The code whose change makes a cached database stale: the parser and the corpus. A cached database is opened
 * for writing before use, so migrations added since it was built (indexes, pre-aggregated tables) apply to it.
 */
const SHAPING_CODE = ["lib/report", "lib/synth"];
const BATCH = 500;

type Tx = Parameters<typeof storeReport>[0];

export type BuildStats = {
  reports: number;
  stored: number;
  /** Reports found already stored by an interrupted build. */
  resumed: number;
  seconds: number;
  accuracy: { total: number; exact: number; failures: Partial<Record<Check, number>>; examples: { id: number; failed: Check[] }[] };
  crossYear: { expected: number; flagged: number; missed: number; spurious: number };
};

export type BenchDb = { path: string; stats: BuildStats; cached: boolean };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** A short hash of every file of the code that shapes the stored data. */
export function codeHash(): string {
  const hash = createHash("sha256");
  const files = SHAPING_CODE.flatMap((path) => (statSync(join(ROOT, path)).isDirectory() ? filesUnder(join(ROOT, path)) : [join(ROOT, path)]));
  for (const file of files.sort()) hash.update(file.slice(ROOT.length)).update(readFileSync(file));
  return hash.digest("hex").slice(0, 12);
}

/** The cached database for these options, built first if missing. */
export function benchDb(options: CorpusOptions, cacheDir: string, log: (line: string) => void): BenchDb {
  mkdirSync(cacheDir, { recursive: true });
  const base = join(cacheDir, `${corpusKey(options)}-${codeHash()}`);
  const path = `${base}.db`;
  if (existsSync(path) && existsSync(`${base}.json`)) {
    const db = openWritableDb(path);
    db.$client.pragma("wal_checkpoint(TRUNCATE)");
    db.$client.close();
    return { path, stats: JSON.parse(readFileSync(`${base}.json`, "utf8")) as BuildStats, cached: true };
  }
  // An interrupted build resumes: the reports it stored are found by sha256 and skipped (parsed again for the accuracy).
  const building = `${base}.building.db`;
  const stats = buildDb(building, options, log);
  renameSync(building, path);
  writeFileSync(`${base}.json`, `${JSON.stringify(stats, null, 2)}\n`);
  return { path, stats, cached: false };
}

/** Parses and stores the whole corpus into `path`, checking each parse against its truth. */
export function buildDb(path: string, options: CorpusOptions, log: (line: string) => void): BuildStats {
  const started = performance.now();
  const db = openWritableDb(path);
  const tally = new AccuracyTally();
  const reportIds = new Map<number, number>();
  const mismatched: number[] = [];
  let resumed = 0;
  let batch: ((tx: Tx) => void)[] = [];
  const flush = () => {
    db.transaction((tx) => batch.forEach((store) => store(tx)));
    batch = [];
  };
  for (const truth of corpusReports(options)) {
    const text = corpusText(truth);
    const source: Source = { fileName: `${truth.id}.txt`, sha256: sha256(Buffer.from(text)), mediaType: "text/plain", pages: null };
    const outcome = parseReport(text, { source });
    tally.add(truth, outcome);
    if (truth.crossYearMismatch) mismatched.push(truth.id);
    if (outcome.ok) {
      batch.push((tx) => {
        const stored = storeReport(tx, { ...outcome.report, source }, "2026-01-01T00:00:00.000Z");
        if (stored.status === "present") resumed++;
        reportIds.set(truth.id, stored.reportId);
      });
    }
    if (batch.length >= BATCH) flush();
    if (truth.id % 10_000 === 0) log(`  stored ${truth.id} of ${options.reports} reports (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  flush();
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  const crossYear = crossYearCheck(db.$client, reportIds, mismatched);
  db.$client.close();
  return {
    reports: tally.total,
    stored: reportIds.size,
    resumed,
    seconds: (performance.now() - started) / 1000,
    accuracy: { total: tally.total, exact: tally.exact, failures: Object.fromEntries([...tally.failures].filter(([, n]) => n > 0)), examples: tally.examples },
    crossYear,
  };
}

/** identity.crossYear must sit on both reports of every mismatched pair (a mismatch year and the year before), and nowhere else. */
function crossYearCheck(client: ReturnType<typeof openWritableDb>["$client"], reportIds: Map<number, number>, mismatched: number[]): BuildStats["crossYear"] {
  const expected = new Set(mismatched.flatMap((id) => [reportIds.get(id), reportIds.get(id - 1)]).filter((id): id is number => id !== undefined));
  const flagged = new Set(
    (client.prepare("SELECT DISTINCT report_id AS id FROM report_issues WHERE code = 'identity.crossYear'").all() as { id: number }[]).map((r) => r.id),
  );
  return {
    expected: expected.size,
    flagged: flagged.size,
    missed: [...expected].filter((id) => !flagged.has(id)).length,
    spurious: [...flagged].filter((id) => !expected.has(id)).length,
  };
}

export function fileBytes(path: string): number {
  return statSync(path).size;
}
