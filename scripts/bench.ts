import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { cpus, totalmem, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { runIngest, type IngestSummary } from "../lib/cli/ingest";
import { EXIT } from "../lib/cli/io";
import { reportFromBytes } from "../lib/pipeline/job";
import { extractBareText, readPdf } from "../lib/ingest/pdf";
import { parseReport } from "../lib/report/parse";
import { reportToDocument } from "../lib/synth/render";
import { renderPdf } from "../lib/synth/render-pdf";
import { corpusReports, corpusText, DEFAULT_CORPUS, type CorpusOptions, type Truth } from "../lib/synth/corpus";
import { BENCH_DIR, benchDb, type BenchDb } from "./bench-db";
import { compiledParser } from "./bench-parse";
import { benchOcr } from "./bench-ocr";
import { type BenchPostgres, benchPostgres, STORES, type StoreKind, storeKind } from "./bench-pg";
import {
  firstLoadJs,
  hasBuild,
  loadTest,
  nextBuild,
  peakRssMb,
  resetPeakRss,
  residentMb,
  startNext,
  timedGet,
  timeRoute,
  type LoadRoute,
  type RouteTiming,
  type Server,
} from "./bench-http";
import { browserFirstLoad } from "./bench-first-load";

/**
 * `npm run bench [-- --reports N] [--skip parts] [--only parts] [--no-build]`: every figure measured in the same
 * run and printed as one table. The corpus is the synthetic national one (lib/synth/corpus.ts, default 10⁵
 * reports); its database is built once and cached under .bench/ (scripts/bench-db.ts). Parts:
 * parse, pdf, ingest, http (page timings, CSV, first-load JS, database size), load (50 connections) and ocr (the
 * scan fixtures read by OCR: seconds per page, cells exact / flagged / wrong; scripts/bench-ocr.ts).
 * `--store postgres` runs http and load on a PostgreSQL copy of the same database (scripts/bench-pg.ts).
 */

const FIXTURES = join(import.meta.dirname, "..", "tests", "fixtures");
export const PARTS = ["parse", "pdf", "ingest", "http", "load", "ocr"] as const;
type Part = (typeof PARTS)[number];

export type Row = { measure: string; value: string; note: string };
type Io = { stdout: (text: string) => void; stderr: (text: string) => void };

export type BenchOptions = {
  corpus: CorpusOptions;
  parts: Set<Part>;
  build: boolean;
  /** Timed rounds over each route's URLs. */
  rounds: number;
  /** Files of the ingest corpora (text; the PDF mix gets a fifth of it). */
  ingestFiles: number;
  /** Where the benchmark databases are cached. */
  cache: string;
  /** The database the web server reads: the SQLite file, or a PostgreSQL copy of it. */
  store: StoreKind;
};

function partList(text: string | undefined): Part[] {
  if (!text) return [];
  const names = text.split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
  if (unknown.length) throw new Error(`unknown part ${unknown.join(", ")} (parts: ${PARTS.join(", ")})`);
  return names as Part[];
}

export function benchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      reports: { type: "string" },
      seed: { type: "string" },
      skip: { type: "string" },
      only: { type: "string" },
      "no-build": { type: "boolean" },
      rounds: { type: "string" },
      "ingest-files": { type: "string" },
      cache: { type: "string" },
      store: { type: "string" },
    },
  });
  const whole = (text: string | undefined, fallback: number, name: string) => {
    if (text === undefined) return fallback;
    if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`--${name} takes a positive whole number, not ${text}`);
    return Number(text);
  };
  const only = partList(values.only);
  const skip = new Set(partList(values.skip));
  return {
    corpus: { ...DEFAULT_CORPUS, reports: whole(values.reports, DEFAULT_CORPUS.reports, "reports"), seed: whole(values.seed, DEFAULT_CORPUS.seed, "seed") },
    parts: new Set((only.length ? only : PARTS).filter((part) => !skip.has(part))),
    build: !values["no-build"],
    rounds: whole(values.rounds, 5, "rounds"),
    ingestFiles: whole(values["ingest-files"], 1200, "ingest-files"),
    cache: values.cache ?? BENCH_DIR,
    store: storeKind(values.store),
  };
}

const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;

function firstTruths(options: CorpusOptions, count: number): Truth[] {
  const truths: Truth[] = [];
  for (const truth of corpusReports({ ...options, reports: Math.min(count, options.reports) })) truths.push(truth);
  return truths;
}

// ── Parse ────────────────────────────────────────────────────────────────────────────────────────────────

/** The parse as the reader processes run it (compiled, see bench-parse.ts), checked to give what the tsx-run parser gives. */
async function benchTextParse(options: CorpusOptions): Promise<Row> {
  const texts = firstTruths(options, 2000).map(corpusText);
  const compiled = await compiledParser();
  for (const text of texts.slice(0, 200)) compiled(text);
  const started = performance.now();
  for (const text of texts) compiled(text);
  const msPerReport = (performance.now() - started) / texts.length;
  const differing = texts.filter((text) => JSON.stringify(compiled(text)) !== JSON.stringify(parseReport(text))).length;
  if (differing) throw new Error(`the compiled parser and the tsx-run one disagree on ${differing} of ${texts.length} texts`);
  return {
    measure: "text parse (one core)",
    value: `${Math.round(1000 / msPerReport)} reports/s`,
    note: `${msPerReport.toFixed(2)} ms per report over ${texts.length} corpus texts in six layouts, compiled by esbuild as the reader processes run it (same output as under tsx); goal ≥ 2,000/s (issue 14)`,
  };
}

function accuracyRows(db: BenchDb): Row[] {
  const { accuracy, crossYear, seconds, stored } = db.stats;
  const failures = Object.entries(accuracy.failures);
  return [
    {
      measure: "parse accuracy vs ground truth",
      value: `${((100 * accuracy.exact) / accuracy.total).toFixed(2)} %`,
      note: `${accuracy.exact} of ${accuracy.total} reports exact on tables, agency, year, template, region and identity flags${failures.length ? `; failed: ${failures.map(([c, n]) => `${c} ${n}`).join(", ")}` : ""}`,
    },
    {
      measure: "cross-year flags vs ground truth",
      value: `${crossYear.flagged - crossYear.spurious}/${crossYear.expected}`,
      note: `identity.crossYear on both reports of each planted mismatch; ${crossYear.missed} missed, ${crossYear.spurious} spurious`,
    },
    {
      measure: "benchmark database build",
      value: db.cached ? "cached" : `${Math.round(stored / seconds)} reports/s`,
      note: `${stored} reports parsed and stored in-process (batches of 500 per transaction) in ${seconds.toFixed(0)} s${db.cached ? " when it was built" : ""}${db.stats.resumed ? `, resuming an interrupted build (${db.stats.resumed} already stored)` : ""}`,
    },
  ];
}

// ── PDF ──────────────────────────────────────────────────────────────────────────────────────────────────

function fixtureFiles(extension: string): string[] {
  return readdirSync(FIXTURES)
    .map((dir) => join(FIXTURES, dir, `input.${extension}`))
    .filter((path) => existsSync(path));
}

/** The fixture PDFs with a text layer: the scans (pdf-scanned, the OCR fixtures ocr-*) have their own bench rows. */
function textLayerPdfs(): string[] {
  return fixtureFiles("pdf").filter((path) => !/encrypted|scanned|[/\\]ocr-/.test(path));
}

async function readablePdfs(): Promise<Uint8Array[]> {
  const readable: Uint8Array[] = [];
  for (const path of textLayerPdfs()) {
    const bytes = new Uint8Array(readFileSync(path));
    try {
      await readPdf(bytes);
      readable.push(bytes);
    } catch {
      // an encrypted fixture is refused by design; it is not timed
    }
  }
  return readable;
}

async function timeRound(files: Uint8Array[], run: (bytes: Uint8Array) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (const bytes of files) await run(bytes);
  return (performance.now() - started) / files.length;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Bare and whole alternate round by round, so a load that comes and goes weighs on both alike. */
async function benchPdf(options: CorpusOptions, rounds: number): Promise<Row[]> {
  const office = await readablePdfs();
  const written = firstTruths(options, 12).map((truth) => renderPdf(reportToDocument(truth.report)));
  const files = [...office, ...written];
  // What a worker does per file: read, hash, parse, and map every number to its page.
  const whole = (bytes: Uint8Array) => reportFromBytes("bench.pdf", bytes);
  await timeRound(files, whole);
  const bare: number[] = [];
  const full: number[] = [];
  for (let round = 0; round < rounds; round++) {
    bare.push(await timeRound(files, extractBareText));
    full.push(await timeRound(files, whole));
  }
  const ratio = median(full.map((ms, i) => ms / bare[i]!));
  return [
    {
      measure: "PDF: bare pdfjs text extraction",
      value: `${median(bare).toFixed(1)} ms/file`,
      note: `${office.length} LibreOffice fixture PDFs and ${written.length} corpus PDFs (CMap font), median of ${rounds} rounds`,
    },
    {
      measure: "PDF: Nianbao read + parse",
      value: `${ratio.toFixed(2)}×`,
      note: `${median(full).toFixed(1)} ms/file; median over the rounds of its ratio to the bare extraction; goal ≤ 1.3×`,
    },
  ];
}

// ── Ingest through the CLI ───────────────────────────────────────────────────────────────────────────────

/** Corpus reports as files: text, or the PDF mix (corpus PDFs and LibreOffice fixture PDFs made distinct). */
function writeIngestCorpus(dir: string, truths: Truth[], kind: "text" | "pdf"): string {
  mkdirSync(dir, { recursive: true });
  if (kind === "text") {
    for (const truth of truths) writeFileSync(join(dir, `${truth.id}.txt`), corpusText(truth));
    return dir;
  }
  const office = textLayerPdfs();
  truths.forEach((truth, i) => {
    if (i % 2 === 0) return writeFileSync(join(dir, `${truth.id}.pdf`), renderPdf(reportToDocument(truth.report)));
    const target = join(dir, `office-${i}.pdf`);
    copyFileSync(office[i % office.length]!, target);
    writeFileSync(target, `\n%nianbao-bench ${i}\n`, { flag: "a" });
  });
  return dir;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * CPU time (user + system, s) of this process's child processes that have ended and been waited for: the reader
 * processes of a pool once it is closed (/proc/self/stat's cutime and cstime). Null where there is no /proc.
 */
function endedChildrenCpuSeconds(): number | null {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** One ingest run: wall time, and CPU time of the main process and of its reader processes (null without /proc). */
type IngestRun = { row: Row; seconds: number; mainCpu: number; readersCpu: number | null };

async function benchIngest(label: string, folder: string, jobs: number, workdir: string): Promise<IngestRun> {
  let output = "";
  const io = { stdout: (text: string) => void (output += text), stderr: () => undefined, isTTY: false, now: () => new Date() };
  const cpuBefore = process.cpuUsage();
  const childrenBefore = endedChildrenCpuSeconds();
  await runIngest(["--json", "--jobs", String(jobs), "--db", join(workdir, `${label}-${jobs}.db`), folder], io);
  const cpu = process.cpuUsage(cpuBefore);
  const childrenAfter = endedChildrenCpuSeconds();
  const mainCpu = (cpu.user + cpu.system) / 1e6;
  const readersCpu = childrenBefore === null || childrenAfter === null ? null : childrenAfter - childrenBefore;
  const summary = JSON.parse(output) as IngestSummary;
  const stored = summary.ingested + summary.revised;
  // The main process's share of the wall: with 2 jobs it stores while both readers read, and what it does not
  // use of its core the readers can.
  const mainBusy = `main process busy ${Math.round((100 * mainCpu) / summary.seconds)} % of the wall`;
  const cpuNote = `CPU ${mainCpu.toFixed(1)} s main + ${readersCpu === null ? "? (no /proc)" : readersCpu.toFixed(1)} s readers; ${mainBusy}`;
  const row = {
    measure: `ingest ${label}, ${jobs} job${jobs > 1 ? "s" : ""}`,
    value: `${(stored / summary.seconds).toFixed(1)} reports/s`,
    note: `npm run ingest: ${stored} stored of ${summary.files} files in ${summary.seconds.toFixed(1)} s wall (worker start-up included), ${summary.failed.length} failed; ${cpuNote}`,
  };
  return { row, seconds: summary.seconds, mainCpu, readersCpu };
}

/**
 * 2 jobs against 1: the wall-clock ratio, and the most it could be on two free cores, from CPU time: two jobs' wall
 * is at least half of all their CPU; one job's at least its CPU if its reader and main process take turns (the
 * bound as first printed), and at least its reader's alone if the main process stores one report while the reader
 * reads the next (two files in flight), the stricter bound. Neither depends on what else the machine runs; the wall
 * ratio does.
 */
function scalingRow(label: string, one: IngestRun, two: IngestRun): Row {
  const twoJobs = two.readersCpu === null ? null : (two.mainCpu + two.readersCpu) / 2;
  const bound = (oneJob: number | null) => (oneJob === null || twoJobs === null ? "?" : `${(oneJob / twoJobs).toFixed(2)}×`);
  const taking = one.readersCpu === null ? null : one.mainCpu + one.readersCpu;
  return {
    measure: `ingest ${label}, 2 jobs ÷ 1 job`,
    value: `${(one.seconds / two.seconds).toFixed(2)}× wall`,
    note: `at most ${bound(taking)} on two free cores (CPU of 1 job ÷ half the CPU of 2 jobs), ${bound(one.readersCpu)} if 1 job's main process overlaps its reader (its reader's CPU ÷ the same); goal for the PDF mix ≥ 1.7×`,
  };
}

async function benchIngestParts(options: BenchOptions, workdir: string): Promise<Row[]> {
  const truths = firstTruths(options.corpus, options.ingestFiles);
  const text = writeIngestCorpus(join(workdir, "text"), truths, "text");
  const pdf = writeIngestCorpus(join(workdir, "pdf"), truths.slice(0, Math.max(2, Math.round(truths.length / 5))), "pdf");
  const rows: Row[] = [];
  for (const [label, folder] of [
    ["text", text],
    ["PDF mix", pdf],
  ] as const) {
    const one = await benchIngest(label, folder, 1, workdir);
    const two = await benchIngest(label, folder, 2, workdir);
    rows.push(one.row, two.row, scalingRow(label, one, two));
  }
  return rows;
}

// ── HTTP against next start ──────────────────────────────────────────────────────────────────────────────

type Sample = { provinces: string[]; agencies: number[]; reports: number[]; years: number[]; busyProvince: string };

/** URLs spread over the database: provinces, agencies and reports picked at even steps. */
function sampleDb(path: string): Sample {
  const db = new Database(path, { readonly: true });
  const column = <T>(query: string) => (db.prepare(query).raw(true).all() as T[][]).map((row) => row[0]!);
  const provinces = column<string>("SELECT province FROM agencies WHERE province IS NOT NULL GROUP BY province ORDER BY count(*) DESC");
  const agencyIds = column<number>("SELECT id FROM agencies ORDER BY id");
  const reportIds = column<number>("SELECT id FROM reports WHERE is_current ORDER BY id");
  const years = column<number>("SELECT DISTINCT year FROM reports ORDER BY year");
  db.close();
  const spread = <T>(items: T[], n: number) =>
    Array.from({ length: Math.min(n, items.length) }, (_, i) => items[Math.floor((i * items.length) / Math.min(n, items.length))]!);
  return { provinces: spread(provinces, 8), agencies: spread(agencyIds, 60), reports: spread(reportIds, 40), years, busyProvince: provinces[0]! };
}

function routeUrls(sample: Sample): Record<string, string[]> {
  const lastYear = sample.years.at(-1)!;
  const fiveYears = sample.years.slice(-5).join(",");
  const sorts = ["grantRate", "applicationsTotal", "name", "flags"];
  const list = sample.provinces.map(
    (province, i) => `/agencies?province=${encodeURIComponent(province)}&year=${lastYear - (i % 2)}&sort=${sorts[i % sorts.length]}`,
  );
  list.push(`/agencies?sort=grantRate&year=${lastYear}`, `/agencies?sort=applicationsTotal`, `/agencies?q=${encodeURIComponent("财政")}&sort=grantRate`);
  const compare = Array.from(
    { length: 3 },
    (_, k) =>
      `/compare?agency=${sample.agencies.slice(k * 20, k * 20 + 20).join(",")}&year=${fiveYears}&measure=${["grantRate", "applicationsTotal", "reconsiderationCorrectionRate"][k]}`,
  );
  return {
    "agencies list, filtered and sorted": list,
    "agency page": sample.agencies.slice(0, 20).map((id) => `/agencies/${id}`),
    "report page": sample.reports.slice(0, 20).map((id) => `/reports/${id}`),
    "compare 20 agencies × 5 years": compare,
    overview: ["/", ...sample.years.slice(-3).map((year) => `/?year=${year}`)],
  };
}

function timingRow(name: string, timing: RouteTiming): Row {
  const met = timing.p50 <= 50 && timing.p95 <= 150 ? "goal met" : "goal missed";
  return {
    measure: `HTTP ${name}`,
    value: `${ms(timing.p50)} / ${ms(timing.p95)}`,
    note: `p50 / p95 of ${timing.requests} requests (max ${ms(timing.max)}${timing.failed ? `, ${timing.failed} not 200` : ""}); goal ≤ 50 / 150 ms, ${met}`,
  };
}

async function benchHttp(server: Server, db: BenchDb, sample: Sample, rounds: number, pg: BenchPostgres | null): Promise<Row[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const rows: Row[] = [];
  const overviewFirst = await timedGet(`${server.url}/`, agent);
  rows.push({ measure: "HTTP overview, first load", value: ms(overviewFirst.ms), note: "the first request of / after the server starts (nothing cached yet)" });
  for (const [name, urls] of Object.entries(routeUrls(sample)))
    rows.push(
      timingRow(
        name,
        await timeRoute(
          urls.map((u) => server.url + u),
          rounds,
          agent,
        ),
      ),
    );
  const csv = `${server.url}/api/compare.csv?measure=grantRate`;
  await timedGet(`${server.url}/api/compare.csv?measure=grantRate&province=${encodeURIComponent(sample.busyProvince)}`, agent);
  resetPeakRss(server.pid);
  const before = peakRssMb(server.pid);
  const parts = residentMb(server.pid);
  const exported = await timedGet(csv, agent);
  const peak = peakRssMb(server.pid);
  const lines = exported.bytes > 0 ? await csvLines(csv) : 0;
  rows.push({
    measure: "CSV export, every report",
    value: `${(exported.ms / 1000).toFixed(2)} s, ${Math.round(peak)} MB`,
    note: `/api/compare.csv (all agencies, all years): ${lines} rows, ${(exported.bytes / 1e6).toFixed(1)} MB; peak RSS of the server during it (${Math.round(before)} MB before: ${Math.round(parts.anon)} anonymous, ${Math.round(parts.file)} of files); goal ≤ 3 s, ≤ 300 MB`,
  });
  rows.push(...(await firstLoadRows(server)));
  rows.push(pg ? await postgresSizeRow(db, pg) : sqliteSizeRow(db));
  agent.destroy();
  return rows;
}

function sqliteSizeRow(db: BenchDb): Row {
  const size = ["", "-wal"].reduce((sum, suffix) => sum + (statSync(`${db.path}${suffix}`, { throwIfNoEntry: false })?.size ?? 0), 0);
  return {
    measure: "database size per report",
    value: `${(size / db.stats.stored / 1024).toFixed(1)} KiB`,
    note: `${(size / 1e6).toFixed(0)} MB for ${db.stats.stored} reports (tables, indexes, FTS5 trigram index; sources not included)`,
  };
}

async function postgresSizeRow(db: BenchDb, pg: BenchPostgres): Promise<Row> {
  const size = await pg.bytes();
  return {
    measure: "database size per report",
    value: `${(size / db.stats.stored / 1024).toFixed(1)} KiB`,
    note: `${(size / 1e6).toFixed(0)} MB for ${db.stats.stored} reports (pg_database_size: tables, indexes, pg_trgm indexes; sources not included)`,
  };
}

/** The whole first load of / in Chromium (charts included), and the part its HTML names. */
async function firstLoadRows(server: Server): Promise<Row[]> {
  const html = await firstLoadJs(`${server.url}/`);
  const whole = await browserFirstLoad(`${server.url}/`);
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;
  return [
    {
      measure: "first-load JS of /, whole",
      value: kb(whole.gzipBytes),
      note: `every JavaScript response of / in Chromium until its ${whole.charts} charts drew and the network was idle (${whole.scripts} scripts, ${kb(whole.afterLoadBytes)} in ${whole.afterLoadScripts} after the load event), gzipped; goal ≤ 200 KB, ${whole.gzipBytes <= 200_000 ? "goal met" : "goal missed"}`,
    },
    {
      measure: "first-load JS of /, HTML only",
      value: kb(html.gzipBytes),
      note: `the ${html.scripts} scripts named in the HTML of /, gzipped (before the load event)`,
    },
  ];
}

async function csvLines(url: string): Promise<number> {
  const text = await (await fetch(url)).text();
  return text.split("\r\n").filter(Boolean).length - 1;
}

// ── Load ─────────────────────────────────────────────────────────────────────────────────────────────────

export const LOAD_CONNECTIONS = 50;
const LOAD_DEADLINE_MS = 300_000;

async function benchLoad(server: Server, sample: Sample): Promise<Row[]> {
  const urls = routeUrls(sample);
  const routes: LoadRoute[] = [
    { name: "list", urls: urls["agencies list, filtered and sorted"]!, requests: 400 },
    { name: "compare", urls: urls["compare 20 agencies × 5 years"]!, requests: 200 },
    { name: "report", urls: urls["report page"]!, requests: 400 },
    { name: "CSV", urls: sample.provinces.map((p) => `/api/agencies.csv?province=${encodeURIComponent(p)}`), requests: 50 },
  ];
  const { results, seconds, unsent } = await loadTest(server.url, routes, LOAD_CONNECTIONS, LOAD_DEADLINE_MS);
  const total = results.reduce((sum, r) => sum + r.requests, 0);
  return results.map((r) => ({
    measure: `load: ${r.name}`,
    value: `${r.errors} errors, p99 ${ms(r.p99)}`,
    note: `${r.requests} requests (p50 ${ms(r.p50)}, max ${ms(r.max)}) among ${total} over ${LOAD_CONNECTIONS} connections in ${seconds.toFixed(1)} s${unsent ? `, ${unsent} not sent before the deadline` : ""}${r.retried ? `, ${r.retried} sent again after a reset on a reused connection` : ""}${r.firstError ? `; first error: ${r.firstError}` : ""}; goal 0 errors`,
  }));
}

// ── The table ────────────────────────────────────────────────────────────────────────────────────────────

export function machine(): string {
  return `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`;
}

export function formatTable(rows: Row[], title: string): string {
  const widths = [Math.max(7, ...rows.map((r) => r.measure.length)), Math.max(5, ...rows.map((r) => r.value.length))];
  const line = (r: Row) => `| ${r.measure.padEnd(widths[0]!)} | ${r.value.padStart(widths[1]!)} | ${r.note} |`;
  return [
    `\n${title}\n`,
    line({ measure: "measure", value: "value", note: "what it means" }),
    `|${"-".repeat(widths[0]! + 2)}|${"-".repeat(widths[1]! + 2)}|---|`,
    ...rows.map(line),
    "",
  ].join("\n");
}

export async function main(argv: string[], io: Io): Promise<number> {
  let options: BenchOptions;
  try {
    options = benchOptions(argv);
  } catch (error) {
    io.stderr(
      `${(error as Error).message}\nusage: npm run bench -- [--reports N] [--skip|--only ${PARTS.join(",")}] [--no-build] [--rounds R] [--ingest-files N] [--cache DIR] [--store ${STORES.join("|")}]\n`,
    );
    return EXIT.usage;
  }
  const log = (line: string) => io.stderr(`${line}\n`);
  const { parts, corpus } = options;
  const started = performance.now();
  const workdir = mkdtempSync(join(tmpdir(), "nianbao-bench-"));
  const rows: Row[] = [];
  let server: Server | null = null;
  let pg: BenchPostgres | null = null;
  try {
    if (parts.has("parse")) rows.push(await benchTextParse(corpus));
    if (parts.has("pdf")) rows.push(...(await benchPdf(corpus, options.rounds)));
    if (parts.has("ingest")) rows.push(...(await benchIngestParts(options, workdir)));
    if (parts.has("ocr")) rows.push(...(await benchOcr(log)));
    if ([...parts].some((part) => part !== "ocr")) log(`benchmark database of ${corpus.reports} reports…`);
    const db = [...parts].some((part) => part !== "ocr") ? benchDb(corpus, options.cache, log) : null;
    if (db) rows.push(...accuracyRows(db));
    if (db && (parts.has("http") || parts.has("load"))) {
      if (options.build || !hasBuild()) {
        log("next build…");
        nextBuild();
      }
      if (options.store === "postgres") {
        pg = await benchPostgres(db.path, log);
        rows.push({ measure: "database store", value: "PostgreSQL", note: pg.note });
      }
      server = await startNext(db.path, pg?.url);
      const sample = sampleDb(db.path);
      if (parts.has("http")) rows.push(...(await benchHttp(server, db, sample, options.rounds, pg)));
      if (parts.has("load")) rows.push(...(await benchLoad(server, sample)));
    }
  } finally {
    await server?.stop();
    pg?.stop();
    rmSync(workdir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  io.stdout(
    formatTable(
      rows,
      `Nianbao benchmarks — ${corpus.reports} synthetic reports — ${options.store === "postgres" ? "web on PostgreSQL" : "web on SQLite"} — ${machine()} — ${seconds.toFixed(0)} s`,
    ),
  );
  return EXIT.ok;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2), { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
}
