import { issue } from "./issues";
import {
  APPLICANT_COLUMNS,
  type ApplicationRow,
  type Applications,
  type FormatVersion,
  type Issue,
  type OcrReading,
  PRINTED_ROWS,
  type ProactiveCell,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ReviewGroup,
  type ReviewLitigation,
} from "./schema";
import { PROACTIVE_TEMPLATE } from "./template";

/**
 * The flags of a scan read by OCR: each number the parser stored from an OCR reading gets `value.ocr` (with the
 * confidence and the page) beside its cell, and `value.ocrReview` when the reading is to be checked (low confidence,
 * the engines disagreeing) or when its table breaks an identity at that cell. The readings are placed by their offset
 * in the text: a row's numbers are the readings from the offset the parser read the row at, on that line, in column
 * order.
 */

/** Where the parser read each row (表三), each cell's row (表二) and each group (表四): offsets in a part, and the part's start. */
export type NumberOffsets = {
  proactive: [Record<string, number>, number];
  applications: [Partial<Record<ApplicationRow, number>>, number];
  reviewLitigation: [Partial<Record<ReviewGroup, number>>, number];
};

type Where = { section: "proactive" | "applications" | "reviewLitigation"; row?: string; column?: string };

/** The readings of the line holding `at`, from `at` on (a reading that starts up to two characters before counts). */
function lineReadings(text: string, readings: readonly OcrReading[], at: number): OcrReading[] {
  const lineEnd = text.indexOf("\n", at);
  const end = lineEnd < 0 ? text.length : lineEnd;
  return readings.filter((r) => r.at >= at - 2 && r.at < end);
}

/** Cells and the readings at them: in column order when the row holds as many readings as cells, else the row as a whole. */
function place(cells: Where[], found: OcrReading[], rowWhere: Where): [Where, OcrReading][] {
  if (found.length === cells.length) return cells.map((where, i) => [where, found[i]!]);
  return found.map((reading) => [rowWhere, reading]);
}

function placed(text: string, readings: readonly OcrReading[], offsets: NumberOffsets): [Where, OcrReading][] {
  const out: [Where, OcrReading][] = [];
  const [cellAt, proactiveStart] = offsets.proactive;
  const rows = new Map<number, string[]>();
  for (const [key, at] of Object.entries(cellAt)) rows.set(at, [...(rows.get(at) ?? []), key]);
  for (const [at, keys] of rows) {
    const cells = keys.map((row): Where => ({ section: "proactive", row }));
    out.push(...place(cells, lineReadings(text, readings, proactiveStart + at), cells[0]!));
  }
  const [rowAt, applicationsStart] = offsets.applications;
  for (const [row, at] of Object.entries(rowAt)) {
    if (at === undefined) continue;
    const cells = APPLICANT_COLUMNS.map((column): Where => ({ section: "applications", row, column }));
    out.push(...place(cells, lineReadings(text, readings, applicationsStart + at), { section: "applications", row }));
  }
  const [groupAt, reviewLitigationStart] = offsets.reviewLitigation;
  for (const [group, at] of Object.entries(groupAt)) {
    if (at === undefined) continue;
    const cells = REVIEW_FIELDS.map((column): Where => ({ section: "reviewLitigation", row: group, column }));
    const found = readings.filter((r) => r.at >= reviewLitigationStart + at - 2).slice(0, REVIEW_FIELDS.length);
    out.push(...place(cells, found, { section: "reviewLitigation", row: group }));
  }
  return out;
}

/**
 * `value.ocr` and `value.ocrReview` for a report read from a scan. `identities`: the identity flags the checks
 * raised, each repeated as `value.ocrReview` at its cell (a misread digit is the likely cause on a scan).
 */
export function ocrIssues(text: string, readings: readonly OcrReading[], offsets: NumberOffsets, identities: readonly Issue[]): Issue[] {
  if (readings.length === 0) return [];
  const sorted = [...readings].sort((a, b) => a.at - b.at);
  const issues: Issue[] = [];
  for (const [{ section, row, column }, reading] of placed(text, sorted, offsets)) {
    const read = text.slice(reading.at, reading.at + reading.length);
    issues.push(issue("value.ocr", `${read} read by OCR on page ${reading.page}, confidence ${reading.confidence}`, section, row, column));
    if (reading.review)
      issues.push(issue("value.ocrReview", `${read} on page ${reading.page}: ${reading.reason ?? "check it against the scan"}`, section, row, column));
  }
  for (const identity of identities) {
    if (!identity.code.startsWith("identity.") || identity.code === "identity.crossYear") continue;
    const { section, row, column } = identity.where;
    issues.push(issue("value.ocrReview", `read by OCR and ${identity.code} does not hold: check the cells against the scan`, section, row, column));
  }
  return issues;
}

/** The tables of a report read from a scan, and the templates they follow. */
export type ScanTables = {
  proactive: readonly ProactiveCell[];
  proactiveVersion: FormatVersion;
  applications: Applications;
  formatVersion: FormatVersion;
  reviewLitigation: ReviewLitigation;
};

const UNREAD = "expected by the template, no number read by OCR: check the scan";

/**
 * `value.ocrReview` at every cell the template prints that a scan's reading left without a number: a 表二 cell not
 * found or empty (one printed 不涉及, 无 or — is read), a 表三 row or a 表四 group with no number. On a scan a missing
 * cell is more often a rule or a label the OCR missed than a blank in the report, so it is never left silent.
 */
export function unreadCells(tables: ScanTables): Issue[] {
  const issues: Issue[] = [];
  const byKey = new Map(tables.proactive.map((cell) => [cell.key, cell]));
  for (const band of PROACTIVE_TEMPLATE[tables.proactiveVersion])
    for (const row of band.rows)
      for (const { key } of row.fields) {
        const cell = byKey.get(key);
        if (!cell || (cell.value === null && cell.raw.trim() === ""))
          issues.push(issue("value.ocrReview", `表二 ${row.category}: ${UNREAD}`, "proactive", key));
      }
  for (const row of PRINTED_ROWS[tables.formatVersion]) {
    const values = tables.applications[row];
    const unread = APPLICANT_COLUMNS.filter((column) => values[column] === null);
    if (unread.length === APPLICANT_COLUMNS.length) issues.push(issue("value.ocrReview", `表三 row ${row}: ${UNREAD}`, "applications", row));
    else for (const column of unread) issues.push(issue("value.ocrReview", `表三 ${row}.${column}: ${UNREAD}`, "applications", row, column));
  }
  for (const group of REVIEW_GROUPS) {
    const values = tables.reviewLitigation[group];
    const unread = REVIEW_FIELDS.filter((field) => values[field] === null);
    if (unread.length === REVIEW_FIELDS.length) issues.push(issue("value.ocrReview", `表四 ${group}: ${UNREAD}`, "reviewLitigation", group));
    else for (const field of unread) issues.push(issue("value.ocrReview", `表四 ${group}.${field}: ${UNREAD}`, "reviewLitigation", group, field));
  }
  return issues;
}
