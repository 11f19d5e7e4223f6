import { NO_EDITION } from "../report/edition";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  OTHER_SUB_ROWS,
  PRINTED_ROWS,
  type ApplicantColumn,
  type ApplicationRow,
  type Applications,
  type FormatVersion,
  type ProactiveCell,
  type Region,
  type Report,
  type ReviewLitigation,
} from "../report/schema";
import { PROACTIVE_TEMPLATE } from "../report/template";

/**
 * One agency's reports over consecutive years, deterministic from a seeded generator (pure): applications
 * flow from year to year (上年结转 of year N is 结转下年度 of N−1), 表二's documents in force carry over, and
 * magnitudes follow the plan's scale, growth and applicant mix. Used by scripts/make-samples.ts and the
 * synthetic benchmark corpus (lib/synth/corpus.ts).
 */

// ---------------------------------------------------------------------------------------------
// The plan: who, which years, how busy

export type Plan = {
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

// ---------------------------------------------------------------------------------------------
// A seeded generator

/** mulberry32: small, fast and the same on every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export type Rand = () => number;

export const between = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

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

export const SIX = APPLICANT_COLUMNS.filter((column): column is Exclude<ApplicantColumn, "total"> => column !== "total");
export type Carry = Record<(typeof SIX)[number], number>;

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
    const handled = distribute(
      open - carriedForward[column],
      outcomes.map((row) => OUTCOME_WEIGHTS[row] ?? 0),
      rand,
    );
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
// An agency's years

/** The template in force in a year: the trial one until 2020. */
export function versionOf(year: number): FormatVersion {
  return year <= 2020 ? "2019" : "2021";
}

/** A 上年结转 that disagrees with the year before: `delta` added to one applicant column. */
export type CarryMismatch = { year: number; column: (typeof SIX)[number]; delta: number };

export type AgencyYearsOptions = {
  region?: Region;
  /** The template of each year (default: the one in force). */
  version?: (year: number) => FormatVersion;
  mismatch?: CarryMismatch | null;
};

/** The plan's reports, one per year, in order. */
export function agencyReports(plan: Plan, options: AgencyYearsOptions = {}): Report[] {
  const rand = random(seedOf(plan.slug));
  const region = options.region ?? { province: null, city: null, county: null, code: null };
  let carry: Carry = Object.fromEntries(SIX.map((c) => [c, Math.round(plan.scale * plan.mix[c] * 0.05)])) as Carry;
  const stock: Stock = { regulations: 3, normativeDocs: 40, licensingItems: 35 };
  return plan.years.map((year, t) => {
    const version = (options.version ?? versionOf)(year);
    const over = { ...carry };
    const mismatch = options.mismatch;
    if (mismatch && mismatch.year === year) over[mismatch.column] += mismatch.delta;
    const flow = yearApplications(plan, version, t, over, rand);
    carry = flow.carriedForward;
    return {
      agency: plan.agency,
      agencyAsPrinted: plan.agency,
      year,
      periodStart: `${year}-01-01`,
      periodEnd: `${year}-12-31`,
      formatVersion: version,
      region,
      source: null,
      proactive: proactive(plan, version, t, stock, rand),
      applications: flow.applications,
      reviewLitigation: reviewLitigation(plan, t, rand),
      sections: sections(plan, year, flow.applications, Math.round(plan.scale * plan.growth ** t * 9)),
      edition: NO_EDITION,
      issues: [],
    };
  });
}
