import { SingleBar } from "cli-progress";
import { existsSync, readdirSync, statSync, type Stats } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { storeTarget, targetName } from "../../db/open-store";
import type { CrawlStats } from "../crawl/crawl";
import { readFileWithin } from "../ingest/file";
import { ingest, type IngestTarget } from "../pipeline/ingest";
import { describe } from "../pipeline/job";
import { DEFAULT_LIMITS, ReaderPool, type JobLimits } from "../pipeline/pool";
import { printableName } from "../printable";
import type { StoreStatus, WriteStore } from "../store/write-store";
import { badUrlReason, formatWebStats, ingestUrls, isUrl, readWebOptions, WEB_HELP, WEB_OPTIONS, type WebOptions } from "./ingest-web";
import { EXIT } from "./io";
import { openStoreFor } from "./open-db";

export type IngestIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** A terminal gets a progress bar; a pipe or log gets one plain line per file. */
  isTTY: boolean;
  now: () => Date;
};

export function defaultIngestIo(): IngestIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    now: () => new Date(),
  };
}

export type IngestSummary = {
  database: string;
  files: number;
  ingested: number;
  present: number;
  revised: number;
  flagged: number;
  issuesByCode: Record<string, number>;
  failed: { file: string; reason: string }[];
  /** Folder entries not read (not files, or unreadable); they do not change the exit code. */
  skipped: Skipped[];
  seconds: number;
  /** What the crawl of the URLs given did (lib/cli/ingest-web.ts); absent when none was given. */
  web?: CrawlStats;
};

const USAGE = "usage: npm run ingest -- [--db PATH] [--jobs N] [--max-file-mb MB] [--ocr-timeout S] [--json] [--delay S] [--allow-host HOST]... PATH|URL...\n";

const HELP = `${USAGE}
Reads reports (PDF, DOCX, DOC, HTML, MHT, text; folders recursively) into the database, one transaction per report.

  --db PATH          the database (default $NIANBAO_DB, else data/nianbao.db)
  --jobs N           reader processes (default: one per core)
  --max-file-mb MB   larger files and downloads are refused (default ${DEFAULT_LIMITS.maxFileMb})
  --ocr-timeout S    time limit for a scan read by OCR (default ${DEFAULT_LIMITS.ocrTimeoutMs / 1000} s)
  --json             print the summary as JSON
  --help             this text

Each file is read in a reader process within ${DEFAULT_LIMITS.timeoutMs / 1000} s and ${DEFAULT_LIMITS.maxMemoryMb} MB; a scanned PDF (no text
layer) is read by OCR, offline, with its own time limit (--ocr-timeout) from the moment OCR starts.
${WEB_HELP}
Exit codes: 0 all stored, 1 some failed (the others are stored), 2 bad usage or an unusable database.
`;

/** A folder's README describes it; it is not a report. */
const README = /^readme(\.[a-z]+)?$/i;

/** A folder entry that is not read: it is named on stderr and in the summary, and the batch goes on. */
export type Skipped = { path: string; reason: string };

/** Why an entry could not be looked at, from the error of stat or readdir. */
function walkErrorReason(error: unknown, listing: boolean): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "dangling symlink (its target does not exist)";
  if (code === "ELOOP") return "symlink loop";
  if (code === "EACCES" || code === "EPERM") return listing ? "permission denied: the folder cannot be listed" : "permission denied";
  return error instanceof Error ? error.message : String(error);
}

/** Why an entry that is neither a file nor a folder is skipped. */
function notAFileReason(stat: Stats): string {
  if (stat.isFIFO()) return "a FIFO (named pipe), not a file";
  if (stat.isSocket()) return "a socket, not a file";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device, not a file";
  return "not a regular file";
}

/**
 * Every file under the given paths (folders recursively, symlinks followed; hidden files and READMEs skipped),
 * in a stable order. An entry that cannot be read as a file or a folder (a dangling symlink, a symlink loop, a
 * FIFO, a socket, a folder that cannot be listed) is skipped with its reason instead of ending the walk.
 */
export function collectFiles(paths: string[]): { files: string[]; missing: string[]; skipped: Skipped[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const skipped: Skipped[] = [];
  // The folders being walked, by device and inode: a symlink back to one of them would be walked forever.
  const open = new Set<string>();
  const walk = (path: string) => {
    let stat: Stats;
    try {
      stat = statSync(path);
    } catch (error) {
      return skipped.push({ path, reason: walkErrorReason(error, false) });
    }
    if (stat.isFile()) return files.push(path);
    if (!stat.isDirectory()) return skipped.push({ path, reason: notAFileReason(stat) });
    const key = `${stat.dev}:${stat.ino}`;
    if (open.has(key)) return skipped.push({ path, reason: "symlink loop (leads back to a folder above it)" });
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch (error) {
      return skipped.push({ path, reason: walkErrorReason(error, true) });
    }
    open.add(key);
    for (const name of names) if (!name.startsWith(".") && !README.test(name)) walk(join(path, name));
    open.delete(key);
  };
  for (const path of paths) {
    if (existsSync(path)) walk(path);
    else missing.push(path);
  }
  return { files, missing, skipped };
}

/** What became of one file: the pipeline's outcome (lib/pipeline/ingest.ts), or a file that could not be read. */
export type Outcome = { status: StoreStatus | "failed"; reason?: string; issueCodes?: string[] };

class Progress {
  private readonly bar: SingleBar | null;
  private done = 0;

  constructor(
    private readonly io: IngestIo,
    private total: number,
  ) {
    this.bar = io.isTTY ? new SingleBar({ format: "{bar} {value}/{total} {file}", hideCursor: true, stream: process.stderr }) : null;
    this.bar?.start(total, 0, { file: "" });
  }

  step(file: string, outcome: Outcome): void {
    this.done++;
    const shown = printableName(file);
    if (this.bar) this.bar.update(this.done, { file: shown });
    else this.io.stderr(`[${this.done}/${this.total}] ${outcome.status} ${shown}${outcome.reason ? `: ${outcome.reason}` : ""}\n`);
  }

  /** More to come (the documents a crawl finds as it goes). */
  grow(count: number): void {
    this.total += count;
    this.bar?.setTotal(this.total);
  }

  stop(): void {
    this.bar?.stop();
  }
}

function emptySummary(database: string, files: number): IngestSummary {
  return { database, files, ingested: 0, present: 0, revised: 0, flagged: 0, issuesByCode: {}, failed: [], skipped: [], seconds: 0 };
}

function tally(summary: IngestSummary, file: string, outcome: Outcome): void {
  if (outcome.status === "failed") summary.failed.push({ file, reason: outcome.reason ?? "unknown" });
  else summary[outcome.status]++;
  if (outcome.issueCodes?.length) {
    summary.flagged++;
    for (const code of outcome.issueCodes) summary.issuesByCode[code] = (summary.issuesByCode[code] ?? 0) + 1;
  }
}

export function formatSummary(summary: IngestSummary): string {
  const lines = [
    `${summary.files} ${summary.web ? "documents" : "files"} in ${summary.seconds.toFixed(1)} s → ${summary.database}`,
    `  ingested  ${summary.ingested}`,
    `  revised   ${summary.revised} (another file for an agency and year already stored; both kept, the current one decided by the documents)`,
    `  present   ${summary.present} (already stored, skipped)`,
    `  flagged   ${summary.flagged}${Object.keys(summary.issuesByCode).length ? ":" : ""}`,
    ...Object.entries(summary.issuesByCode)
      .sort(([, a], [, b]) => b - a)
      .map(([code, count]) => `              ${code} ×${count}`),
    `  failed    ${summary.failed.length}`,
    ...summary.failed.map(({ file, reason }) => `              ${printableName(file)}: ${reason}`),
    ...(summary.skipped.length ? [`  skipped   ${summary.skipped.length} (not read: not a file, or unreadable)`] : []),
    ...summary.skipped.map(({ path, reason }) => `              ${printableName(path)}: ${reason}`),
  ];
  return `${lines.join("\n")}\n${summary.web ? formatWebStats(summary.web) : ""}`;
}

type Options = { db?: string; jobs: number; json: boolean; paths: string[]; urls: string[]; limits: JobLimits; web: WebOptions; help: boolean };

function readOptions(argv: string[]): Options | string {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: "string" },
        jobs: { type: "string", short: "j" },
        json: { type: "boolean" },
        "max-file-mb": { type: "string" },
        "ocr-timeout": { type: "string" },
        help: { type: "boolean", short: "h" },
        ...WEB_OPTIONS,
      },
    });
    const web = readWebOptions(values);
    if (typeof web === "string") return web;
    const bad = positionals.filter(isUrl).map(badUrlReason).find(Boolean);
    if (bad) return bad;
    const jobs = values.jobs === undefined ? availableParallelism() : Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) return `--jobs must be a whole number from 1 to 64, not ${values.jobs}`;
    const maxFileMb = values["max-file-mb"] === undefined ? DEFAULT_LIMITS.maxFileMb : Number(values["max-file-mb"]);
    if (!(maxFileMb > 0) || !Number.isFinite(maxFileMb)) return `--max-file-mb must be a positive number of MB, not ${values["max-file-mb"]}`;
    const ocrSeconds = values["ocr-timeout"] === undefined ? DEFAULT_LIMITS.ocrTimeoutMs / 1000 : Number(values["ocr-timeout"]);
    if (!(ocrSeconds > 0) || !Number.isFinite(ocrSeconds)) return `--ocr-timeout must be a positive number of seconds, not ${values["ocr-timeout"]}`;
    if (positionals.length === 0 && !values.help) return "no files, folders or addresses given";
    const paths = positionals.filter((p) => !isUrl(p));
    const urls = positionals.filter(isUrl);
    const limits = { ...DEFAULT_LIMITS, maxFileMb, ocrTimeoutMs: ocrSeconds * 1000 };
    return { db: values.db, jobs, json: Boolean(values.json), paths, urls, limits, web, help: Boolean(values.help) };
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function runIngest(argv: string[], io: IngestIo): Promise<number> {
  const options = readOptions(argv);
  if (typeof options === "string") {
    io.stderr(`${options}\n${USAGE}`);
    return EXIT.usage;
  }
  if (options.help) {
    io.stdout(HELP);
    return EXIT.ok;
  }
  const { files, missing, skipped } = collectFiles(options.paths);
  if (missing.length) {
    io.stderr(`not found: ${missing.map(printableName).join(", ")}\n${USAGE}`);
    return EXIT.usage;
  }
  const target = storeTarget(options.db);
  const store = await openStoreFor(target, io);
  if (!store) return EXIT.usage;
  for (const { path, reason } of skipped) io.stderr(`skipped ${printableName(path)}: ${reason}\n`);
  let summary: IngestSummary;
  try {
    // Addresses alone start no reader processes for files.
    summary = files.length || !options.urls.length ? await ingestFiles(store, files, options, io) : emptySummary("", 0);
    summary.skipped = skipped;
    if (options.urls.length) await ingestWeb(store, options, io, summary);
  } finally {
    await store.close();
  }
  summary.database = targetName(target);
  io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
  return summary.failed.length ? EXIT.failed : EXIT.ok;
}

/**
 * Reads `files` and puts each one's bytes through the ingest pipeline (lib/pipeline/ingest.ts) into an open
 * Store, which keeps their sources.
 */
export async function ingestFiles(
  store: WriteStore,
  files: string[],
  { jobs, limits }: Pick<Options, "jobs" | "limits">,
  io: IngestIo,
): Promise<IngestSummary> {
  const started = performance.now();
  const summary = emptySummary("", files.length);
  const progress = new Progress(io, files.length);
  const pool = new ReaderPool(Math.min(jobs, Math.max(1, files.length)), limits);
  const finish = (file: string, outcome: Outcome) => {
    tally(summary, file, outcome);
    progress.step(file, outcome);
  };
  const target: IngestTarget = { store, pool, now: io.now };
  // The files are read one after another, so that each is handed to the pipeline, which stores in the order it is
  // handed documents, in the order of `files` (a folder walk's): the database does not depend on --jobs.
  let reading: Promise<unknown> = Promise.resolve();
  const ingestOne = async (file: string) => {
    let bytes: Buffer;
    try {
      // The only read of the file: the pipeline hashes, parses and keeps these bytes.
      const read = reading.then(() => readFileWithin(file, limits.maxFileMb));
      reading = read.catch(() => undefined);
      bytes = await read;
    } catch (error) {
      return finish(file, { status: "failed", reason: describe(error) });
    }
    finish(file, await ingest(target, { bytes, name: file, provenance: { kind: "file", path: file } }));
  };
  // Two files in flight per reader: when a reader sends its report, the next file is already waiting in the pool
  // for it, instead of being read, hashed and looked up only after the report is stored (the reader idle meanwhile).
  // Memory stays bounded however large the folder.
  let next = 0;
  const runner = async () => {
    while (next < files.length) await ingestOne(files[next++] as string);
  };
  await Promise.all(Array.from({ length: Math.min(2 * jobs, files.length) }, runner));
  await pool.close();
  progress.stop();
  summary.failed.sort((a, b) => a.file.localeCompare(b.file));
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

/** The URLs crawled after the files, their outcomes counted into the same summary. */
async function ingestWeb(store: WriteStore, options: Options, io: IngestIo, summary: IngestSummary): Promise<void> {
  const started = performance.now();
  const progress = new Progress(io, 0);
  summary.web = await ingestUrls({
    store,
    urls: options.urls,
    options: options.web,
    jobs: options.jobs,
    limits: options.limits,
    io,
    summary,
    finish: (url, outcome) => {
      summary.files++;
      tally(summary, url, outcome);
      progress.step(url, outcome);
    },
    grow: (count) => progress.grow(count),
    skip: (url, reason) => {
      summary.skipped.push({ path: url, reason });
      io.stderr(`skipped ${printableName(url)}: ${reason}\n`);
    },
  });
  progress.stop();
  summary.failed.sort((a, b) => a.file.localeCompare(b.file));
  summary.seconds += (performance.now() - started) / 1000;
}
