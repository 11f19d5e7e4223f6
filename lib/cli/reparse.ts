import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { storeExists, storeTarget, targetName } from "../../db/open-store";
import { reread, type IngestTarget, type RereadOutcome } from "../pipeline/ingest";
import { ReaderPool } from "../pipeline/pool";
import { readKeptSource } from "../pipeline/sources";
import { printableName } from "../printable";
import { PARSER_VERSION } from "../report/version";
import type { CellChange, IssueLine, ReportFile, WriteStore } from "../store/write-store";
import { EXIT, type CliIo } from "./io";
import { openStoreFor, targetPath } from "./open-db";

export type ReparseIo = Pick<CliIo, "stdout" | "stderr">;

type Named = { id: number; agency: string; year: number; file: string };

export type ChangedReport = Named & {
  parserBefore: string | null;
  cells: CellChange[];
  other: CellChange[];
  flagsAdded: IssueLine[];
  flagsRemoved: IssueLine[];
};

export type ReparseSummary = {
  database: string;
  parserVersion: string;
  reports: number;
  changed: ChangedReport[];
  /** Read the same as stored: only the parser version was written. */
  restamped: number;
  unchanged: number;
  /** The current parser refuses the file: the stored reading is kept. */
  refused: (Named & { reason: string })[];
  /** Not read again: the kept source is missing or no longer matches, or the store failed. */
  failed: (Named & { reason: string })[];
  seconds: number;
};

const USAGE = "usage: npm run reparse -- [--db PATH] [--jobs N] [--json]\n";

type Options = { db?: string; jobs: number; json: boolean };

function readOptions(argv: string[]): Options | string {
  try {
    const { values } = parseArgs({ args: argv, options: { db: { type: "string" }, jobs: { type: "string", short: "j" }, json: { type: "boolean" } } });
    const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) return `--jobs must be a whole number from 1 to 64, not ${values.jobs}`;
    return { db: values.db, jobs, json: Boolean(values.json) };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

type Outcome = { kind: "changed"; report: ChangedReport } | { kind: "restamped" | "unchanged" } | { kind: "refused" | "failed"; reason: string };

const named = (file: ReportFile): Named => ({ id: file.id, agency: file.agency, year: file.year, file: file.fileName });

/** A stored report's kept source read once, then read, parsed and stored again through the pipeline. */
async function reparseOne(target: IngestTarget, file: ReportFile): Promise<Outcome> {
  const kept = await readKeptSource(target.store.sourcesDir, file.sha256);
  if ("problem" in kept) return { kind: "failed", reason: kept.problem };
  // The kept copy is named by its hash; the report keeps the name it was published under.
  const outcome: RereadOutcome = await reread(target, {
    reportId: file.id,
    sha256: file.sha256,
    bytes: kept.bytes,
    name: file.fileName,
    provenance: { kind: "file", path: kept.path },
  });
  if (outcome.kind !== "changed") return outcome;
  return { kind: "changed", report: { ...named(file), parserBefore: outcome.parserBefore, ...outcome.changes } };
}

function tally(summary: ReparseSummary, file: ReportFile, outcome: Outcome): void {
  if (outcome.kind === "changed") summary.changed.push(outcome.report);
  else if (outcome.kind === "refused" || outcome.kind === "failed") summary[outcome.kind].push({ ...named(file), reason: outcome.reason });
  else summary[outcome.kind]++;
}

/** Reads every stored report's kept source again with the current code, `jobs` files at a time. */
export async function reparseAll(store: WriteStore, jobs: number): Promise<ReparseSummary> {
  const started = performance.now();
  const files = await store.reportFiles();
  const summary: ReparseSummary = {
    database: "",
    parserVersion: PARSER_VERSION,
    reports: files.length,
    changed: [],
    restamped: 0,
    unchanged: 0,
    refused: [],
    failed: [],
    seconds: 0,
  };
  const pool = new ReaderPool(Math.min(jobs, Math.max(1, files.length)));
  const target: IngestTarget = { store, pool, now: () => new Date() };
  let next = 0;
  const runner = async () => {
    while (next < files.length) {
      const file = files[next++] as ReportFile;
      tally(summary, file, await reparseOne(target, file));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, runner));
  } finally {
    await pool.close();
  }
  for (const list of [summary.changed, summary.refused, summary.failed]) list.sort((a, b) => a.id - b.id);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function shown(value: unknown): string {
  return typeof value === "string" && value.length > 40 ? `${value.length} characters` : JSON.stringify(value);
}

function flagLine(sign: string, flag: IssueLine): string {
  const where = [flag.section, flag.row, flag.column].filter(Boolean).join(".");
  return `    ${sign} ${flag.code} at ${where}: ${flag.message}`;
}

const title = (report: Named) => `#${report.id} ${report.agency} ${report.year} (${printableName(report.file)})`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function changedLines(report: ChangedReport): string[] {
  const head = `${title(report)}: ${plural(report.cells.length, "cell")} changed, ${plural(report.flagsAdded.length, "flag")} added, ${report.flagsRemoved.length} removed (parser ${report.parserBefore ?? "unknown"} → ${PARSER_VERSION})`;
  return [
    head,
    ...[...report.cells, ...report.other].map(({ cell, before, after }) => `    ${cell}: ${shown(before)} → ${shown(after)}`),
    ...report.flagsAdded.map((flag) => flagLine("+", flag)),
    ...report.flagsRemoved.map((flag) => flagLine("−", flag)),
  ];
}

export function summaryLine(summary: ReparseSummary): string {
  const cells = summary.changed.reduce((n, r) => n + r.cells.length, 0);
  const added = summary.changed.reduce((n, r) => n + r.flagsAdded.length, 0);
  const removed = summary.changed.reduce((n, r) => n + r.flagsRemoved.length, 0);
  const problems = `${summary.refused.length} refused (old reading kept), ${summary.failed.length} failed`;
  const head = `reparse: ${plural(summary.reports, "report")} with parser ${summary.parserVersion} in ${summary.seconds.toFixed(1)} s → ${summary.database}`;
  if (summary.changed.length === 0 && summary.restamped === 0) return `${head}: nothing changed (${summary.unchanged} unchanged, ${problems})`;
  return `${head}: ${summary.changed.length} changed (${plural(cells, "cell")}, ${plural(added, "flag")} added, ${removed} removed), ${summary.restamped} re-stamped (read the same, version stored), ${summary.unchanged} unchanged, ${problems}`;
}

export function formatReparse(summary: ReparseSummary): string {
  const lines = [
    ...summary.changed.flatMap(changedLines),
    ...summary.refused.map((r) => `${title(r)}: now refused, old reading kept: ${r.reason}`),
    ...summary.failed.map((r) => `${title(r)}: not read again: ${r.reason}`),
    summaryLine(summary),
  ];
  return `${lines.join("\n")}\n`;
}

/** `npm run reparse -- [--db PATH] [--jobs N] [--json]`. */
export async function runReparse(argv: string[], io: ReparseIo): Promise<number> {
  const options = readOptions(argv);
  if (typeof options === "string") {
    io.stderr(`${options}\n${USAGE}`);
    return EXIT.usage;
  }
  const target = storeTarget(options.db);
  if (!storeExists(target)) {
    io.stderr(`no database at ${targetPath(target)}: ingest reports first (npm run ingest)\n`);
    return EXIT.usage;
  }
  const store = await openStoreFor(target, io);
  if (!store) return EXIT.usage;
  let summary: ReparseSummary;
  try {
    summary = await reparseAll(store, options.jobs);
  } finally {
    await store.close();
  }
  summary.database = targetName(target);
  io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatReparse(summary));
  return summary.refused.length || summary.failed.length ? EXIT.failed : EXIT.ok;
}
