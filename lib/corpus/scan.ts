import { cellPath } from "../report/issues";
import { APPLICANT_COLUMNS, type Issue, PRINTED_ROWS, REVIEW_FIELDS, REVIEW_GROUPS, type Report } from "../report/schema";
import { compareWithGolden, type Golden, type Parsed } from "./golden";

/**
 * A scan measured against the document it was made from: every table cell of the scan's OCR reading compared with
 * the original's text-layer reading (the truth), and each cell that differs checked for a flag that sends a reader
 * to the scan (value.ocrReview at the cell, or an identity, table or inference flag in its table). Pure.
 */
export type ScanScore = {
  cells: number;
  exact: number;
  /** Cells flagged for review (value.ocrReview, an identity, table or inference flag), right or wrong. */
  flagged: number;
  /** Cells that differ from the truth (a wrong number or one not stored). */
  wrong: number;
  /** Those cells, `path: read ≠ truth`. */
  wrongCells: string[];
  /** Of those, the ones without a flag: a scan reading must never be wrong and silent. */
  wrongSilent: string[];
  /** Facts (agency, year, period, template) that differ, or the refusal. */
  factsWrong: string[];
};

/** The truth as a golden file: the original's reading, every cell and fact. */
export function goldenOf(truth: Report, file: string): Golden {
  return {
    outcome: "report",
    file,
    agency: truth.agency,
    year: truth.year,
    periodStart: truth.periodStart,
    periodEnd: truth.periodEnd,
    formatVersion: truth.formatVersion,
    region: truth.region,
    proactive: Object.fromEntries(truth.proactive.map((c) => [c.key, c.value])),
    applications: Object.fromEntries(
      PRINTED_ROWS[truth.formatVersion].map((row) => [row, APPLICANT_COLUMNS.map((column) => truth.applications[row]?.[column] ?? null)]),
    ),
    reviewLitigation: REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => truth.reviewLitigation[group][field])),
    flags: [],
    narrativeMismatches: [],
    notes: [],
  };
}

const REVIEW_CODES = /^(value\.ocrReview|value\.inferred|table\.|identity\.(?!crossYear))/;

/** A flag that sends a reader of this cell to the scan: value.ocrReview at the cell (or its row), or a table-wide one. */
function reviewFlagged(issues: Issue[], path: string): boolean {
  const [section, row] = path.split(".");
  return issues.some((i) => {
    if (!REVIEW_CODES.test(i.code)) return false;
    const at = cellPath(i.where);
    if (i.code === "value.ocrReview")
      return at === path || at === `${section}.${row}` || at === section || (section === "proactive" && path.startsWith(`${at}.`));
    return i.where.section === section;
  });
}

export function scoreScan(truth: Report, scan: Parsed, file: string): ScanScore {
  const comparison = compareWithGolden(goldenOf(truth, file), scan);
  const issues = scan.ok ? scan.report.issues : [];
  const factsWrong = scan.ok ? comparison.factsWrong.filter((f) => !f.startsWith("region")) : [`refused: ${scan.reason}`];
  const cells = comparison.cells;
  const flagged = cells.filter((c) => reviewFlagged(issues, c.path));
  const wrong = cells.filter((c) => c.verdict !== "exact");
  return {
    cells: cells.length,
    exact: cells.length - wrong.length,
    flagged: flagged.length,
    wrong: wrong.length,
    wrongCells: wrong.map((c) => `${c.path}: ${c.actual} ≠ ${c.expected}`),
    wrongSilent: wrong.filter((c) => !reviewFlagged(issues, c.path)).map((c) => `${c.path}: ${c.actual} ≠ ${c.expected}`),
    factsWrong,
  };
}
