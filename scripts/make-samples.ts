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
import type { DocxOptions } from "../lib/report/render-docx";
import { reportToDocument } from "../lib/report/render";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  OTHER_SUB_ROWS,
  PRINTED_ROWS,
  REVIEW_GROUPS,
  type ApplicantColumn,
  type ApplicationRow,
  type Applications,
  type FormatVersion,
  type ProactiveCell,
  type Report,
  type ReviewLitigation,
} from "../lib/report/schema";
import { PROACTIVE_TEMPLATE } from "../lib/report/template";
import { EXTENSIONS, renderFormat, type Format } from "./make-fixtures";

const SAMPLES = join(import.meta.dirname, "..", "data", "samples");
/** The listing of the samples (ingest skips READMEs). */
const README = "README.md";
const MAX_TOTAL_BYTES = 2 * 1024 * 1024;

/** 五号 body text and top-aligned cells: another layout than the format fixtures' (12 pt, centred cells). */
export const SAMPLE_DOCX: DocxOptions = { bodyPt: 10.5, tablePt: 9, verticalAlign: "top" };

// ---------------------------------------------------------------------------------------------
// The plan: who, which years, how busy

type Plan = {
  slug: string;
  agency: string;
  years: number[];
  /** New applications in the first year, all columns together. */
  scale: number;
  /** Year-on-year factor of the new applications. */
  growth: number;
  /** Share of the new applications per applicant column (the six columns). */
  mix: Record<Exclude<ApplicantColumn, "total">, number>;
};

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
// A seeded generator

/** mulberry32: small, fast and the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

type Rand = () => number;

const between = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

/** `total` split over `weights` (largest remainder), each weight shaken by ±30 %. */
function distribute(total: number, weights: number[], rand: Rand): number[] {
  const shaken = weights.map((w) => w * (0.7 + 0.6 * rand()));
  const sum = shaken.reduce((a, b) => a + b, 0);
  const exact = shaken.map((w) => (sum === 0 ? 0 : (total * w) / sum));
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const left = total - parts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < left; k++) {
    const index = order[k % order.length]![1];
    parts[index] = parts[index]! + 1;
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// 表三

const SIX = APPLICANT_COLUMNS.filter((column): column is Exclude<ApplicantColumn, "total"> => column !== "total");
type Carry = Record<(typeof SIX)[number], number>;

const OUTCOME_WEIGHTS: Partial<Record<ApplicationRow, number>> = {
  granted: 40,
  partiallyGranted: 8,
  withheldStateSecret: 0.3,
  withheldLawProhibited: 0.5,
  withheldSecurityStability: 0.3,
  withheldThirdParty: 2,
  withheldInternalAffairs: 1.5,
  withheldProcessInfo: 2,
  withheldEnforcementFile: 0.5,
  withheldQueryMatter: 0.8,
  unableNotHeld: 18,
  unableNeedsCreation: 4,
  unableUnclear: 3,
  rejectedComplaint: 4,
  rejectedDuplicate: 3,
  rejectedPublication: 1,
  rejectedExcessive: 1,
  rejectedConfirmation: 1,
  otherNoCorrection: 4,
  otherNoFee: 0.5,
  otherOther: 3.5,
  otherTotal: 8,
};

/** The rows an outcome is counted in, as the template prints them. */
function outcomeRows(version: FormatVersion): ApplicationRow[] {
  return PRINTED_ROWS[version].filter((row) => !["newReceived", "carriedOver", "handledTotal", "carriedForward"].includes(row));
}

function emptyApplications(): Applications {
  const nulls = () => Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, null]));
  return Object.fromEntries(APPLICATION_ROWS.map((row) => [row, nulls()])) as Applications;
}

type YearFlow = { applications: Applications; carriedForward: Carry };

function yearApplications(plan: Plan, version: FormatVersion, t: number, carriedOver: Carry, rand: Rand): YearFlow {
  const applications = emptyApplications();
  const outcomes = outcomeRows(version);
  const carriedForward = {} as Carry;
  for (const column of SIX) {
    const expected = plan.scale * plan.growth ** t * plan.mix[column];
    const received = expected === 0 ? 0 : Math.round(expected * (0.85 + 0.3 * rand()));
    const open = received + carriedOver[column];
    carriedForward[column] = Math.floor(open * (0.02 + 0.06 * rand()));
    const handled = distribute(open - carriedForward[column], outcomes.map((row) => OUTCOME_WEIGHTS[row] ?? 0), rand);
    applications.newReceived[column] = received;
    applications.carriedOver[column] = carriedOver[column];
    outcomes.forEach((row, i) => (applications[row][column] = handled[i]!));
    applications.handledTotal[column] = open - carriedForward[column];
    applications.carriedForward[column] = carriedForward[column];
  }
  completeTotals(applications, version);
  return { applications, carriedForward };
}

/** 总计 column of every printed row; the 2021 template's （六）其他处理 is the sum of its sub-rows (the parser derives it). */
function completeTotals(applications: Applications, version: FormatVersion): void {
  if (version === "2021") {
    for (const column of SIX) applications.otherTotal[column] = OTHER_SUB_ROWS.reduce((sum, row) => sum + (applications[row][column] ?? 0), 0);
  }
  const rows = version === "2021" ? [...PRINTED_ROWS["2021"], "otherTotal" as const] : PRINTED_ROWS["2019"];
  for (const row of rows) applications[row].total = SIX.reduce((sum, column) => sum + (applications[row][column] ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------
// 表四 and 表二

function reviewLitigation(plan: Plan, t: number, rand: Rand): ReviewLitigation {
  const level = plan.scale * plan.growth ** t;
  const group = (share: number) => {
    const [upheld, corrected, other, pending] = [0.6, 0.1, 0.15, 0.15].map((part) => Math.round(level * share * part * (0.5 + rand())));
    return { upheld: upheld!, corrected: corrected!, other: other!, pending: pending!, total: upheld! + corrected! + other! + pending! };
  };
  return { reconsideration: group(0.05), litigationDirect: group(0.02), litigationAfterReconsideration: group(0.01) };
}

/** Documents in force carry over from year to year, like 上年结转. */
type Stock = { regulations: number; normativeDocs: number; licensingItems: number };

function proactive(plan: Plan, version: FormatVersion, t: number, stock: Stock, rand: Rand): ProactiveCell[] {
  const level = plan.scale * plan.growth ** t;
  const raws: Record<string, string> = {};
  const docs = (key: "regulations" | "normativeDocs", issued: number, repealed: number) => {
    stock[key] += issued - repealed;
    if (version === "2021") Object.assign(raws, { [`${key}.issued`]: issued, [`${key}.repealed`]: repealed, [`${key}.inForce`]: stock[key] });
    else Object.assign(raws, { [`${key}.created`]: issued, [`${key}.published`]: issued, [`${key}.totalPublic`]: stock[key] });
  };
  docs("regulations", between(rand, 0, 1), between(rand, 0, 1));
  docs("normativeDocs", between(rand, 2, 12), between(rand, 0, 4));
  const decisions = (share: number) => Math.round(level * share * (0.7 + 0.6 * rand()));
  if (version === "2021") {
    Object.assign(raws, { "licensing.decisions": decisions(6), "punishment.decisions": decisions(0.8), "coercion.decisions": decisions(0.1) });
    raws["fees.amount"] = (Math.round(level * 40 * (0.8 + 0.4 * rand())) / 100).toFixed(2);
  } else {
    const change = between(rand, -2, 3);
    Object.assign(raws, {
      "licensing.prevYearItems": stock.licensingItems,
      "licensing.change": change,
      "licensing.decisions": decisions(6),
      "otherServices.prevYearItems": 4,
      "otherServices.change": 0,
      "otherServices.decisions": decisions(1),
      "punishment.prevYearItems": 12,
      "punishment.change": 0,
      "punishment.decisions": decisions(0.8),
      "coercion.prevYearItems": 3,
      "coercion.change": 0,
      "coercion.decisions": decisions(0.1),
      "fees.prevYearItems": 0,
      "fees.change": 0,
      "procurement.projects": between(rand, 3, 9),
      "procurement.amount": `${(Math.round(level * 90 * (0.8 + 0.4 * rand())) / 100).toFixed(2)}万元`,
    });
    stock.licensingItems += change;
  }
  return PROACTIVE_TEMPLATE[version].flatMap((band) =>
    band.rows.flatMap((row) =>
      row.fields.map((field): ProactiveCell => {
        const raw = String(raws[field.key] ?? "0");
        const value = Number(raw.replace(/万元$/, ""));
        return { key: field.key, item: band.item, category: row.category, metric: field.metric, unit: field.unit, value, raw };
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Narrative

function sections(plan: Plan, year: number, applications: Applications, published: number): Report["sections"] {
  const received = applications.newReceived.total ?? 0;
  return {
    overview: [
      `${year}年，${plan.agency}以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，持续深化政务公开。`,
      `（一）主动公开。全年通过门户网站主动公开政府信息${published}条，发布政策解读${Math.round(published / 25)}篇。`,
      `（二）依申请公开。全年新收政府信息公开申请${received}件，均在法定期限内答复。`,
      `（三）监督保障。组织政务公开业务培训${(year % 3) + 2}次，将政务公开纳入年度绩效考核。`,
    ].join("\n"),
    problems: [
      `${year}年政务公开工作仍存在政策解读形式不够丰富、依申请公开答复质量有待提升等不足。`,
      `下一步，将加强业务培训，规范答复文书，提升政务公开工作质量。`,
    ].join("\n"),
    other: `本年度未收取信息处理费。${year}年共办理人大代表建议${(year * 7) % 13}件、政协提案${(year * 5) % 11}件，均已按时办结。`,
  };
}

// ---------------------------------------------------------------------------------------------
// The reports

type Sample = { slug: string; file: string; format: Format; report: Report };

function versionOf(year: number): FormatVersion {
  return year <= 2020 ? "2019" : "2021";
}

export function planReports(plan: Plan, planIndex: number): Sample[] {
  const rand = random(seedOf(plan.slug));
  let carry: Carry = Object.fromEntries(SIX.map((c) => [c, Math.round(plan.scale * plan.mix[c] * 0.05)])) as Carry;
  const stock: Stock = { regulations: 3, normativeDocs: 40, licensingItems: 35 };
  return plan.years.map((year, t) => {
    const version = versionOf(year);
    const over = { ...carry };
    const mismatch = MISMATCH.slug === plan.slug && MISMATCH.year === year;
    if (mismatch) over[MISMATCH.column] += MISMATCH.delta;
    const flow = yearApplications(plan, version, t, over, rand);
    carry = flow.carriedForward;
    const report: Report = {
      agency: plan.agency,
      year,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      formatVersion: version,
      region: { province: null, city: null, county: null, code: null },
      source: null,
      proactive: proactive(plan, version, t, stock, rand),
      applications: flow.applications,
      reviewLitigation: reviewLitigation(plan, t, rand),
      sections: sections(plan, year, flow.applications, Math.round(plan.scale * plan.growth ** t * 9)),
      issues: [],
    };
    const format = FORMAT_CYCLE[(planIndex + t) % FORMAT_CYCLE.length]!;
    return { slug: plan.slug, file: `${plan.slug}-${year}.${EXTENSIONS[format]}`, format, report };
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
  for (const cell of compactRaw(want.proactive)) compare(`proactive.${cell.key} (${JSON.stringify(parsedCells.get(cell.key))})`, parsedCells.get(cell.key), cell);
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
model as the test fixtures (lib/report/render.ts → render-html.ts / render-docx.ts). Three agencies over
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
  const seeds = readdirSync(SAMPLES).filter((name) => /^\d{3}_[0-9a-f]+\.txt$/.test(name)).sort();
  writeFileSync(join(SAMPLES, README), readme(samples, seeds));
  if (total > MAX_TOTAL_BYTES) throw new Error(`the generated samples take ${total} bytes, more than ${MAX_TOTAL_BYTES}`);
  process.stdout.write(`${samples.length} samples, ${Math.round(total / 1024)} KB\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
