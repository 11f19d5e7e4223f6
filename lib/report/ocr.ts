import { issue } from "./issues";
import { APPLICANT_COLUMNS, type ApplicationRow, type Issue, type OcrReading, REVIEW_FIELDS, type ReviewGroup } from "./schema";

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
