import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PLAUSIBLE } from "../lib/report/checks/plausible";
import { parseReport } from "../lib/report/parse";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, PRINTED_ROWS, REVIEW_FIELDS, REVIEW_GROUPS, type Report, ReportSchema } from "../lib/report/schema";
import { fixtureDirs } from "./support/fixtures";

/**
 * Fuzzing the parser with mutated real reports (the five seeds): cells deleted, duplicated, shuffled, glued
 * to their neighbour, labels garbled, numbers changed, rows dropped or repeated. The parser never throws; it refuses the text with a
 * reason, or returns a valid report in which every broken identity (recomputed here from the parsed numbers)
 * is flagged at its cell, and nothing else is flagged as one. NIANBAO_FUZZ_RUNS raises the runs (default 300).
 */

const RUNS = Number(process.env.NIANBAO_FUZZ_RUNS ?? 300);
const SEEDS = fixtureDirs("seed-").map((dir) => readFileSync(join(dir, "input.txt"), "utf8"));

// ---------------------------------------------------------------------------------------------
// Mutations of the table text

const MUTATIONS = ["delete", "duplicate", "swap", "glue", "garble", "change", "dropLine", "repeatLine"] as const;
type Mutation = { kind: (typeof MUTATIONS)[number]; at: number; other: number; value: number; digits: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.nat(),
  other: fc.nat(),
  value: fc.nat(),
  // What a changed cell says: small and large counts, past the plausible, past exact doubles, past doubles at all.
  digits: fc.oneof(
    fc.integer({ min: 0, max: 20 }).map(String),
    fc.integer({ min: 0, max: 99_999 }).map(String),
    fc.constant(String(MAX_PLAUSIBLE.caseCount + 1)),
    fc.constant("1152921504606846976"),
    fc.integer({ min: 310, max: 400 }).map((length) => "9".repeat(length)),
  ),
});

/** The tables: from 二、 (主动公开) to 五、 (problems); the narrative around them is left alone. */
function tableRange(text: string): { start: number; end: number } {
  const start = text.search(/二、\s*主动公开/);
  const end = text.search(/五、\s*存在/);
  return { start: Math.max(0, start), end: end > start ? end : text.length };
}

type Span = { start: number; end: number };

function spans(text: string, pattern: RegExp): Span[] {
  const { start, end } = tableRange(text);
  const found: Span[] = [];
  for (const match of text.slice(start, end).matchAll(pattern)) found.push({ start: start + match.index, end: start + match.index + match[0].length });
  return found;
}

const numbers = (text: string) => spans(text, /(?<![\d.])\d+(?![\d.])/g);
const labels = (text: string) => spans(text, /[\u4e00-\u9fff]{2,}/g);
const lines = (text: string) => spans(text, /[^\n]*\n/g);
const GARBLE =
  "的一是不人在有这上来到大为中说国年着就和要出也得里后自以会家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感";

const replace = (text: string, span: Span, by: string) => text.slice(0, span.start) + by + text.slice(span.end);

function mutate(text: string, { kind, at, other, value, digits: changed }: Mutation): string {
  if (kind === "garble") {
    const all = labels(text);
    if (all.length === 0) return text;
    const label = all[at % all.length]!;
    const offset = label.start + (other % (label.end - label.start));
    const by = value % 3 === 0 ? "" : GARBLE[value % GARBLE.length]!;
    return replace(text, { start: offset, end: offset + 1 }, by);
  }
  if (kind === "dropLine" || kind === "repeatLine") {
    const all = lines(text);
    if (all.length === 0) return text;
    const line = all[at % all.length]!;
    return replace(text, line, kind === "dropLine" ? "" : text.slice(line.start, line.end).repeat(2));
  }
  const cells = numbers(text);
  if (cells.length < 2) return text;
  const cell = cells[at % cells.length]!;
  const digits = text.slice(cell.start, cell.end);
  switch (kind) {
    case "delete":
      return replace(text, { start: cell.start - (/\s/.test(text[cell.start - 1] ?? "") ? 1 : 0), end: cell.end }, "");
    case "duplicate":
      return replace(text, cell, `${digits}\t${digits}`);
    case "change":
      return replace(text, cell, changed);
    case "glue": {
      const next = cells[(at % cells.length) + 1];
      return next ? replace(text, { start: cell.end, end: next.start }, "") : text;
    }
    case "swap": {
      const near = cells[(at + 1 + (other % 8)) % cells.length]!;
      const [first, second] = cell.start < near.start ? [cell, near] : [near, cell];
      if (first === second) return text;
      const a = text.slice(first.start, first.end);
      const b = text.slice(second.start, second.end);
      return text.slice(0, first.start) + b + text.slice(first.end, second.start) + a + text.slice(second.end);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The identities, recomputed from the parsed numbers (a cell left empty cannot break one)

const SIX = APPLICANT_COLUMNS.filter((column) => column !== "total");
const OUTCOMES = APPLICATION_ROWS.filter((row) => /^(granted|partiallyGranted|withheld|unable|rejected)/.test(row) || row === "otherTotal");

function sumOrNull(values: (number | null)[]): number | null {
  return values.some((value) => value === null) ? null : (values as number[]).reduce((a, b) => a + b, 0);
}

function broken(left: number | null, right: number | null): boolean {
  return left !== null && right !== null && left !== right;
}

const place = (code: string, section: string, row: string, column: string) => `${code} ${section}.${row}.${column}`;

function brokenIdentities(report: Report): Set<string> {
  const found = new Set<string>();
  const a = report.applications;
  for (const row of PRINTED_ROWS[report.formatVersion]) {
    if (broken(a[row].total, sumOrNull(SIX.map((column) => a[row][column])))) found.add(place("identity.rowTotal", "applications", row, "total"));
  }
  for (const column of APPLICANT_COLUMNS) {
    if (broken(a.handledTotal[column], sumOrNull(OUTCOMES.map((row) => a[row][column]))))
      found.add(place("identity.handledSum", "applications", "handledTotal", column));
    const inflow = sumOrNull([a.newReceived[column], a.carriedOver[column]]);
    if (broken(inflow, sumOrNull([a.handledTotal[column], a.carriedForward[column]])))
      found.add(place("identity.balance", "applications", "carriedForward", column));
  }
  for (const group of REVIEW_GROUPS) {
    const g = report.reviewLitigation[group];
    if (broken(g.total, sumOrNull([g.upheld, g.corrected, g.other, g.pending]))) found.add(place("identity.reviewTotal", "reviewLitigation", group, "total"));
  }
  return found;
}

function implausibleCells(report: Report): Set<string> {
  const found = new Set<string>();
  const flag = (value: number | null, section: string, row: string, column: string) => {
    if (value !== null && value > MAX_PLAUSIBLE.caseCount) found.add(place("value.implausible", section, row, column));
  };
  for (const row of APPLICATION_ROWS) for (const column of APPLICANT_COLUMNS) flag(report.applications[row][column], "applications", row, column);
  for (const group of REVIEW_GROUPS) for (const field of REVIEW_FIELDS) flag(report.reviewLitigation[group][field], "reviewLitigation", group, field);
  return found;
}

const ORIGINALS = SEEDS.map((seed) => {
  const outcome = parseReport(seed);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
});

const TABLE_SECTIONS = ["applications", "reviewLitigation"] as const;

/**
 * The tables whose numbers differ from the unmutated seed's without a flag to say so: a new warning or error
 * in that table (an identity, a misplaced or missing cell), or a table-level flag that already covered it.
 */
function unaccountedSections(report: Report, original: Report): string[] {
  const before = new Set(original.issues.map((i) => `${i.code} ${i.message}`));
  return TABLE_SECTIONS.filter((section) => {
    if (JSON.stringify(report[section]) === JSON.stringify(original[section])) return false;
    const flags = report.issues.filter((i) => i.where.section === section && i.severity !== "info");
    return !flags.some((i) => !before.has(`${i.code} ${i.message}`) || i.code.startsWith("table."));
  });
}

function cellValue(report: Report, where: Report["issues"][number]["where"]): number | null {
  const table = where.section === "applications" ? report.applications : report.reviewLitigation;
  return (table as Record<string, Record<string, number | null>>)[where.row!]![where.column!]!;
}

function flagged(report: Report, codes: (code: string) => boolean): Set<string> {
  return new Set(
    report.issues
      .filter((i) => codes(i.code) && i.where.section !== "proactive")
      .map((i) => place(i.code, i.where.section, i.where.row ?? "", i.where.column ?? "")),
  );
}

// ---------------------------------------------------------------------------------------------

describe("the parser on mutated real reports", () => {
  it("every seed parses, so each mutation starts from a real report", () => {
    expect(SEEDS).toHaveLength(5);
    for (const seed of SEEDS) expect(parseReport(seed).ok).toBe(true);
  });

  it(
    "never throws; refuses with a reason, or flags exactly the identities its numbers break",
    () => {
      const outcomes = { refused: 0, parsed: 0, flagged: 0 };
      fc.assert(
        fc.property(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutationArb, { minLength: 1, maxLength: 6 }), (seedIndex, mutations) => {
          const text = mutations.reduce(mutate, SEEDS[seedIndex]!);
          const outcome = parseReport(text);
          if (!outcome.ok) {
            outcomes.refused++;
            expect(outcome.reason).toMatch(/^not a 政府信息公开工作年度报告: \S/);
            return;
          }
          outcomes.parsed++;
          const report = ReportSchema.parse(outcome.report);
          const identities = brokenIdentities(report);
          if (identities.size) outcomes.flagged++;
          expect(flagged(report, (code) => code.startsWith("identity."))).toEqual(identities);
          const implausible = report.issues.filter((i) => i.code === "value.implausible" && i.where.section !== "proactive");
          const infinite = implausible.filter((i) => i.message.includes("infinity"));
          for (const { where } of infinite) expect(cellValue(report, where)).toBeNull();
          const tooLarge = implausible.filter((i) => !infinite.includes(i)).map((i) => place(i.code, i.where.section, i.where.row!, i.where.column!));
          expect(new Set(tooLarge)).toEqual(implausibleCells(report));
          expect(unaccountedSections(report, ORIGINALS[seedIndex]!)).toEqual([]);
        }),
        { numRuns: RUNS },
      );
      // The mutations must reach both ends: texts refused, and reports parsed with broken identities.
      expect(outcomes.parsed).toBeGreaterThan(RUNS / 2);
      expect(outcomes.flagged).toBeGreaterThan(RUNS / 10);
    },
    Math.max(60_000, RUNS * 100),
  );
});
