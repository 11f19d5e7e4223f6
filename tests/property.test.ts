import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { NO_EDITION } from "../lib/report/edition";
import { parseReport } from "../lib/report/parse";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  type Applications,
  FORMAT_VERSIONS,
  type FormatVersion,
  PRINTED_ROWS,
  type ProactiveCell,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type Report,
  type ReviewLitigation,
} from "../lib/report/schema";
import { PROACTIVE_TEMPLATE } from "../lib/report/template";
import { expectedIdentityFlags, IDENTITY_CODES, reportArb } from "../lib/synth/arbitrary";
import { LAYOUTS, type Layout, renderReport } from "../lib/synth/render";
import { splits, totalledSplits } from "./support/splits";

/**
 * Render → parse round trip: every layout, both template versions. Raise the runs with
 * NIANBAO_PROPERTY_RUNS=5000 (per layout and version).
 */

const RUNS = Number(process.env.NIANBAO_PROPERTY_RUNS ?? 300);
const TIMEOUT = Math.max(60_000, RUNS * 200);

type TableSection = "proactive" | "applications" | "reviewLitigation";

function sixSum(values: (number | null)[]): number {
  return values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

function applicationsFromRows(version: FormatVersion, rows: Map<string, number[]>): Applications {
  const applications = Object.fromEntries(
    APPLICATION_ROWS.map((row) => [row, Object.fromEntries(APPLICANT_COLUMNS.map((column, i) => [column, rows.get(row)?.[i] ?? null]))]),
  ) as Applications;
  if (version === "2021") {
    APPLICANT_COLUMNS.forEach((column) => {
      applications.otherTotal[column] = sixSum(["otherNoCorrection", "otherNoFee", "otherOther"].map((row) => applications[row as "otherOther"][column]));
    });
  }
  return applications;
}

function rowValues(applications: Applications, row: (typeof APPLICATION_ROWS)[number]): number[] {
  return APPLICANT_COLUMNS.map((column) => applications[row][column] ?? 0);
}

function identityKeys(flags: Set<string>, section: TableSection): string[] {
  return [...flags].filter((flag) => flag.split("|")[1] === section);
}

const COMBINATION_BUDGET = 200_000;

/**
 * Whether glued 表三 text admits more than one reading: some row's digits split more than one way and
 * not exactly one reading keeps every identity (or the values themselves break one, so the identities
 * cannot single the printed reading out).
 */
function applicationsAmbiguous(report: Report): boolean {
  const version = report.formatVersion;
  const rows = PRINTED_ROWS[version];
  const digits = rows.map((row) => rowValues(report.applications, row).join(""));
  if (digits.every((text) => splits(text, 7, 2).length < 2)) return false;
  if (identityKeys(expectedIdentityFlags(report), "applications").length > 0) return true;
  const candidates = digits.map((text) => totalledSplits(text, 1, 7, 1000));
  if (candidates.some((list) => list.length >= 1000)) return true;
  const combinations = candidates.reduce((product, list) => product * list.length, 1);
  if (combinations > COMBINATION_BUDGET) return true;
  let fits = 0;
  const chosen = new Map<string, number[]>();
  const visit = (index: number): void => {
    if (fits > 1) return;
    if (index === rows.length) {
      const reading: Report = { ...report, applications: applicationsFromRows(version, chosen) };
      if (identityKeys(expectedIdentityFlags(reading), "applications").length === 0) fits++;
      return;
    }
    for (const values of candidates[index]!) {
      chosen.set(rows[index]!, values);
      visit(index + 1);
    }
  };
  visit(0);
  return fits !== 1;
}

function reviewAmbiguous(report: Report): boolean {
  const digits = REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => report.reviewLitigation[group][field] ?? 0)).join("");
  if (splits(digits, 15, 2).length < 2) return false;
  if (identityKeys(expectedIdentityFlags(report), "reviewLitigation").length > 0) return true;
  return totalledSplits(digits, 3, 5, 2).length !== 1;
}

const PROACTIVE_TOKEN = /^[+-]?(0|[1-9]\d*)(\.\d*[1-9])?(万元|元)?$/;

/** Ways a run of glued 表二 cells (`0+242`, `239670元`) cuts into `count` printed numbers, up to `limit`. */
function proactiveCuts(text: string, count: number, limit: number): number {
  if (count === 1) return PROACTIVE_TOKEN.test(text) ? 1 : 0;
  let found = 0;
  for (let end = 1; end < text.length && found < limit; end++) {
    if (PROACTIVE_TOKEN.test(text.slice(0, end))) found += proactiveCuts(text.slice(end), count - 1, limit - found);
  }
  return found;
}

/** Glued 表二 is ambiguous when some row has adjacent numeric cells that cut more than one way. */
function proactiveAmbiguous(report: Report): boolean {
  const raw = new Map(report.proactive.map((cell) => [cell.key, cell.raw]));
  return PROACTIVE_TEMPLATE[report.formatVersion].some((band) =>
    band.rows.some((row) => {
      const runs: string[][] = [[]];
      for (const field of row.fields) {
        const text = raw.get(field.key) ?? "";
        if (/\d/.test(text)) runs[runs.length - 1]!.push(text);
        else runs.push([]);
      }
      return runs.some((run) => run.length > 1 && proactiveCuts(run.join(""), run.length, 2) > 1);
    }),
  );
}

/** The digit runs a glued table prints: one per 表三 row, one for all of 表四. */
function gluedDigits(section: TableSection, report: Report): string[] {
  if (section === "applications") return PRINTED_ROWS[report.formatVersion].map((row) => rowValues(report.applications, row).join(""));
  if (section === "reviewLitigation") return [REVIEW_GROUPS.flatMap((g) => REVIEW_FIELDS.map((f) => report.reviewLitigation[g][f] ?? 0)).join("")];
  return report.proactive.map((cell) => cell.raw);
}

const AMBIGUITY: Record<TableSection, (report: Report) => boolean> = {
  proactive: proactiveAmbiguous,
  applications: applicationsAmbiguous,
  reviewLitigation: reviewAmbiguous,
};

// ---------------------------------------------------------------------------------------------
// Comparing what came back with what was rendered

type Problems = string[];

function sameNumber(a: number | null | undefined, b: number | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
}

function compareApplications(expected: Applications, got: Applications): Problems {
  return APPLICATION_ROWS.flatMap((row) =>
    APPLICANT_COLUMNS.filter((column) => !sameNumber(expected[row][column], got[row][column])).map(
      (column) => `applications.${row}.${column}: expected ${expected[row][column]}, got ${got[row][column]}`,
    ),
  );
}

function compareReview(expected: ReviewLitigation, got: ReviewLitigation): Problems {
  return REVIEW_GROUPS.flatMap((group) =>
    REVIEW_FIELDS.filter((field) => !sameNumber(expected[group][field], got[group][field])).map(
      (field) => `reviewLitigation.${group}.${field}: expected ${expected[group][field]}, got ${got[group][field]}`,
    ),
  );
}

function compareProactive(expected: ProactiveCell[], got: ProactiveCell[]): Problems {
  const byKey = new Map(got.map((cell) => [cell.key, cell]));
  const problems = expected.flatMap((cell) => {
    const found = byKey.get(cell.key);
    if (!found) return [`proactive.${cell.key}: missing (raw "${cell.raw}")`];
    const out: string[] = [];
    if (!sameNumber(cell.value, found.value))
      out.push(`proactive.${cell.key}: expected ${cell.value} (raw "${cell.raw}"), got ${found.value} (raw "${found.raw}")`);
    if (cell.unit !== found.unit) out.push(`proactive.${cell.key}: unit ${cell.unit}, got ${found.unit}`);
    return out;
  });
  if (got.length !== expected.length) problems.push(`proactive: ${expected.length} cells expected, got ${got.length}`);
  return problems;
}

function allNull(report: Report, section: TableSection): boolean {
  if (section === "proactive") return report.proactive.every((cell) => cell.value === null);
  if (section === "applications") return APPLICATION_ROWS.every((row) => APPLICANT_COLUMNS.every((c) => report.applications[row][c] === null));
  return REVIEW_GROUPS.every((group) => REVIEW_FIELDS.every((field) => report.reviewLitigation[group][field] === null));
}

/** Non-null values that are not what was printed (never acceptable, ambiguity or not). */
function wrongNumbers(problems: Problems): Problems {
  return problems.filter((problem) => !/got null/.test(problem));
}

function compactText(text: string | null): string {
  return (text ?? "").replace(/\s+/g, "");
}

function identityFlags(report: Report, skip: Set<TableSection>): Set<string> {
  return new Set(
    report.issues
      .filter((issue) => (IDENTITY_CODES as readonly string[]).includes(issue.code))
      .filter((issue) => !skip.has(issue.where.section as TableSection))
      .map((issue) => `${issue.code}|${issue.where.section}|${issue.where.row ?? ""}|${issue.where.column ?? ""}`),
  );
}

/**
 * The generated narrative states the printed figures, so narrative.mismatch is right only where a cell was read
 * as another number than printed (glued digits the text cannot tell apart); anywhere else it is a false alarm.
 */
function falseNarrativeAlarms(expected: Report, got: Report): Problems {
  const readAsPrinted = ({ section, row }: Report["issues"][number]["where"]): boolean => {
    if (section === "applications" && row) return got.applications[row as keyof Applications].total === expected.applications[row as keyof Applications].total;
    if (section === "reviewLitigation") {
      const groups = row ? [row as keyof ReviewLitigation] : (["litigationDirect", "litigationAfterReconsideration"] as const);
      return groups.every((group) => got.reviewLitigation[group].total === expected.reviewLitigation[group].total);
    }
    const value = (report: Report) => report.proactive.find((cell) => cell.key === row)?.value;
    return section === "proactive" && value(got) === value(expected);
  };
  return got.issues
    .filter((issue) => issue.code === "narrative.mismatch" && readAsPrinted(issue.where))
    .map((issue) => `false narrative.mismatch: ${issue.message}`);
}

function compareTable(section: TableSection, expected: Report, got: Report): Problems {
  if (section === "proactive") return compareProactive(expected.proactive, got.proactive);
  if (section === "applications") return compareApplications(expected.applications, got.applications);
  return compareReview(expected.reviewLitigation, got.reviewLitigation);
}

/** How often glued text was read as another reading that keeps every identity the printed values break. */
const INDISTINGUISHABLE = { count: 0 };

function sameDigits(a: Report, b: Report, section: "applications" | "reviewLitigation"): boolean {
  if (section === "reviewLitigation") {
    const digits = (r: Report) => REVIEW_GROUPS.flatMap((g) => REVIEW_FIELDS.map((f) => r.reviewLitigation[g][f] ?? "x")).join("");
    return digits(a) === digits(b);
  }
  return PRINTED_ROWS[a.formatVersion].every(
    (row) => rowValues(a.applications, row).join("") === APPLICANT_COLUMNS.map((c) => b.applications[row][c] ?? "x").join(""),
  );
}

/**
 * Glued digits whose printed values break an identity, read instead as the one split of the same digits
 * that keeps every identity: the text itself cannot tell these apart.
 */
function indistinguishable(section: TableSection, expected: Report, got: Report): boolean {
  if (section === "proactive") return false;
  if (identityKeys(expectedIdentityFlags(expected), section).length === 0) return false;
  return sameDigits(expected, got, section) && identityKeys(expectedIdentityFlags(got), section).length === 0;
}

/**
 * A 表二 row narrowed by the 现行有效 ≥ 本年制发 rule is flagged value.inferred: generated reports need not keep the
 * rule, and a flagged cut may then differ from what was printed.
 */
function inferredRow(got: Report, problem: string): boolean {
  const category = /^proactive\.([a-zA-Z]+)\./.exec(problem)?.[1];
  if (category !== undefined) return got.issues.some((i) => i.code === "value.inferred" && i.where.row?.startsWith(`${category}.`));
  // A 表三 row cut by the fewest broken identities: the generated report broke them on purpose.
  const row = /^applications\.([a-zA-Z]+)\./.exec(problem)?.[1];
  return row !== undefined && got.issues.some((i) => i.code === "value.inferred" && i.where.section === "applications" && i.where.row === row);
}

/**
 * A table may come back empty with `table.ambiguous` when (and only when, for glued text) more than one
 * reading fits; it must never come back with a wrong number.
 */
function checkTable(section: TableSection, layout: Layout, expected: Report, got: Report, skip: Set<TableSection>): Problems {
  const all = compareTable(section, expected, got);
  const problems = all.filter((problem) => !inferredRow(got, problem));
  // A 表三 row read by the fewest broken identities moves the identities the generated report broke: not checked.
  if (section !== "proactive" && problems.length < all.length) skip.add(section);
  // A row the rule narrowed may still be ambiguous; its problems are excused with it.
  const saysAmbiguous = got.issues.some(
    (issue) => issue.code === "table.ambiguous" && issue.where.section === section && !inferredRow(got, `${section}.${issue.where.row ?? ""}`),
  );
  if (problems.length === 0) return saysAmbiguous ? [`${section}: table.ambiguous, yet every value was read`] : [];
  if (layout === "glued" && !saysAmbiguous && indistinguishable(section, expected, got)) {
    skip.add(section);
    INDISTINGUISHABLE.count++;
    return [];
  }
  if (layout !== "glued" || !saysAmbiguous) return problems;
  skip.add(section);
  const wrong = wrongNumbers(problems);
  if (wrong.length > 0) return [`${section}: table.ambiguous, yet wrong numbers kept:`, ...wrong];
  if (section !== "proactive" && !allNull(got, section)) return [`${section}: table.ambiguous but only some values null`, ...problems];
  if (AMBIGUITY[section](expected)) return [];
  return [`${section}: table.ambiguous though only one reading fits; printed digits ${gluedDigits(section, expected).join(" | ")}`, ...problems];
}

function roundTripProblems(report: Report, layout: Layout): Problems {
  const outcome = parseReport(renderReport(report, layout));
  if (!outcome.ok) return [`not parsed: ${outcome.reason}`];
  const got = outcome.report;
  const problems: Problems = [];
  for (const key of ["agency", "year", "formatVersion", "periodStart", "periodEnd"] as const) {
    if (got[key] !== report[key]) problems.push(`${key}: expected ${report[key]}, got ${got[key]}`);
  }
  for (const key of ["overview", "problems", "other"] as const) {
    if (compactText(got.sections[key]) !== compactText(report.sections[key])) {
      problems.push(`sections.${key}: expected "${compactText(report.sections[key])}", got "${compactText(got.sections[key])}"`);
    }
  }
  const skip = new Set<TableSection>();
  for (const section of ["proactive", "applications", "reviewLitigation"] as const) problems.push(...checkTable(section, layout, report, got, skip));
  const expectedFlags = [...expectedIdentityFlags(report)].filter((flag) => !skip.has(flag.split("|")[1] as TableSection));
  const gotFlags = identityFlags(got, skip);
  const missing = expectedFlags.filter((flag) => !gotFlags.has(flag));
  const extra = [...gotFlags].filter((flag) => !expectedFlags.includes(flag));
  if (missing.length) problems.push(`identity issues missing: ${missing.join(", ")}`);
  if (extra.length) problems.push(`identity issues not expected: ${extra.join(", ")}`);
  problems.push(...falseNarrativeAlarms(report, got));
  return problems;
}

/** At most `limit` lines per table, so a failure stays readable. */
function abridged(problems: Problems, limit = 8): Problems {
  const shown = new Map<string, number>();
  const out: Problems = [];
  for (const problem of problems) {
    const table = problem.split(/[.:]/)[0]!;
    const seen = shown.get(table) ?? 0;
    shown.set(table, seen + 1);
    if (seen < limit) out.push(problem);
    else if (seen === limit) out.push(`${table}: … (more)`);
  }
  return out;
}

function assertRoundTrip(report: Report, layout: Layout): void {
  const problems = abridged(roundTripProblems(report, layout));
  if (problems.length > 0) throw new Error(`${layout} ${report.formatVersion} ${report.agency}${report.year}:\n  ${problems.join("\n  ")}`);
}

describe("render → parse round trip", () => {
  for (const layout of LAYOUTS) {
    for (const version of FORMAT_VERSIONS) {
      it(`${layout}, ${version} template (${RUNS} reports)`, { timeout: TIMEOUT }, () => {
        fc.assert(
          fc.property(reportArb({ version }), (report) => assertRoundTrip(report, layout)),
          { numRuns: RUNS },
        );
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Examples: one fixed report in every layout

function fixedReport(version: FormatVersion): Report {
  const rows = new Map<string, number[]>(PRINTED_ROWS[version].map((row) => [row, [0, 0, 0, 0, 0, 0, 0]]));
  rows.set("newReceived", [5, 1, 0, 0, 0, 0, 6]);
  rows.set("carriedOver", [1, 0, 0, 0, 0, 0, 1]);
  rows.set("granted", [2, 1, 0, 0, 0, 0, 3]);
  rows.set("withheldThirdParty", [1, 0, 0, 0, 0, 0, 1]);
  rows.set("unableNotHeld", [2, 0, 0, 0, 0, 0, 2]);
  rows.set("handledTotal", [5, 1, 0, 0, 0, 0, 6]);
  rows.set("carriedForward", [1, 0, 0, 0, 0, 0, 1]);
  const values: Record<string, string> =
    version === "2021"
      ? { "regulations.issued": "1", "normativeDocs.inForce": "不涉及", "punishment.decisions": "4", "fees.amount": "39670元" }
      : { "normativeDocs.created": "3", "licensing.decisions": "不涉及", "procurement.projects": "—", "procurement.amount": "39670元" };
  const proactive = PROACTIVE_TEMPLATE[version].flatMap((band) =>
    band.rows.flatMap((row) =>
      row.fields.map((field): ProactiveCell => {
        const raw = values[field.key] ?? "0";
        const value = raw === "不涉及" || raw === "—" ? null : raw.endsWith("元") ? Number(raw.slice(0, -1)) / 10_000 : Number(raw);
        return { key: field.key, item: band.item, category: row.category, metric: field.metric, unit: field.unit, value, raw };
      }),
    ),
  );
  const review = (values: number[]) => Object.fromEntries(REVIEW_FIELDS.map((field, i) => [field, values[i]!]));
  return {
    agency: "济宁市嘉祥县财政局",
    agencyAsPrinted: "济宁市嘉祥县财政局",
    year: version === "2019" ? 2020 : 2024,
    periodStart: version === "2019" ? "2020-01-01" : "2024-05-29",
    periodEnd: version === "2019" ? "2020-12-31" : "2024-12-31",
    formatVersion: version,
    region: { province: "山东省", city: "济宁市", county: "嘉祥县", code: "370829" },
    source: null,
    proactive,
    applications: applicationsFromRows(version, rows),
    reviewLitigation: {
      reconsideration: review([1, 0, 0, 1, 2]),
      litigationDirect: review([0, 1, 0, 0, 1]),
      litigationAfterReconsideration: review([0, 0, 0, 0, 0]),
    } as ReviewLitigation,
    sections: {
      overview: "（一）主动公开情况。全年主动公开政府信息120条。\n（二）依申请公开情况。共收到申请6件。",
      problems: "一是政策解读形式不够丰富；二是信息发布不够及时。",
      other: "本年度未收取信息处理费。",
    },
    edition: NO_EDITION,
    issues: [],
  };
}

describe("a fixed report in every layout", () => {
  for (const version of FORMAT_VERSIONS) {
    const report = fixedReport(version);
    it(`${version}: the fixed report keeps every identity`, () => {
      expect(expectedIdentityFlags(report).size).toBe(0);
    });
    for (const layout of LAYOUTS) {
      it(`${version} in ${layout}`, () => {
        const text = renderReport(report, layout);
        expect(text.split("\n")[0]).toBe(`${report.agency}${report.year}年政府信息公开工作年度报告`);
        const outcome = parseReport(text);
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) return;
        const got = outcome.report;
        expect(got.formatVersion).toBe(version);
        expect(got.applications.newReceived.total).toBe(6);
        expect(got.applications.unableNotHeld.naturalPerson).toBe(2);
        expect(got.reviewLitigation.reconsideration.total).toBe(2);
        const money = got.proactive.find((cell) => cell.key === (version === "2021" ? "fees.amount" : "procurement.amount"));
        expect(money?.value).toBeCloseTo(3.967, 9);
        expect(money?.unit).toBe("万元");
        const notApplicable = got.proactive.find((cell) => cell.key === (version === "2021" ? "normativeDocs.inForce" : "licensing.decisions"));
        expect(notApplicable?.value).toBeNull();
        expect(roundTripProblems(report, layout)).toEqual([]);
      });
    }
  }

  it("prints the rows of each template", () => {
    const text2021 = renderReport(fixedReport("2021"), "tabs");
    const text2019 = renderReport(fixedReport("2019"), "tabs");
    expect(text2021).toContain("3.其他");
    expect(text2021).not.toContain("第二十条第（九）项");
    expect(text2019).toContain("第二十条第（九）项");
    expect(text2019).not.toContain("3.其他");
    expect(text2019.split("\n").filter((line) => /^\t（六）其他处理\t\t/.test(line))).toHaveLength(1);
  });

  it("puts each whole table on one line when run together", () => {
    const lines = renderReport(fixedReport("2021"), "runTogether").split("\n");
    expect(lines.filter((line) => line.includes("一、本年新收") && line.includes("四、结转下年度继续办理"))).toHaveLength(1);
    const glued = renderReport(fixedReport("2021"), "glued");
    expect(glued).toContain("一、本年新收政府信息公开申请数量5100006二、上年结转");
  });
});

afterAll(() => {
  if (INDISTINGUISHABLE.count > 0)
    console.info(`glued: ${INDISTINGUISHABLE.count} tables read as another split that keeps the identities the printed values break`);
});
