import { z } from "zod";
import { cellPath } from "../report/issues";
import {
  APPLICANT_COLUMNS,
  FORMAT_VERSIONS,
  ISSUE_CODES,
  PRINTED_ROWS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  RegionSchema,
  SECTION_NAMES,
  type ApplicationRow,
  type Issue,
  type Report,
} from "../report/schema";

/**
 * A golden file: what a careful reader takes from one real document, read by hand
 * (tests/fixtures/real/README.md). Pure: a parsed report (or a refusal) in, the comparison out.
 */

const AMBIGUOUS = z.literal("ambiguous");
const cell = z.number().nullable();

export const GoldenSchema = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("refused"),
    file: z.string(),
    from: z.string().optional(),
    refusedBecause: z.string().min(1),
    notes: z.array(z.string()).optional(),
  }),
  z.object({
    outcome: z.literal("report"),
    file: z.string(),
    from: z.string().optional(),
    agency: z.string().min(1),
    year: z.number().int(),
    periodStart: z.string(),
    periodEnd: z.string(),
    formatVersion: z.enum(FORMAT_VERSIONS),
    region: RegionSchema,
    proactive: z.record(z.string(), z.union([cell, AMBIGUOUS])),
    proactiveAbsent: z.array(z.string()).optional(),
    applications: z.record(z.string(), z.union([z.array(cell).length(APPLICANT_COLUMNS.length), AMBIGUOUS])),
    reviewLitigation: z.union([z.array(cell).length(REVIEW_GROUPS.length * REVIEW_FIELDS.length), AMBIGUOUS]),
    flags: z.array(z.object({ code: z.string(), at: z.string() })),
    narrativeMismatches: z.array(z.string()),
    notes: z.array(z.string()),
  }),
]);
export type Golden = z.infer<typeof GoldenSchema>;
type ReportGolden = Extract<Golden, { outcome: "report" }>;

/** A parse as the corpus sees it: a report, or the reason the file was refused. */
export type Parsed = { ok: true; report: Report } | { ok: false; reason: string };

export type CellVerdict = "exact" | "wrong" | "notStored";
/** One compared value: `path` as in issue paths (`applications.granted.total`), `flagged` when an issue sits on it. */
export type CellResult = { path: string; expected: number | null | "ambiguous"; actual: number | null; verdict: CellVerdict; flagged: boolean };

export type Comparison = {
  /** The facts (agency, year, period, template, region) that differ: `year: 2022 ≠ 2023`. */
  factsWrong: string[];
  cells: CellResult[];
  flagsMissing: { code: string; at: string }[];
  /** narrative.mismatch raised where the golden file has none (false alarms) and expected ones not raised. */
  narrativeFalse: string[];
  narrativeMissed: string[];
  /** For a refused golden file: whether the file was refused with the expected reason; for a report: whether it was parsed. */
  outcomeRight: boolean;
  outcomeMessage: string | null;
};

const MONEY_TOLERANCE = 1e-6;

function sameNumber(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= MONEY_TOLERANCE;
}

/** Issue paths with 表二 cells folded to their category: a 表二 issue names the row's first cell. */
function matchPath(path: string): string {
  const parts = path.split(".");
  return parts[0] === "proactive" ? parts.slice(0, 2).join(".") : path;
}

function related(a: string, b: string): boolean {
  const [x, y] = [matchPath(a), matchPath(b)];
  return x === y || x.startsWith(`${y}.`) || y.startsWith(`${x}.`);
}

/**
 * An identity spans several cells (a column's balance, a row's total), and which of them carries the flag is the
 * parser's convention: identity flags are matched by table.
 */
function flagPath(code: string, path: string): string {
  return code.startsWith("identity.") ? (path.split(".")[0] as string) : path;
}

/** A golden flag's `at` names a fact of the report (`year`) bare; the parser's issue sits at `report.year`. */
function goldenFlagPath(at: string): string {
  return (SECTION_NAMES as readonly string[]).includes(at.split(".")[0] as string) ? at : `report.${at}`;
}

function flaggedAt(issues: Issue[], path: string, codes?: readonly string[]): boolean {
  return issues.some((i) => (!codes || codes.includes(i.code)) && i.code !== "value.notApplicable" && related(cellPath(i.where), path));
}

function judge(path: string, expected: number | null | "ambiguous", actual: number | null, issues: Issue[]): CellResult {
  const flagged = flaggedAt(issues, path);
  if (expected === "ambiguous") {
    const verdict = actual === null && flaggedAt(issues, path, ["table.ambiguous"]) ? "exact" : actual === null ? "notStored" : "wrong";
    return { path, expected, actual, verdict, flagged };
  }
  if (sameNumber(expected, actual)) return { path, expected, actual, verdict: "exact", flagged };
  return { path, expected, actual, verdict: actual === null ? "notStored" : "wrong", flagged };
}

function proactiveCells(golden: ReportGolden, report: Report): CellResult[] {
  const results = Object.entries(golden.proactive).map(([key, expected]) => {
    const actual = report.proactive.find((c) => c.key === key)?.value ?? null;
    return judge(`proactive.${key}`, expected, actual, report.issues);
  });
  // A number the parser stored for a cell the report does not print is wrong.
  for (const stored of report.proactive) {
    if (stored.key in golden.proactive || stored.value === null) continue;
    results.push({
      path: `proactive.${stored.key}`,
      expected: null,
      actual: stored.value,
      verdict: "wrong",
      flagged: flaggedAt(report.issues, `proactive.${stored.key}`),
    });
  }
  return results;
}

function applicationCells(golden: ReportGolden, report: Report): CellResult[] {
  const rows = PRINTED_ROWS[golden.formatVersion];
  const tableAmbiguous = rows.some((row) => golden.applications[row] === "ambiguous");
  return rows.flatMap((row: ApplicationRow) => {
    const expectedRow = golden.applications[row];
    return APPLICANT_COLUMNS.map((column, i) => {
      // One ambiguous row leaves the whole table unstored: the other rows' cells are then expected to be empty.
      const expected = tableAmbiguous ? "ambiguous" : expectedRow === undefined || expectedRow === "ambiguous" ? "ambiguous" : (expectedRow[i] ?? null);
      const path = tableAmbiguous ? "applications" : `applications.${row}.${column}`;
      return { ...judge(path, expected, report.applications[row]?.[column] ?? null, report.issues), path: `applications.${row}.${column}` };
    });
  });
}

function reviewLitigationCells(golden: ReportGolden, report: Report): CellResult[] {
  return REVIEW_GROUPS.flatMap((group, g) =>
    REVIEW_FIELDS.map((field, f) => {
      const expected = golden.reviewLitigation === "ambiguous" ? "ambiguous" : (golden.reviewLitigation[g * REVIEW_FIELDS.length + f] ?? null);
      const path = golden.reviewLitigation === "ambiguous" ? "reviewLitigation" : `reviewLitigation.${group}.${field}`;
      return { ...judge(path, expected, report.reviewLitigation[group][field], report.issues), path: `reviewLitigation.${group}.${field}` };
    }),
  );
}

function factsWrong(golden: ReportGolden, report: Report): string[] {
  const facts: [string, unknown, unknown][] = [
    ["agency", golden.agency, report.agency],
    ["year", golden.year, report.year],
    ["periodStart", golden.periodStart, report.periodStart],
    ["periodEnd", golden.periodEnd, report.periodEnd],
    ["formatVersion", golden.formatVersion, report.formatVersion],
    ["region", JSON.stringify(golden.region), JSON.stringify(report.region)],
  ];
  return facts.filter(([, want, got]) => want !== got).map(([name, want, got]) => `${name}: ${String(got)} ≠ ${String(want)}`);
}

function narrativeSets(golden: ReportGolden, report: Report): { narrativeFalse: string[]; narrativeMissed: string[] } {
  const raised = new Set(report.issues.filter((i) => i.code === "narrative.mismatch").map((i) => cellPath(i.where)));
  const expected = new Set(golden.narrativeMismatches);
  return {
    narrativeFalse: [...raised].filter((at) => ![...expected].some((want) => related(want, at))),
    narrativeMissed: [...expected].filter((want) => ![...raised].some((at) => related(want, at))),
  };
}

const EMPTY: Omit<Comparison, "outcomeRight" | "outcomeMessage"> = { factsWrong: [], cells: [], flagsMissing: [], narrativeFalse: [], narrativeMissed: [] };

export function compareWithGolden(golden: Golden, parsed: Parsed): Comparison {
  if (golden.outcome === "refused") {
    if (parsed.ok)
      return {
        ...EMPTY,
        outcomeRight: false,
        outcomeMessage: `stored as a report of ${parsed.report.agency} ${parsed.report.year}; expected a refusal (${golden.refusedBecause})`,
      };
    const right = parsed.reason.includes(golden.refusedBecause);
    return { ...EMPTY, outcomeRight: right, outcomeMessage: right ? null : `refused "${parsed.reason}"; expected "${golden.refusedBecause}"` };
  }
  if (!parsed.ok) return { ...EMPTY, outcomeRight: false, outcomeMessage: `refused: ${parsed.reason}` };
  const { report } = parsed;
  const flagsMissing = golden.flags.filter(
    (flag) => !report.issues.some((i) => i.code === flag.code && related(flagPath(i.code, cellPath(i.where)), flagPath(flag.code, goldenFlagPath(flag.at)))),
  );
  return {
    factsWrong: factsWrong(golden, report),
    cells: [...proactiveCells(golden, report), ...applicationCells(golden, report), ...reviewLitigationCells(golden, report)],
    flagsMissing,
    ...narrativeSets(golden, report),
    outcomeRight: true,
    outcomeMessage: null,
  };
}

/** True when the document is read exactly as its golden file says. */
export function isExact(comparison: Comparison): boolean {
  return (
    comparison.outcomeRight &&
    comparison.factsWrong.length === 0 &&
    comparison.cells.every((c) => c.verdict === "exact") &&
    comparison.flagsMissing.length === 0 &&
    comparison.narrativeFalse.length === 0 &&
    comparison.narrativeMissed.length === 0
  );
}

/** Codes a golden file may name: the schema's, so a typo in a golden file is caught. */
export function unknownFlagCodes(golden: Golden): string[] {
  if (golden.outcome === "refused") return [];
  return golden.flags.map((f) => f.code).filter((code) => !(ISSUE_CODES as readonly string[]).includes(code));
}
