/**
 * `npx tsx scripts/make-samples.ts`: the generated sample reports in data/samples/ (beside the five seeds).
 *
 * Three agencies over consecutive years, each year in one of HTML, GBK HTML, DOCX and PDF, so that
 * `npm run ingest -- data/samples` gives agency pages with trends: 2019 and 2020 in the 2019 template, later
 * years in the 2021 one; 上年结转 of year N equals 结转下年度 of N−1, except one deliberate mismatch (the
 * dashboard's identity.crossYear). Every file is read back and parsed before it is kept: a sample that does
 * not parse to the values it was made from stops the script.
 *
 * Deterministic (a seeded generator, no clock); needs LibreOffice for the PDFs, like make-fixtures.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { readDocument } from "../lib/ingest/read";
import { parseReport } from "../lib/report/parse";
import type { DocxOptions } from "../lib/synth/render-docx";
import { reportToDocument } from "../lib/synth/render";
import { REVIEW_GROUPS, type ApplicationRow, type ProactiveCell, type Report } from "../lib/report/schema";
import { agencyReports, type Plan } from "../lib/synth/flow";
import { EXTENSIONS, renderFormat, type Format } from "./make-fixtures";

const SAMPLES = join(import.meta.dirname, "..", "data", "samples");
/** The listing of the samples (ingest skips READMEs). */
const README = "README.md";
const MAX_TOTAL_BYTES = 2 * 1024 * 1024;

/** 五号 body text and top-aligned cells: another layout than the format fixtures' (12 pt, centred cells). */
export const SAMPLE_DOCX: DocxOptions = { bodyPt: 10.5, tablePt: 9, verticalAlign: "top" };

// ---------------------------------------------------------------------------------------------
// The plan: who, which years, how busy

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const PLANS: Plan[] = [
  {
    slug: "wujiang-office",
    agency: "苏州市吴江区人民政府办公室",
    years: range(2019, 2024),
    scale: 46,
    growth: 1.22,
    mix: { naturalPerson: 0.78, business: 0.12, research: 0, nonprofit: 0.02, legal: 0.05, otherOrg: 0.03 },
  },
  {
    slug: "chengdu-ecology",
    agency: "成都市生态环境局",
    years: range(2020, 2024),
    scale: 180,
    growth: 1.08,
    mix: { naturalPerson: 0.55, business: 0.3, research: 0.02, nonprofit: 0.06, legal: 0.05, otherOrg: 0.02 },
  },
  {
    slug: "zhejiang-finance",
    agency: "浙江省财政厅",
    years: range(2021, 2024),
    scale: 320,
    growth: 0.9,
    mix: { naturalPerson: 0.66, business: 0.2, research: 0.01, nonprofit: 0.03, legal: 0.08, otherOrg: 0.02 },
  },
];

/** The one report whose 上年结转 disagrees with the year before (自然人 +3). */
const MISMATCH = { slug: "chengdu-ecology", year: 2023, column: "naturalPerson" as const, delta: 3 };

const FORMAT_CYCLE: Format[] = ["html", "pdf", "docx", "gbk-html"];

// ---------------------------------------------------------------------------------------------
// The reports

type Sample = { slug: string; file: string; format: Format; report: Report };

export function planReports(plan: Plan, planIndex: number): Sample[] {
  const mismatch = MISMATCH.slug === plan.slug ? MISMATCH : null;
  return agencyReports(plan, { mismatch }).map((report, t) => {
    const format = FORMAT_CYCLE[(planIndex + t) % FORMAT_CYCLE.length]!;
    return { slug: plan.slug, file: `${plan.slug}-${report.year}.${EXTENSIONS[format]}`, format, report };
  });
}

// ---------------------------------------------------------------------------------------------
// Read back: every sample must parse to the values it was made from

const compactRaw = (cells: ProactiveCell[]) => cells.map((c) => ({ ...c, raw: c.raw.replace(/\s+/g, "") }));

function differences(sample: Sample, parsed: Report): string[] {
  const want = sample.report;
  const found: string[] = [];
  const compare = (what: string, a: unknown, b: unknown) => !isDeepStrictEqual(a, b) && found.push(what);
  compare("agency", parsed.agency, want.agency);
  compare("year", parsed.year, want.year);
  compare("formatVersion", parsed.formatVersion, want.formatVersion);
  compare("period", [parsed.periodStart, parsed.periodEnd], [want.periodStart, want.periodEnd]);
  for (const row of Object.keys(want.applications) as ApplicationRow[]) compare(`applications.${row}`, parsed.applications[row], want.applications[row]);
  for (const group of REVIEW_GROUPS) compare(`reviewLitigation.${group}`, parsed.reviewLitigation[group], want.reviewLitigation[group]);
  const parsedCells = new Map(compactRaw(parsed.proactive).map((cell) => [cell.key, cell]));
  for (const cell of compactRaw(want.proactive))
    compare(`proactive.${cell.key} (${JSON.stringify(parsedCells.get(cell.key))})`, parsedCells.get(cell.key), cell);
  if (parsed.region.code === null) found.push("region (not resolved)");
  if (parsed.issues.length) found.push(`issues: ${parsed.issues.map((i) => i.code).join(", ")}`);
  return found;
}

async function checkReadBack(sample: Sample, bytes: Uint8Array): Promise<void> {
  const outcome = parseReport((await readDocument(bytes)).text);
  if (!outcome.ok) throw new Error(`${sample.file}: ${outcome.reason}`);
  const wrong = differences(sample, outcome.report);
  if (wrong.length) throw new Error(`${sample.file} does not read back as made: ${wrong.join("; ")}`);
}

// ---------------------------------------------------------------------------------------------

const FORMAT_NAMES: Record<Format, string> = {
  txt: "text",
  html: "HTML (UTF-8)",
  "gbk-html": "HTML (GBK)",
  docx: "DOCX",
  pdf: "PDF (from the DOCX by LibreOffice)",
  doc: "DOC",
};

function readme(samples: Sample[], seeds: string[]): string {
  const row = (s: Sample) => {
    const carried = s.report.applications.carriedOver.total;
    const mismatch = s.slug === MISMATCH.slug && s.report.year === MISMATCH.year ? " (mismatch)" : "";
    return `| \`${s.file}\` | ${s.report.agency} | ${s.report.year} | ${s.report.formatVersion} | ${FORMAT_NAMES[s.format]} | ${s.report.applications.newReceived.total} | ${carried}${mismatch} | ${s.report.applications.carriedForward.total} |`;
  };
  return `# Sample reports

\`npm run ingest -- data/samples\` (or \`npm run demo\`) loads everything here into the database.

## Real reports

The five seed reports, as published (text):

${seeds.map((name) => `- \`${name}\``).join("\n")}

## Generated reports

Made by \`npx tsx scripts/make-samples.ts\` (deterministic; LibreOffice for the PDFs) from the same document
model as the test fixtures (lib/synth/render.ts → render-html.ts / render-docx.ts). Three agencies over
consecutive years, so their agency pages show trends. 2019 and 2020 use the 2019 template, later years the
2021 one. 上年结转 of each year equals 结转下年度 of the year before, except ${MISMATCH.slug}-${MISMATCH.year}
(自然人 +${MISMATCH.delta}), which the dashboard flags as identity.crossYear on both years. Every file was read
back through the ingest readers and parsed to the values it was made from before it was kept.

| File | Agency | Year | Template | Format | 本年新收 | 上年结转 | 结转下年度 |
| --- | --- | --- | --- | --- | --- | --- | --- |
${samples.map(row).join("\n")}
`;
}

function removeGenerated(): void {
  const made = new Set(PLANS.map((plan) => plan.slug));
  for (const name of readdirSync(SAMPLES)) if (made.has(name.replace(/-\d{4}\..*$/, ""))) rmSync(join(SAMPLES, name));
}

async function main(): Promise<void> {
  mkdirSync(SAMPLES, { recursive: true });
  removeGenerated();
  const samples = PLANS.flatMap(planReports);
  let total = 0;
  for (const sample of samples) {
    const bytes = await renderFormat(reportToDocument(sample.report), sample.format, SAMPLE_DOCX);
    await checkReadBack(sample, bytes);
    writeFileSync(join(SAMPLES, sample.file), bytes);
    total += bytes.length;
    process.stdout.write(`data/samples/${sample.file} ${Math.round(bytes.length / 1024)} KB\n`);
  }
  const seeds = readdirSync(SAMPLES)
    .filter((name) => /^\d{3}_[0-9a-f]+\.txt$/.test(name))
    .sort();
  writeFileSync(join(SAMPLES, README), readme(samples, seeds));
  if (total > MAX_TOTAL_BYTES) throw new Error(`the generated samples take ${total} bytes, more than ${MAX_TOTAL_BYTES}`);
  process.stdout.write(`${samples.length} samples, ${Math.round(total / 1024)} KB\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
