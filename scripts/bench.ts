import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { runIngest, type IngestSummary } from "../lib/cli/ingest";
import { parseBytes } from "../lib/ingest/job";
import { extractBareText, readPdf } from "../lib/ingest/pdf";
import { parseReport } from "../lib/report/parse";

/**
 * `npm run bench`: every figure measured in the same run, printed as one table.
 * Inputs are the committed fixtures (tests/fixtures), so the run needs nothing downloaded.
 */

const FIXTURES = join(import.meta.dirname, "..", "tests", "fixtures");

type Row = { measure: string; value: string; note: string };

function inputsWith(extension: string): string[] {
  return readdirSync(FIXTURES)
    .map((dir) => join(FIXTURES, dir, `input.${extension}`))
    .filter((path) => {
      try {
        readFileSync(path);
        return true;
      } catch {
        return false;
      }
    });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function benchTextParse(): Row {
  const texts = inputsWith("txt").map((path) => readFileSync(path, "utf8"));
  for (let i = 0; i < 200; i++) parseReport(texts[i % texts.length] as string);
  const runs = 3000;
  const started = performance.now();
  for (let i = 0; i < runs; i++) parseReport(texts[i % texts.length] as string);
  const msPerReport = (performance.now() - started) / runs;
  return { measure: "text parse (one core)", value: `${Math.round(1000 / msPerReport)} reports/s`, note: `${msPerReport.toFixed(2)} ms per report over ${texts.length} texts; goal ≥ 500/s` };
}

/**
 * Milliseconds per file of each run, the runs taking turns on every file, so that a machine shared with
 * other work slows them alike: the median over the rounds of each run's mean per file.
 */
async function timeInTurns(files: Uint8Array[], runs: ((bytes: Uint8Array) => Promise<unknown>)[], rounds: number): Promise<number[]> {
  const perRound = runs.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    const totals = runs.map(() => 0);
    for (const bytes of files) {
      for (const [k, run] of runs.entries()) {
        const started = performance.now();
        await run(bytes);
        totals[k]! += performance.now() - started;
      }
    }
    totals.forEach((total, k) => perRound[k]!.push(total / files.length));
  }
  return perRound.map(median);
}

async function benchPdf(): Promise<Row[]> {
  const files = inputsWith("pdf").map((path) => new Uint8Array(readFileSync(path)));
  const readable: Uint8Array[] = [];
  for (const bytes of files) {
    try {
      await readPdf(bytes);
      readable.push(bytes);
    } catch {
      // encrypted and scanned fixtures are refused by design; they are not timed
    }
  }
  // What a worker does per file: read, hash, parse, and map every number to its page.
  const whole = (bytes: Uint8Array) => parseBytes("bench.pdf", bytes);
  await timeInTurns(readable, [extractBareText, whole], 2);
  const [bare, full] = (await timeInTurns(readable, [extractBareText, whole], 7)) as [number, number];
  return [
    { measure: "PDF: bare pdfjs text extraction", value: `${bare.toFixed(1)} ms/file`, note: `${readable.length} PDFs, median of 7 rounds, taking turns with the next line on each file` },
    { measure: "PDF: Nianbao read + parse (parseBytes)", value: `${full.toFixed(1)} ms/file`, note: `${(full / bare).toFixed(2)}× the bare extraction; goal ≤ 1.3×` },
  ];
}

/** Copies of the inputs made distinct (a trailing comment or blank line), so that none is skipped as present. */
function corpus(dir: string, sources: string[], copies: number): string {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < copies; i++) {
    const source = sources[i % sources.length] as string;
    const extension = source.split(".").pop() as string;
    const target = join(dir, `${i}.${extension}`);
    copyFileSync(source, target);
    writeFileSync(target, extension === "pdf" ? `\n%nianbao-bench ${i}\n` : `\n${" ".repeat(i)}\n`, { flag: "a" });
  }
  return dir;
}

async function benchIngest(label: string, folder: string, jobs: number, workdir: string): Promise<Row> {
  let output = "";
  const io = { stdout: (text: string) => void (output += text), stderr: () => undefined, isTTY: false, now: () => new Date() };
  const db = join(workdir, `${label}-${jobs}.db`);
  await runIngest(["--json", "--jobs", String(jobs), "--db", db, folder], io);
  const summary = JSON.parse(output) as IngestSummary;
  const stored = summary.ingested + summary.revised;
  return {
    measure: `ingest ${label}, ${jobs} job${jobs > 1 ? "s" : ""}`,
    value: `${(stored / summary.seconds).toFixed(1)} reports/s`,
    note: `${stored} stored of ${summary.files} files in ${summary.seconds.toFixed(1)} s (worker start-up included), ${summary.failed.length} failed`,
  };
}

function printTable(rows: Row[]): void {
  const widths = [Math.max(...rows.map((r) => r.measure.length)), Math.max(...rows.map((r) => r.value.length))];
  const line = (r: Row) => `| ${r.measure.padEnd(widths[0]!)} | ${r.value.padStart(widths[1]!)} | ${r.note} |`;
  console.log(`\nNianbao benchmarks — ${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, Node ${process.version}\n`);
  console.log(line({ measure: "measure", value: "value", note: "what it means" }));
  console.log(`|${"-".repeat(widths[0]! + 2)}|${"-".repeat(widths[1]! + 2)}|---|`);
  for (const row of rows) console.log(line(row));
}

async function main(): Promise<void> {
  const workdir = mkdtempSync(join(tmpdir(), "nianbao-bench-"));
  try {
    const rows: Row[] = [benchTextParse(), ...(await benchPdf())];
    const text = corpus(join(workdir, "text"), inputsWith("txt"), 200);
    const pdf = corpus(join(workdir, "pdf"), inputsWith("pdf").filter((p) => !/encrypted|scanned/.test(p)), 40);
    for (const jobs of [1, 2]) rows.push(await benchIngest("text", text, jobs, workdir));
    for (const jobs of [1, 2]) rows.push(await benchIngest("PDF", pdf, jobs, workdir));
    printTable(rows);
  } finally {
    rmSync(workdir, { recursive: true, force: true });
  }
}

await main();
