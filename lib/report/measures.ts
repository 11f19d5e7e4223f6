import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ApplicantColumn,
  type ApplicationRow,
  type ReviewField,
  type ReviewGroup,
} from "./schema";
import { COLUMN_LABELS, LITIGATION_GROUPS, LITIGATION_LABEL, ORGANISATIONS_LABEL, REVIEW_FIELD_LABELS, REVIEW_GROUP_LABELS, ROW_LABELS } from "./template";

/**
 * Derived measures of DATA-DICTIONARY.md §7, computed from counts that may be summed over many reports.
 * Rates of a group come from its summed counts, never from averaging the members' rates.
 */

export type Count = number | null;

/** The matrix counts a measure reads: any subset of 表三 and 表四, one report's or summed over several. */
export type MatrixCounts = {
  applications: Partial<Record<ApplicationRow, Partial<Record<ApplicantColumn, Count>>>>;
  reviewLitigation: Partial<Record<ReviewGroup, Partial<Record<ReviewField, Count>>>>;
};

export const DERIVED_MEASURES = [
  "applicationsTotal",
  "grantRate",
  "withheldRate",
  "unableRate",
  "rejectedRate",
  "orgShare",
  "reconsiderationCorrectionRate",
  "litigationTotal",
  "litigationCorrectionRate",
] as const;
export type DerivedMeasure = (typeof DERIVED_MEASURES)[number];
export type DerivedValues = Record<DerivedMeasure, Count>;

/** Every derived measure but the two counts is a rate. */
const RATE_MEASURES: ReadonlySet<DerivedMeasure> = new Set(
  DERIVED_MEASURES.filter((measure) => measure !== "applicationsTotal" && measure !== "litigationTotal"),
);

export const DERIVED_LABELS: Record<DerivedMeasure, string> = {
  applicationsTotal: "申请总数（新收＋上年结转）",
  grantRate: "公开率（予以公开＋部分公开）",
  withheldRate: "不予公开率",
  unableRate: "无法提供率",
  rejectedRate: "不予处理率",
  orgShare: `${ORGANISATIONS_LABEL}申请占比`,
  reconsiderationCorrectionRate: `${REVIEW_GROUP_LABELS.reconsideration}纠错率`,
  litigationTotal: `${LITIGATION_LABEL}总数`,
  litigationCorrectionRate: `${LITIGATION_LABEL}纠错率`,
};

const rowsStartingWith = (prefix: string) => APPLICATION_ROWS.filter((row) => row.startsWith(prefix));
export const WITHHELD_ROWS = rowsStartingWith("withheld");
export const UNABLE_ROWS = rowsStartingWith("unable");
export const REJECTED_ROWS = rowsStartingWith("rejected");

/** The rows that add up to （七）总计: the 2021 sub-rows of （六） are counted through otherTotal only. */
export const OUTCOME_ROWS = [
  "granted",
  "partiallyGranted",
  ...WITHHELD_ROWS,
  ...UNABLE_ROWS,
  ...REJECTED_ROWS,
  "otherTotal",
] as const satisfies readonly ApplicationRow[];
export type OutcomeRow = (typeof OUTCOME_ROWS)[number];

/** The outcome mix by printed group: （一） to （六）. */
export const OUTCOME_GROUPS = ["granted", "partiallyGranted", "withheld", "unable", "rejected", "other"] as const;
export type OutcomeGroup = (typeof OUTCOME_GROUPS)[number];
const GROUP_ROWS: Record<OutcomeGroup, readonly ApplicationRow[]> = {
  granted: ["granted"],
  partiallyGranted: ["partiallyGranted"],
  withheld: WITHHELD_ROWS,
  unable: UNABLE_ROWS,
  rejected: REJECTED_ROWS,
  other: ["otherTotal"],
};
export const OUTCOME_GROUP_LABELS: Record<OutcomeGroup, string> = {
  granted: "予以公开",
  partiallyGranted: "部分公开",
  withheld: "不予公开",
  unable: "无法提供",
  rejected: "不予处理",
  other: "其他处理",
};

/** Sum that ignores missing values; null only when every value is missing (a row the version does not print). */
export function addCounts(...values: Count[]): Count {
  let sum: Count = null;
  for (const value of values) if (value !== null && value !== undefined) sum = (sum ?? 0) + value;
  return sum;
}

/** A rate, or null when the denominator is zero or missing: never NaN, never Infinity. */
export function ratio(numerator: Count, denominator: Count): Count {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}

const cell = (counts: MatrixCounts, row: ApplicationRow, column: ApplicantColumn = "total"): Count => counts.applications[row]?.[column] ?? null;
const reviewLitigationValue = (counts: MatrixCounts, group: ReviewGroup, field: ReviewField): Count => counts.reviewLitigation[group]?.[field] ?? null;
const rowsTotal = (counts: MatrixCounts, rows: readonly ApplicationRow[]): Count => addCounts(...rows.map((row) => cell(counts, row)));

// ── Formulas: each derived measure once, evaluated here and compiled to SQL by db/measure-sql.ts ─────────

/** One cell of 表三 or 表四. */
export type CellRef =
  | { kind: "applications"; row: ApplicationRow; column: ApplicantColumn }
  | { kind: "reviewLitigation"; group: ReviewGroup; field: ReviewField };

/**
 * A measure as arithmetic on cells, with the null rules of §7: `add` is addCounts (null only when every term is),
 * `subtract` is null when either side is, `orZero` reads a missing value as 0, `ratio` is null on a zero or
 * missing denominator.
 */
export type Formula =
  | { op: "cell"; cell: CellRef }
  | { op: "add"; terms: Formula[] }
  | { op: "subtract"; left: Formula; right: Formula }
  | { op: "orZero"; of: Formula }
  | { op: "ratio"; numerator: Formula; denominator: Formula };

const applicationCell = (row: ApplicationRow, column: ApplicantColumn = "total"): Formula => ({ op: "cell", cell: { kind: "applications", row, column } });
const reviewLitigationCell = (group: ReviewGroup, field: ReviewField): Formula => ({ op: "cell", cell: { kind: "reviewLitigation", group, field } });
const addOf = (...terms: Formula[]): Formula => ({ op: "add", terms });
const ratioOf = (numerator: Formula, denominator: Formula): Formula => ({ op: "ratio", numerator, denominator });
const rowsTotalOf = (rows: readonly ApplicationRow[]): Formula => addOf(...rows.map((row) => applicationCell(row)));
/** Cases concluded: 总计 less 尚未审结 (a missing 尚未审结 counts as none). */
const concludedOf = (group: ReviewGroup): Formula => ({
  op: "subtract",
  left: reviewLitigationCell(group, "total"),
  right: { op: "orZero", of: reviewLitigationCell(group, "pending") },
});
const shareOfHandled = (numerator: Formula): Formula => ratioOf(numerator, applicationCell("handledTotal"));

export const DERIVED_FORMULAS: Record<DerivedMeasure, Formula> = {
  applicationsTotal: addOf(applicationCell("newReceived"), applicationCell("carriedOver")),
  grantRate: shareOfHandled(rowsTotalOf(["granted", "partiallyGranted"])),
  withheldRate: shareOfHandled(rowsTotalOf(WITHHELD_ROWS)),
  unableRate: shareOfHandled(rowsTotalOf(UNABLE_ROWS)),
  rejectedRate: shareOfHandled(rowsTotalOf(REJECTED_ROWS)),
  orgShare: ratioOf(
    { op: "subtract", left: applicationCell("newReceived"), right: applicationCell("newReceived", "naturalPerson") },
    applicationCell("newReceived"),
  ),
  reconsiderationCorrectionRate: ratioOf(reviewLitigationCell("reconsideration", "corrected"), concludedOf("reconsideration")),
  litigationTotal: addOf(...LITIGATION_GROUPS.map((group) => reviewLitigationCell(group, "total"))),
  litigationCorrectionRate: ratioOf(
    addOf(...LITIGATION_GROUPS.map((group) => reviewLitigationCell(group, "corrected"))),
    addOf(...LITIGATION_GROUPS.map(concludedOf)),
  ),
};

const cellValue = (counts: MatrixCounts, ref: CellRef): Count =>
  ref.kind === "applications" ? cell(counts, ref.row, ref.column) : reviewLitigationValue(counts, ref.group, ref.field);

export function evaluate(formula: Formula, counts: MatrixCounts): Count {
  switch (formula.op) {
    case "cell":
      return cellValue(counts, formula.cell);
    case "add":
      return addCounts(...formula.terms.map((term) => evaluate(term, counts)));
    case "subtract": {
      const left = evaluate(formula.left, counts);
      const right = evaluate(formula.right, counts);
      return left === null || right === null ? null : left - right;
    }
    case "orZero":
      return evaluate(formula.of, counts) ?? 0;
    case "ratio":
      return ratio(evaluate(formula.numerator, counts), evaluate(formula.denominator, counts));
  }
}

/** The cells a formula reads, each once. */
export function formulaCells(formula: Formula): CellRef[] {
  const found = new Map<string, CellRef>();
  const visit = (f: Formula): void => {
    if (f.op === "cell") found.set(JSON.stringify(f.cell), f.cell);
    else if (f.op === "add") f.terms.forEach(visit);
    else if (f.op === "subtract") [f.left, f.right].forEach(visit);
    else if (f.op === "orZero") visit(f.of);
    else [f.numerator, f.denominator].forEach(visit);
  };
  visit(formula);
  return [...found.values()];
}

export function deriveMeasures(counts: MatrixCounts): DerivedValues {
  return Object.fromEntries(DERIVED_MEASURES.map((measure) => [measure, evaluate(DERIVED_FORMULAS[measure], counts)])) as DerivedValues;
}

/** Each outcome row's share of （七）总计 (total column). */
export function outcomeRowShares(counts: MatrixCounts): Record<OutcomeRow, Count> {
  const handled = cell(counts, "handledTotal");
  return Object.fromEntries(OUTCOME_ROWS.map((row) => [row, ratio(cell(counts, row), handled)])) as Record<OutcomeRow, Count>;
}

/** The outcome mix by printed group (total column): counts. */
export function outcomeGroupCounts(counts: MatrixCounts): Record<OutcomeGroup, Count> {
  return Object.fromEntries(OUTCOME_GROUPS.map((group) => [group, rowsTotal(counts, GROUP_ROWS[group])])) as Record<OutcomeGroup, Count>;
}

/** The outcome mix by printed group: shares of （七）总计. */
export function outcomeGroupShares(counts: MatrixCounts): Record<OutcomeGroup, Count> {
  const handled = cell(counts, "handledTotal");
  const groups = outcomeGroupCounts(counts);
  return Object.fromEntries(OUTCOME_GROUPS.map((group) => [group, ratio(groups[group], handled)])) as Record<OutcomeGroup, Count>;
}

/** Cell by cell sum of several reports' counts (missing cells stay missing). */
export function sumCounts(list: readonly MatrixCounts[]): MatrixCounts {
  const sum: MatrixCounts = { applications: {}, reviewLitigation: {} };
  for (const counts of list) {
    for (const [row, columns] of Object.entries(counts.applications) as [ApplicationRow, Partial<Record<ApplicantColumn, Count>>][]) {
      const target = (sum.applications[row] ??= {});
      for (const [column, value] of Object.entries(columns) as [ApplicantColumn, Count][]) target[column] = addCounts(target[column] ?? null, value);
    }
    for (const [group, fields] of Object.entries(counts.reviewLitigation) as [ReviewGroup, Partial<Record<ReviewField, Count>>][]) {
      const target = (sum.reviewLitigation[group] ??= {});
      for (const [field, value] of Object.entries(fields) as [ReviewField, Count][]) target[field] = addCounts(target[field] ?? null, value);
    }
  }
  return sum;
}

// ── Measure keys: what a comparison can show ─────────────────────────────────────────────────────────────

/**
 * A measure: a raw cell (`applications.granted.total`, `reviewLitigation.reconsideration.corrected`),
 * a derived measure of §7 (`grantRate`) or an outcome row's share (`outcomeShare.withheldThirdParty`).
 */
export type MeasureKey = string;

export type ParsedMeasure =
  | { kind: "applications"; row: ApplicationRow; column: ApplicantColumn }
  | { kind: "reviewLitigation"; group: ReviewGroup; field: ReviewField }
  | { kind: "derived"; measure: DerivedMeasure }
  | { kind: "outcomeShare"; row: OutcomeRow };

const includes = <T extends string>(list: readonly T[], value: string | undefined): value is T =>
  value !== undefined && (list as readonly string[]).includes(value);

const parsedKeys = new Map<string, ParsedMeasure | null>();

export function parseMeasure(key: string): ParsedMeasure | null {
  if (!parsedKeys.has(key)) parsedKeys.set(key, parseKey(key));
  return parsedKeys.get(key) ?? null;
}

function parseKey(key: string): ParsedMeasure | null {
  if (key.length > 80) return null;
  const [head, first, second, ...rest] = key.split(".");
  if (rest.length) return null;
  if (head === "applications" && includes(APPLICATION_ROWS, first) && includes(APPLICANT_COLUMNS, second))
    return { kind: "applications", row: first, column: second };
  if (head === "reviewLitigation" && includes(REVIEW_GROUPS, first) && includes(REVIEW_FIELDS, second))
    return { kind: "reviewLitigation", group: first, field: second };
  if (head === "outcomeShare" && includes(OUTCOME_ROWS, first) && second === undefined) return { kind: "outcomeShare", row: first };
  if (includes(DERIVED_MEASURES, head) && first === undefined) return { kind: "derived", measure: head };
  return null;
}

export function isRateMeasure(key: string): boolean {
  const parsed = parseMeasure(key);
  return parsed?.kind === "outcomeShare" || (parsed?.kind === "derived" && RATE_MEASURES.has(parsed.measure));
}

/** The formula of any measure key; null for a key that is not a measure. */
export function measureFormula(key: string): Formula | null {
  const parsed = parseMeasure(key);
  switch (parsed?.kind) {
    case "applications":
      return applicationCell(parsed.row, parsed.column);
    case "reviewLitigation":
      return reviewLitigationCell(parsed.group, parsed.field);
    case "derived":
      return DERIVED_FORMULAS[parsed.measure];
    case "outcomeShare":
      return shareOfHandled(applicationCell(parsed.row));
    default:
      return null;
  }
}

/** A rate's numerator and denominator, each as the formula's own arithmetic; null for a measure that is no ratio. */
export type MeasureParts = { numerator: Count; denominator: Count };

export function ratioFormulas(key: string): { numerator: Formula; denominator: Formula } | null {
  const formula = measureFormula(key);
  return formula?.op === "ratio" ? { numerator: formula.numerator, denominator: formula.denominator } : null;
}

/** What a rate divides (a count of the same cells the rate reads): 18.2 % of what. Null for a measure that is no rate. */
export function measureParts(counts: MatrixCounts, key: string): MeasureParts | null {
  const parts = ratioFormulas(key);
  return parts ? { numerator: evaluate(parts.numerator, counts), denominator: evaluate(parts.denominator, counts) } : null;
}

export function measureValue(counts: MatrixCounts, key: string): Count {
  const formula = measureFormula(key);
  return formula ? evaluate(formula, counts) : null;
}

/** Several measures of the same counts. */
export function measureValues<K extends string>(counts: MatrixCounts, keys: readonly K[]): Record<K, Count> {
  return Object.fromEntries(keys.map((key) => [key, measureValue(counts, key)])) as Record<K, Count>;
}

export function measureLabel(key: string): string {
  const parsed = parseMeasure(key);
  switch (parsed?.kind) {
    case "applications":
      return `${ROW_LABELS[parsed.row].label}（${COLUMN_LABELS[parsed.column]}）`;
    case "reviewLitigation":
      return `${REVIEW_GROUP_LABELS[parsed.group]}·${REVIEW_FIELD_LABELS[parsed.field]}`;
    case "derived":
      return DERIVED_LABELS[parsed.measure];
    case "outcomeShare":
      return `${ROW_LABELS[parsed.row].label} 占总计比例`;
    default:
      return key;
  }
}

/** The cells a measure reads, so a query fetches only those. */
export type MeasureInputs = { applications: Partial<Record<ApplicationRow, ApplicantColumn[]>>; reviewLitigation: Partial<Record<ReviewGroup, ReviewField[]>> };

export function measureInputs(key: string): MeasureInputs {
  const inputs: MeasureInputs = { applications: {}, reviewLitigation: {} };
  const formula = measureFormula(key);
  for (const ref of formula ? formulaCells(formula) : []) {
    if (ref.kind === "applications") (inputs.applications[ref.row] ??= []).push(ref.column);
    else (inputs.reviewLitigation[ref.group] ??= []).push(ref.field);
  }
  return inputs;
}

/** Every measure a comparison offers: the derived ones, each outcome share, then every raw cell. */
export function allMeasureKeys(): string[] {
  return [
    ...DERIVED_MEASURES,
    ...OUTCOME_ROWS.map((row) => `outcomeShare.${row}`),
    ...APPLICATION_ROWS.flatMap((row) => APPLICANT_COLUMNS.map((column) => `applications.${row}.${column}`)),
    ...REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => `reviewLitigation.${group}.${field}`)),
  ];
}

// ── Distribution of a measure over the members of a group ────────────────────────────────────────────────

export type Distribution = { n: number; min: number; q1: number; median: number; q3: number; max: number };

/** Quantile by linear interpolation between closest ranks (the R-7 / spreadsheet definition). */
function quantile(sorted: readonly number[], p: number): number {
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}

/** Median and quartiles of the known values; null values (a zero denominator) are left out, not taken as 0. */
export function distribution(values: readonly Count[]): Distribution | null {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (known.length === 0) return null;
  return {
    n: known.length,
    min: known[0] as number,
    q1: quantile(known, 0.25),
    median: quantile(known, 0.5),
    q3: quantile(known, 0.75),
    max: known[known.length - 1] as number,
  };
}
