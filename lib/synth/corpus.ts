import { renderText, reportToDocument, type Layout } from "./render";
import type { FormatVersion, Region, Report } from "../report/schema";
import { agencyReports, between, random, seedOf, SIX, versionOf, type CarryMismatch, type Plan, type Rand } from "./flow";
import { LOCAL_DEPARTMENTS, MUNICIPALITIES, PROVINCE_DEPARTMENTS, SEATS, type Seat } from "./places";

/**
 * The synthetic national corpus (pure, deterministic from its options): real places from the gazetteer, many
 * agencies per place, several consecutive years per agency with consistent carry-over, skewed magnitudes (most
 * agencies get a handful of applications, a few thousands), both template versions, and a controlled share of
 * identity breaks and cross-year mismatches. Each report comes with its ground truth.
 */

export type CorpusOptions = {
  reports: number;
  seed: number;
  /** Share of reports with one 表三 cell changed, so that identities break (flagged by the parser). */
  identityBreaks: number;
  /** Share of agencies with one year whose 上年结转 disagrees with the year before (identity.crossYear). */
  crossYearMismatches: number;
  /** Share of agencies printing the other template than the one in force. */
  otherTemplate: number;
};

export const DEFAULT_CORPUS: CorpusOptions = { reports: 100_000, seed: 7, identityBreaks: 0.03, crossYearMismatches: 0.03, otherTemplate: 0.05 };

/** A changed cell: the value printed is the truth's plus delta. */
export type CellBreak = { row: "granted"; column: (typeof SIX)[number]; delta: number };

export type Truth = {
  /** The report's number in the corpus, from 1; its text file is `txt/<id>.txt`. */
  id: number;
  /** The agency's number in the corpus, from 1. */
  agencyKey: number;
  layout: Layout;
  /** The report as printed (a broken cell is printed broken): what the parser must read. */
  report: Report;
  identityBreak: CellBreak | null;
  /** This report's 上年结转 disagrees with the year before. */
  crossYearMismatch: boolean;
};

const FIRST_YEAR = 2019;
const LAST_YEAR = 2025;

/** The text layouts of the corpus with their weights (tabs as most exports give; the others as seen in the wild). */
const LAYOUT_WEIGHTS: [Layout, number][] = [
  ["tabs", 60],
  ["cellPerLine", 10],
  ["wrapped", 10],
  ["spaced", 10],
  ["fullWidth", 5],
  ["runTogether", 5],
];

function weighted<T>(rand: Rand, choices: [T, number][]): T {
  let pick = rand() * choices.reduce((sum, [, w]) => sum + w, 0);
  for (const [choice, weight] of choices) if ((pick -= weight) < 0) return choice;
  return choices.at(-1)![0];
}

function shuffled<T>(items: readonly T[], rand: Rand): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** Counties five times as often as cities, cities three times as often as provinces, as in the property test. */
function seatOrder(rand: Rand): Seat[] {
  const pools = [shuffled(SEATS.county, rand), shuffled(SEATS.city, rand), shuffled(SEATS.province, rand)];
  const weights = [5, 3, 1];
  const order: Seat[] = [];
  while (pools.some((pool) => pool.length)) {
    const open = pools.map((pool, i): [number, number] => [i, pool.length ? weights[i]! : 0]);
    order.push(pools[weighted(rand, open)]!.pop()!);
  }
  return order;
}

const LEVEL_SCALE: Record<Seat["level"], number> = { province: 6, city: 3, county: 1 };
const BUSY_DEPARTMENTS: [RegExp, number][] = [
  [/人民政府(办公[室厅])?$/, 4],
  [/自然资源/, 3],
  [/住房和城乡建设/, 2.5],
  [/公安/, 2],
];

/** Log-normal: the median agency gets about 4 new applications a year, one in a few hundred more than 1000. */
function scaleOf(rand: Rand, seat: Seat, department: string): number {
  const normal = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const busy = BUSY_DEPARTMENTS.find(([pattern]) => pattern.test(department))?.[1] ?? 1;
  return Math.min(20_000, Math.exp(1.4 + 1.3 * normal) * LEVEL_SCALE[seat.level] * busy);
}

function mixOf(rand: Rand): Plan["mix"] {
  const natural = 0.5 + 0.45 * rand();
  const rest = [rand() * 3, rand() * 0.2, rand() * 0.5, rand(), rand() * 0.6];
  const restSum = rest.reduce((a, b) => a + b, 0) || 1;
  const [business, research, nonprofit, legal, otherOrg] = rest.map((w) => ((1 - natural) * w) / restSum) as [number, number, number, number, number];
  return { naturalPerson: natural, business, research, nonprofit, legal, otherOrg };
}

/** Consecutive years, most agencies 4 to 7 of them, ending in the last or an earlier year. */
function yearsOf(rand: Rand): number[] {
  const count = Math.min(
    LAST_YEAR - FIRST_YEAR + 1,
    weighted(rand, [
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 3],
      [6, 2],
      [7, 2],
    ]),
  );
  const last =
    LAST_YEAR -
    weighted(rand, [
      [0, 6],
      [1, 2],
      [2, 1],
    ]);
  const first = Math.max(FIRST_YEAR, last - count + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

function departmentsOf(seat: Seat): string[] {
  const provinceLevel = seat.level === "province" && !MUNICIPALITIES.has(seat.region.code!.slice(0, 2));
  return provinceLevel ? PROVINCE_DEPARTMENTS : LOCAL_DEPARTMENTS;
}

type AgencyPlan = { plan: Plan; region: Region; version: (year: number) => FormatVersion; mismatch: CarryMismatch | null };

/**
 * Every agency of the corpus, in order: places in a seeded order with a few departments each, then further
 * passes over the places adding one to three more departments each, until the gazetteer runs out.
 */
function* agencyPlans(options: CorpusOptions): Generator<AgencyPlan> {
  const rand = random(options.seed);
  let key = 0;
  const places = seatOrder(rand).map((seat) => ({ seat, kinds: [] as string[], used: 0 }));
  for (let pass = 0; pass === 0 || places.some((place) => place.used < place.kinds.length); pass++) {
    for (const place of places) {
      let take: number;
      if (pass === 0) {
        const kinds = departmentsOf(place.seat);
        take = Math.min(kinds.length, between(rand, 2, place.seat.level === "county" ? 10 : 16));
        place.kinds = shuffled(kinds, rand);
      } else take = Math.min(place.kinds.length - place.used, between(rand, 1, 3));
      const departments = place.kinds.slice(place.used, place.used + take);
      place.used += take;
      for (const department of departments) yield agencyPlan(options, rand, place.seat, department, ++key);
    }
  }
}

function agencyPlan(options: CorpusOptions, rand: Rand, seat: Seat, department: string, key: number): AgencyPlan {
  const years = yearsOf(rand);
  const flipped = rand() < options.otherTemplate;
  const mismatched = years.length > 1 && rand() < options.crossYearMismatches;
  const plan: Plan = {
    slug: `synth-${options.seed}-${key}`,
    agency: `${seat.prefix}${department}`,
    years,
    scale: scaleOf(rand, seat, department),
    growth: 0.8 + 0.45 * rand(),
    mix: mixOf(rand),
  };
  return {
    plan,
    region: seat.region,
    version: (year) => (flipped ? (versionOf(year) === "2019" ? "2021" : "2019") : versionOf(year)),
    mismatch: mismatched ? { year: years[between(rand, 1, years.length - 1)]!, column: "naturalPerson", delta: between(rand, 1, 5) } : null,
  };
}

/** Adds delta to one cell of 表三 (not its total): rowTotal and handledSum break. */
function breakCell(report: Report, rand: Rand): CellBreak {
  const cellBreak: CellBreak = { row: "granted", column: SIX[between(rand, 0, SIX.length - 1)]!, delta: between(rand, 1, 9) };
  const values = report.applications[cellBreak.row];
  values[cellBreak.column] = (values[cellBreak.column] ?? 0) + cellBreak.delta;
  return cellBreak;
}

/** The corpus's reports with their truth, agency by agency, stopping at options.reports. */
export function* corpusReports(options: CorpusOptions): Generator<Truth> {
  const rand = random(seedOf(`breaks-${options.seed}`));
  let id = 0;
  let agencyKey = 0;
  for (const { plan, region, version, mismatch } of agencyPlans(options)) {
    agencyKey++;
    for (const report of agencyReports(plan, { region, version, mismatch })) {
      if (id >= options.reports) return;
      id++;
      const identityBreak = rand() < options.identityBreaks ? breakCell(report, rand) : null;
      const layout = weighted(rand, LAYOUT_WEIGHTS);
      yield { id, agencyKey, layout, report, identityBreak, crossYearMismatch: mismatch?.year === report.year };
    }
  }
  if (id < options.reports) throw new Error(`the gazetteer gives only ${id} reports with these options`);
}

/** The report's text in its layout, as the corpus writes it. */
export function corpusText(truth: Truth): string {
  return renderText(reportToDocument(truth.report), truth.layout);
}

/** Corpus options as one short key, for a cache file name. */
export function corpusKey(options: CorpusOptions): string {
  return `r${options.reports}-s${options.seed}-b${options.identityBreaks}-x${options.crossYearMismatches}-t${options.otherTemplate}`;
}
