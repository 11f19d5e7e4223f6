import type { Issue, IssueCode, SectionName } from "./schema";

type Severity = Issue["severity"];

const SEVERITY: Record<IssueCode, Severity> = {
  "identity.balance": "warning",
  "identity.rowTotal": "warning",
  "identity.handledSum": "warning",
  "identity.reviewTotal": "warning",
  "identity.crossYear": "warning",
  "label.variant": "info",
  "table.extraCells": "warning",
  "table.missingCells": "warning",
  "table.ambiguous": "error",
  "value.notApplicable": "info",
  "section.missing": "warning",
  "period.partial": "info",
  "region.ambiguous": "warning",
  "region.unknown": "info",
  "value.implausible": "warning",
  "narrative.mismatch": "warning",
  "report.yearConflict": "warning",
  "value.notCount": "warning",
  "value.inferred": "warning",
  "table.duplicateRow": "warning",
  "revision.undecided": "warning",
  "value.ocr": "info",
  "value.ocrReview": "warning",
};

export function issue(code: IssueCode, message: string, section: SectionName, row?: string, column?: string): Issue {
  const where: Issue["where"] = { section };
  if (row !== undefined) where.row = row;
  if (column !== undefined) where.column = column;
  return { code, severity: SEVERITY[code], message, where };
}

/** `applications.granted.total`: the dotted path of the cell an issue concerns. */
export function cellPath(where: Issue["where"]): string {
  return [where.section, where.row, where.column].filter(Boolean).join(".");
}
