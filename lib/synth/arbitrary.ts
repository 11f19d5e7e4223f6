import { NO_EDITION } from "../../lib/report/edition";
import fc from "fast-check";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  OTHER_SUB_ROWS,
  PRINTED_ROWS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ApplicantColumn,
  type ApplicationRow,
  type ApplicationRowValues,
  type Applications,
  type FormatVersion,
  type ProactiveCell,
  type Region,
  type Report,
  type ReviewGroupValues,
  type ReviewLitigation,
  type Sections,
} from "../report/schema";
import { PROACTIVE_TEMPLATE, type ProactiveField } from "../report/template";
import { LOCAL_DEPARTMENTS, MUNICIPALITIES, PROVINCE_DEPARTMENTS, SEATS, type Seat } from "./places";

/** fast-check arbitraries for Reports of both template versions, and the identity checks they break. */

// ---------------------------------------------------------------------------------------------
// Agencies: real places from the GB/T 2260 gazetteer

export type Agency = { agency: string; region: Region };

function seatAgency(seats: Seat[]): fc.Arbitrary<Agency> {
  return fc.tuple(fc.integer({ min: 0, max: seats.length - 1 }), fc.nat()).map(([index, pick]) => {
    const seat = seats[index]!;
    const provinceLevel = seat.level === "province" && !MUNICIPALITIES.has(seat.region.code!.slice(0, 2));
    const departments = provinceLevel ? PROVINCE_DEPARTMENTS : LOCAL_DEPARTMENTS;
    return { agency: `${seat.prefix}${departments[pick % departments.length]}`, region: seat.region };
  });
}

export const agencyArb: fc.Arbitrary<Agency> = fc.oneof(
  { weight: 5, arbitrary: seatAgency(SEATS.county) },
  { weight: 3, arbitrary: seatAgency(SEATS.city) },
  { weight: 1, arbitrary: seatAgency(SEATS.province) },
);

// ---------------------------------------------------------------------------------------------
// Year, version, period

export const yearArb = fc.integer({ min: 2019, max: 2025 });

/** Usually the template in force that year, sometimes the other one: the parser must read it from the tables. */
export function versionArb(year: number): fc.Arbitrary<FormatVersion> {
  const usual: FormatVersion = year <= 2020 ? "2019" : "2021";
  const other: FormatVersion = usual === "2019" ? "2021" : "2019";
  return fc.oneof({ weight: 4, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constant(other) });
}

function isoDay(year: number, dayOfYear: number): string {
  return new Date(Date.UTC(year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

function daysIn(year: number): number {
  return (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
}

/** The whole year, or a part of it (a centre set up mid-year, an agency merged away). */
export function periodArb(year: number): fc.Arbitrary<{ periodStart: string; periodEnd: string }> {
  const last = daysIn(year) - 1;
  const whole = fc.constant({ periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` });
  const lateStart = fc.integer({ min: 1, max: last }).map((start) => ({ periodStart: isoDay(year, start), periodEnd: `${year}-12-31` }));
  const range = fc
    .tuple(fc.integer({ min: 0, max: last }), fc.integer({ min: 0, max: last }))
    .filter(([a, b]) => a !== b)
    .map(([a, b]) => ({ periodStart: isoDay(year, Math.min(a, b)), periodEnd: isoDay(year, Math.max(a, b)) }))
    .filter((p) => !(p.periodStart.endsWith("-01-01") && p.periodEnd.endsWith("-12-31")));
  return fc.oneof({ weight: 8, arbitrary: whole }, { weight: 2, arbitrary: lateStart }, { weight: 1, arbitrary: range });
}

// ---------------------------------------------------------------------------------------------
// Magnitudes

export type Activity = "none" | "quiet" | "busy";
export const activityArb: fc.Arbitrary<Activity> = fc.constantFrom("none", "quiet", "quiet", "busy");

/** Mostly 0–20, sometimes hundreds or thousands; most cells of a real table are 0. */
function countArb(activity: Activity, sparse: boolean): fc.Arbitrary<number> {
  if (activity === "none") return fc.constant(0);
  return fc.oneof(
    { weight: sparse ? 12 : 4, arbitrary: fc.constant(0) },
    { weight: 4, arbitrary: fc.integer({ min: 1, max: 20 }) },
    { weight: activity === "busy" ? 2 : 0, arbitrary: fc.integer({ min: 21, max: 9999 }) },
  );
}

// ---------------------------------------------------------------------------------------------
// 表三: applications

/** The rows summed into （七）总计, as the template prints them (2021: the three sub-rows; 2019: otherTotal). */
function handledRows(version: FormatVersion): ApplicationRow[] {
  return PRINTED_ROWS[version].filter((row) => !["newReceived", "carriedOver", "handledTotal", "carriedForward"].includes(row));
}

const SIX = APPLICANT_COLUMNS.filter((column) => column !== "total");

function emptyApplications(): Applications {
  const nulls = (): ApplicationRowValues => Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, null])) as ApplicationRowValues;
  return Object.fromEntries(APPLICATION_ROWS.map((row) => [row, nulls()])) as Applications;
}

/** One applicant column where every identity holds. */
function consistentColumnArb(version: FormatVersion, activity: Activity, sparse: boolean): fc.Arbitrary<Partial<Record<ApplicationRow, number>>> {
  const silent = fc.constant<Activity>("none");
  const columnActivity = sparse ? fc.oneof({ weight: 3, arbitrary: silent }, { weight: 1, arbitrary: fc.constant(activity) }) : fc.constant(activity);
  return columnActivity.chain((active) => activeColumnArb(version, active, sparse));
}

function activeColumnArb(version: FormatVersion, activity: Activity, sparse: boolean): fc.Arbitrary<Partial<Record<ApplicationRow, number>>> {
  const rows = handledRows(version);
  return fc
    .tuple(
      fc.array(countArb(activity, true), { minLength: rows.length, maxLength: rows.length }),
      countArb(activity, sparse),
      countArb(activity, true),
      countArb(activity, true),
    )
    .map(([handled, granted, carriedOver, carriedForward]) => {
      const values: Partial<Record<ApplicationRow, number>> = {};
      rows.forEach((row, i) => (values[row] = handled[i]!));
      values.granted = granted;
      const handledTotal = rows.reduce((sum, row) => sum + values[row]!, 0);
      const newReceived = Math.max(0, handledTotal + carriedForward - carriedOver);
      return { ...values, handledTotal, carriedForward, carriedOver: handledTotal + carriedForward - newReceived, newReceived };
    });
}

/** Fill the derived cells: total = sum of the six columns; 2021 otherTotal = sum of the three sub-rows. */
function completeApplications(applications: Applications, version: FormatVersion): Applications {
  for (const row of APPLICATION_ROWS) {
    const values = applications[row];
    if (version === "2019" && (OTHER_SUB_ROWS as readonly string[]).includes(row)) continue;
    if (version === "2021" && row === "otherTotal") continue;
    if (values.total === null) values.total = SIX.reduce((sum, column) => sum + (values[column] ?? 0), 0);
  }
  if (version === "2021") deriveOtherTotal(applications);
  return applications;
}

function deriveOtherTotal(applications: Applications): void {
  for (const column of APPLICANT_COLUMNS) {
    applications.otherTotal[column] = OTHER_SUB_ROWS.reduce((sum, row) => sum + (applications[row][column] ?? 0), 0);
  }
}

export type CellChange = { row: ApplicationRow; column: ApplicantColumn; delta: number };

function changeArb<T>(pick: fc.Arbitrary<T>): fc.Arbitrary<T & { delta: number }> {
  return fc.tuple(pick, fc.oneof(fc.integer({ min: -3, max: -1 }), fc.integer({ min: 1, max: 12 }))).map(([where, delta]) => ({ ...where, delta }));
}

function applicationChangesArb(version: FormatVersion): fc.Arbitrary<CellChange[]> {
  const change = changeArb(fc.record({ row: fc.constantFrom(...PRINTED_ROWS[version]), column: fc.constantFrom(...APPLICANT_COLUMNS) }));
  return fc.oneof(
    { weight: 7, arbitrary: fc.constant<CellChange[]>([]) },
    { weight: 3, arbitrary: fc.array(change, { minLength: 1, maxLength: 1 }) },
    { weight: 1, arbitrary: fc.array(change, { minLength: 2, maxLength: 3 }) },
  );
}

/** A changed cell never goes below zero: a negative delta that would is applied upwards instead. */
function shifted(value: number, delta: number): number {
  return value + delta >= 0 ? value + delta : value - delta;
}

function applyApplicationChanges(applications: Applications, version: FormatVersion, changes: CellChange[]): Applications {
  for (const { row, column, delta } of changes) {
    applications[row][column] = shifted(applications[row][column] ?? 0, delta);
  }
  if (version === "2021") deriveOtherTotal(applications);
  return applications;
}

export function applicationsArb(version: FormatVersion, activity: Activity): fc.Arbitrary<Applications> {
  const columns = fc.tuple(...SIX.map((column) => consistentColumnArb(version, activity, column !== "naturalPerson")));
  return fc.tuple(columns, applicationChangesArb(version)).map(([byColumn, changes]) => {
    const applications = emptyApplications();
    SIX.forEach((column, i) => {
      for (const [row, value] of Object.entries(byColumn[i]!)) applications[row as ApplicationRow][column] = value;
    });
    completeApplications(applications, version);
    return applyApplicationChanges(applications, version, changes);
  });
}

// ---------------------------------------------------------------------------------------------
// 表四: reconsideration and litigation (reviewLitigation)

function reviewGroupArb(activity: Activity): fc.Arbitrary<ReviewGroupValues> {
  const n = countArb(activity === "busy" ? "quiet" : activity, true);
  return fc.tuple(n, n, n, n).map(([upheld, corrected, other, pending]) => ({
    upheld,
    corrected,
    other,
    pending,
    total: upheld + corrected + other + pending,
  }));
}

export function reviewLitigationArb(activity: Activity): fc.Arbitrary<ReviewLitigation> {
  const groups = fc.tuple(...REVIEW_GROUPS.map(() => reviewGroupArb(activity)));
  const change = changeArb(fc.record({ group: fc.constantFrom(...REVIEW_GROUPS), field: fc.constantFrom(...REVIEW_FIELDS) }));
  const changes = fc.oneof({ weight: 7, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(change, { minLength: 1, maxLength: 2 }) });
  return fc.tuple(groups, changes).map(([values, edits]) => {
    const reviewLitigation = Object.fromEntries(REVIEW_GROUPS.map((group, i) => [group, values[i]!])) as ReviewLitigation;
    for (const { group, field, delta } of edits) reviewLitigation[group][field] = shifted(reviewLitigation[group][field] ?? 0, delta);
    return reviewLitigation;
  });
}

// ---------------------------------------------------------------------------------------------
// 表二: proactive disclosure

export const NOT_APPLICABLE_RAWS = ["不涉及", "无", "—", "/", ""] as const;

type Printed = { value: number | null; raw: string };

const notApplicableArb: fc.Arbitrary<Printed> = fc.constantFrom(...NOT_APPLICABLE_RAWS).map((raw) => ({ value: null, raw }));

function plainCountArb(activity: Activity): fc.Arbitrary<Printed> {
  return countArb(activity === "none" ? "quiet" : activity, false).map((value) => ({ value, raw: String(value) }));
}

/** 本年增/减: signed, printed `-3`, `+2` or `2`. */
const changeCountArb: fc.Arbitrary<Printed> = fc
  .tuple(fc.integer({ min: -30, max: 30 }), fc.boolean())
  .map(([value, plus]) => ({ value, raw: value > 0 && plus ? `+${value}` : String(value) }));

/** Money in 万元: `39670元` → 3.967, `12.5万元` → 12.5, and a bare `12.5` only under a 万元 header. */
function moneyArb(bareIsWan: boolean): fc.Arbitrary<Printed> {
  const yuan = fc.integer({ min: 1, max: 50_000_000 }).map((y) => ({ value: y / 10_000, raw: `${y}元` }));
  const wanValue = fc.integer({ min: 1, max: 1_000_000 }).map((cents) => cents / 100);
  const wan = wanValue.map((value) => ({ value, raw: `${value}万元` }));
  const bare = wanValue.map((value) => ({ value, raw: String(value) }));
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant({ value: 0, raw: "0" }) },
    { weight: 2, arbitrary: yuan },
    { weight: 1, arbitrary: wan },
    { weight: bareIsWan ? 2 : 0, arbitrary: bare },
  );
}

function printedArb(field: ProactiveField, version: FormatVersion, activity: Activity): fc.Arbitrary<Printed> {
  const printed = field.unit === "万元" ? moneyArb(version === "2021") : field.key.endsWith(".change") ? changeCountArb : plainCountArb(activity);
  return fc.oneof({ weight: 5, arbitrary: printed }, { weight: 1, arbitrary: notApplicableArb });
}

export function proactiveArb(version: FormatVersion, activity: Activity): fc.Arbitrary<ProactiveCell[]> {
  const cells = PROACTIVE_TEMPLATE[version].flatMap((band) =>
    band.rows.flatMap((row) =>
      row.fields.map((field) =>
        printedArb(field, version, activity).map(
          ({ value, raw }): ProactiveCell => ({ key: field.key, item: band.item, category: row.category, metric: field.metric, unit: field.unit, value, raw }),
        ),
      ),
    ),
  );
  return fc.tuple(...cells);
}

// ---------------------------------------------------------------------------------------------
// Narrative sections (no dates, no section headings, no 统计期限: those belong to the skeleton)

function sentencesArb(pool: ((n: number) => string)[], min: number, max: number): fc.Arbitrary<string> {
  return fc
    .uniqueArray(fc.tuple(fc.integer({ min: 0, max: pool.length - 1 }), fc.integer({ min: 1, max: 400 })), {
      minLength: min,
      maxLength: max,
      selector: ([index]) => index,
    })
    .map((picks) => [...picks].sort(([a], [b]) => a - b))
    .map((picks) => picks.map(([index, n]) => pool[index]!(n)).join("\n"));
}

/** The printed figures of the tables a generated narrative states, so that every report exercises the narrative check. */
export type StatedFigures = {
  received: number | null;
  handled: number | null;
  carriedForward: number | null;
  reconsideration: number | null;
  litigation: number | null;
  normativeDocsIssued: number | null;
  normativeDocsInForce: number | null;
};

export function statedFigures(applications: Applications, reviewLitigation: ReviewLitigation, proactive: ProactiveCell[]): StatedFigures {
  const cell = (key: string) => proactive.find((c) => c.key === key)?.value ?? null;
  const { litigationDirect, litigationAfterReconsideration } = reviewLitigation;
  return {
    received: applications.newReceived.total,
    handled: applications.handledTotal.total,
    carriedForward: applications.carriedForward.total,
    reconsideration: reviewLitigation.reconsideration.total,
    litigation:
      litigationDirect.total === null || litigationAfterReconsideration.total === null ? null : litigationDirect.total + litigationAfterReconsideration.total,
    normativeDocsIssued: cell("normativeDocs.issued"),
    normativeDocsInForce: cell("normativeDocs.inForce"),
  };
}

const CHINESE_DIGITS = "零一二三四五六七八九";

/** A count as a report may print it: in digits, or (picked by `n`) in Chinese numerals when below 100 (十四, 两). */
function printedCount(value: number, n: number): string {
  if (n % 3 !== 0 || value >= 100) return String(value);
  if (value === 2 && n % 2 === 0) return "两";
  const [tens, units] = [Math.floor(value / 10), value % 10];
  if (tens === 0) return CHINESE_DIGITS[units]!;
  return `${tens === 1 ? "" : CHINESE_DIGITS[tens]}十${units === 0 ? "" : CHINESE_DIGITS[units]}`;
}

function applicationsSentence(stated: StatedFigures, n: number): string {
  const { received, handled, carriedForward } = stated;
  if (received === null) return "（二）依申请公开情况。严格按照法定程序和时限办理政府信息公开申请。";
  if (received === 0 && n % 2 === 0) return "（二）依申请公开情况。本年度未收到政府信息公开申请。";
  const clauses = [`全年共收到政府信息公开申请${printedCount(received, n)}件`];
  if (handled !== null) clauses.push(`办结${printedCount(handled, n)}件`);
  if (carriedForward !== null) clauses.push(`结转下年度继续办理${printedCount(carriedForward, n)}件`);
  return `（二）依申请公开情况。${clauses.join("，")}。`;
}

function reviewLitigationSentence({ reconsideration, litigation }: StatedFigures, n: number): string {
  if (reconsideration === 0 && litigation === 0) return "（六）复议诉讼情况。未发生因政府信息公开引起的行政复议和行政诉讼。";
  if (reconsideration === null || litigation === null) return "（六）复议诉讼情况。依法应对政府信息公开行政复议和行政诉讼。";
  return `（六）复议诉讼情况。因政府信息公开引起行政复议${printedCount(reconsideration, n)}件、行政诉讼${printedCount(litigation, n)}件。`;
}

function normativeDocsSentence({ normativeDocsIssued, normativeDocsInForce }: StatedFigures): string {
  if (normativeDocsIssued === null || normativeDocsInForce === null) return "（七）规范性文件管理。及时更新行政规范性文件库。";
  return `（七）规范性文件管理。本年度制发行政规范性文件${normativeDocsIssued}件，现行有效件数${normativeDocsInForce}件。`;
}

function overviewPool(agency: string, year: number, stated: StatedFigures | null): ((n: number) => string)[] {
  const figures = stated
    ? [(n: number) => applicationsSentence(stated, n), (n: number) => reviewLitigationSentence(stated, n), () => normativeDocsSentence(stated)]
    : [];
  return [
    () => `${year}年，${agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，持续推进政务公开工作。`,
    (n) => `（一）主动公开情况。全年通过政府门户网站主动公开政府信息${n}条，其中政策文件${n % 17}件，政策解读${n % 9}篇。`,
    () => `（二）依申请公开情况。严格按照法定程序和时限办理政府信息公开申请，答复规范率达到100%。`,
    () => `（三）政府信息管理。严格落实保密审查制度，做到“涉密不上网，上网不涉密”，动态更新主动公开目录。`,
    (n) => `（四）平台建设。持续优化政府信息公开专栏，政务新媒体全年发布信息${n}条。`,
    (n) => `（五）监督保障。调整政务公开工作领导小组，组织开展政务公开业务培训${(n % 6) + 1}次。`,
    ...figures,
  ];
}

function problemsPool(year: number): ((n: number) => string)[] {
  return [
    () => `${year}年政务公开工作取得一定成效，但仍存在一些不足：一是政策解读形式不够丰富；二是信息发布的及时性有待提高。`,
    () => `下一步，将进一步加强业务培训，提升工作人员的业务能力和水平，推动政务公开工作规范化、标准化。`,
    () => `上年度问题整改情况：已完成政务公开专栏的栏目调整，进一步规范了信息发布流程。`,
    (n) => `针对群众关注的热点问题，计划新增解读材料${(n % 30) + 1}篇，提高回应的针对性。`,
  ];
}

function otherPool(year: number): ((n: number) => string)[] {
  return [
    () => `（一）政府信息公开信息处理费收取情况。本年度未收取信息处理费。`,
    (n) => `（二）人大代表建议和政协提案办理情况。${year}年共承办人大代表建议${n % 20}件、政协提案${n % 13}件，均已按时办结。`,
    () => `（三）落实上级年度政务公开工作要点情况。对照年度工作要点逐项抓好落实，各项任务均已完成。`,
    () => `无其他需要报告的事项。`,
  ];
}

/** With `stated`, the overview may also state the tables' figures (as printed). */
export function sectionsArb(agency: string, year: number, stated: StatedFigures | null = null): fc.Arbitrary<Sections> {
  return fc.record({
    overview: sentencesArb(overviewPool(agency, year, stated), 1, stated ? 8 : 6),
    problems: sentencesArb(problemsPool(year), 1, 4),
    other: sentencesArb(otherPool(year), 1, 3),
  });
}

// ---------------------------------------------------------------------------------------------
// Reports

export function reportArb(options: { version?: FormatVersion } = {}): fc.Arbitrary<Report> {
  return fc.tuple(agencyArb, yearArb, activityArb).chain(([agency, year, activity]) =>
    (options.version === undefined ? versionArb(year) : fc.constant(options.version)).chain((version) =>
      fc
        .record({
          period: periodArb(year),
          proactive: proactiveArb(version, activity),
          applications: applicationsArb(version, activity),
          reviewLitigation: reviewLitigationArb(activity),
        })
        .chain((tables) =>
          sectionsArb(agency.agency, year, statedFigures(tables.applications, tables.reviewLitigation, tables.proactive)).map((sections) => ({
            ...tables,
            sections,
          })),
        )
        .map(
          (parts): Report => ({
            agency: agency.agency,
            agencyAsPrinted: agency.agency,
            year,
            ...parts.period,
            formatVersion: version,
            region: agency.region,
            source: null,
            proactive: parts.proactive,
            applications: parts.applications,
            reviewLitigation: parts.reviewLitigation,
            sections: parts.sections,
            edition: NO_EDITION,
            issues: [],
          }),
        ),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Expected identity issues, computed independently of the parser

export const IDENTITY_CODES = ["identity.rowTotal", "identity.handledSum", "identity.balance", "identity.reviewTotal"] as const;

function flag(code: string, section: string, row: string, column: string): string {
  return `${code}|${section}|${row}|${column}`;
}

function sum(values: (number | null)[]): number {
  return values.reduce<number>((total, value) => total + (value ?? 0), 0);
}

/** `code|section|row|column` for every identity of dictionary §6 the report's values break. */
export function expectedIdentityFlags(report: Report): Set<string> {
  const flags = new Set<string>();
  const a = report.applications;
  for (const row of PRINTED_ROWS[report.formatVersion]) {
    if (a[row].total !== sum(SIX.map((column) => a[row][column]))) flags.add(flag("identity.rowTotal", "applications", row, "total"));
  }
  const summed: ApplicationRow[] = [
    ...handledRows("2019"), // granted … rejectedConfirmation, otherTotal: never the 2021 sub-rows as well
  ];
  for (const column of APPLICANT_COLUMNS) {
    if (a.handledTotal[column] !== sum(summed.map((row) => a[row][column]))) {
      flags.add(flag("identity.handledSum", "applications", "handledTotal", column));
    }
    const inflow = sum([a.newReceived[column], a.carriedOver[column]]);
    const outflow = sum([a.handledTotal[column], a.carriedForward[column]]);
    if (inflow !== outflow) flags.add(flag("identity.balance", "applications", "carriedForward", column));
  }
  for (const group of REVIEW_GROUPS) {
    const values = report.reviewLitigation[group];
    if (values.total !== sum([values.upheld, values.corrected, values.other, values.pending])) {
      flags.add(flag("identity.reviewTotal", "reviewLitigation", group, "total"));
    }
  }
  return flags;
}
