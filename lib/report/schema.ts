import { z } from "zod";

/** The single source of the report type: every key and issue code of shared/DATA-DICTIONARY.md. */

export const FORMAT_VERSIONS = ["2019", "2021"] as const;
export type FormatVersion = (typeof FORMAT_VERSIONS)[number];

/** 表三 columns, in printed order. */
export const APPLICANT_COLUMNS = ["naturalPerson", "business", "research", "nonprofit", "legal", "otherOrg", "total"] as const;
export type ApplicantColumn = (typeof APPLICANT_COLUMNS)[number];

/** 表三 rows (dictionary §4), in printed order of the 2021 template. */
export const APPLICATION_ROWS = [
  "newReceived",
  "carriedOver",
  "granted",
  "partiallyGranted",
  "withheldStateSecret",
  "withheldLawProhibited",
  "withheldSecurityStability",
  "withheldThirdParty",
  "withheldInternalAffairs",
  "withheldProcessInfo",
  "withheldEnforcementFile",
  "withheldQueryMatter",
  "unableNotHeld",
  "unableNeedsCreation",
  "unableUnclear",
  "rejectedComplaint",
  "rejectedDuplicate",
  "rejectedPublication",
  "rejectedExcessive",
  "rejectedConfirmation",
  "otherNoCorrection",
  "otherNoFee",
  "otherOther",
  "otherTotal",
  "handledTotal",
  "carriedForward",
] as const;
export type ApplicationRow = (typeof APPLICATION_ROWS)[number];

/** The three sub-rows of （六）其他处理 that only the 2021 template prints. */
export const OTHER_SUB_ROWS = ["otherNoCorrection", "otherNoFee", "otherOther"] as const satisfies readonly ApplicationRow[];

/** The rows each template prints, in order: 25 for 2021, 23 for 2019 (otherTotal is derived in 2021). */
export const PRINTED_ROWS: Record<FormatVersion, readonly ApplicationRow[]> = {
  "2021": APPLICATION_ROWS.filter((row) => row !== "otherTotal"),
  "2019": APPLICATION_ROWS.filter((row) => !(OTHER_SUB_ROWS as readonly string[]).includes(row)),
};

export const REVIEW_GROUPS = ["reconsideration", "litigationDirect", "litigationAfterReconsideration"] as const;
export type ReviewGroup = (typeof REVIEW_GROUPS)[number];
export const REVIEW_FIELDS = ["upheld", "corrected", "other", "pending", "total"] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];

export const ISSUE_CODES = [
  "identity.balance",
  "identity.rowTotal",
  "identity.handledSum",
  "identity.reviewTotal",
  "label.variant",
  "table.extraCells",
  "value.notApplicable",
  "section.missing",
  "period.partial",
  // Beyond the dictionary: what the parser also has to say.
  "table.missingCells",
  "table.ambiguous",
  "region.ambiguous",
  "region.unknown",
  "identity.crossYear",
  // A number above the thresholds of checks/plausible.ts (a misread, never a real count).
  "value.implausible",
  // Real reports (tests/fixtures/real): a narrative figure that contradicts its cell, a text naming another
  // report year than its title, and a decimal or negative number printed where a count belongs.
  "narrative.mismatch",
  "report.yearConflict",
  "value.notCount",
  // Glued 表二 digits cut by a rule that holds as a rule, not as an identity (现行有效 ≥ 本年制发): stored, check them.
  "value.inferred",
  // A 表三 row printed twice (an erratum row, a repeated page).
  "table.duplicateRow",
  // Two files for one agency and year whose dates and marks do not say which is the later edition (set by the store).
  "revision.undecided",
  // A scan read by OCR: every number so read (with the engine's confidence), and those to check against the scan
  // (low confidence, the two engines disagreeing, or an identity broken).
  "value.ocr",
  "value.ocrReview",
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/**
 * A number a scan's OCR read (lib/ingest/ocr-*.ts), handed to the parser with the text: `text.slice(at, at + length)`
 * is it, `confidence` the digits engine's (0–100), `review` set when it is not to be trusted as it stands (`reason`).
 */
export type OcrReading = { at: number; length: number; page: number; confidence: number; review: boolean; reason: string | null };

export const SECTION_NAMES = ["report", "proactive", "applications", "reviewLitigation", "region", "period", "sections"] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

export const IssueSchema = z.object({
  code: z.enum(ISSUE_CODES),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  /** The cell an issue concerns: `applications.granted.total` is { section: "applications", row: "granted", column: "total" }. */
  where: z.object({
    section: z.enum(SECTION_NAMES),
    row: z.string().optional(),
    column: z.string().optional(),
  }),
});
export type Issue = z.infer<typeof IssueSchema>;

const count = z.number().nullable();

const columnShape = Object.fromEntries(APPLICANT_COLUMNS.map((column) => [column, count])) as Record<ApplicantColumn, typeof count>;
export const ApplicationRowValuesSchema = z.object(columnShape);
export type ApplicationRowValues = z.infer<typeof ApplicationRowValuesSchema>;

const rowShape = Object.fromEntries(APPLICATION_ROWS.map((row) => [row, ApplicationRowValuesSchema])) as Record<
  ApplicationRow,
  typeof ApplicationRowValuesSchema
>;
export const ApplicationsSchema = z.object(rowShape);
export type Applications = z.infer<typeof ApplicationsSchema>;

const fieldShape = Object.fromEntries(REVIEW_FIELDS.map((field) => [field, count])) as Record<ReviewField, typeof count>;
export const ReviewGroupValuesSchema = z.object(fieldShape);
export type ReviewGroupValues = z.infer<typeof ReviewGroupValuesSchema>;

const groupShape = Object.fromEntries(REVIEW_GROUPS.map((group) => [group, ReviewGroupValuesSchema])) as Record<ReviewGroup, typeof ReviewGroupValuesSchema>;
export const ReviewLitigationSchema = z.object(groupShape);
export type ReviewLitigation = z.infer<typeof ReviewLitigationSchema>;

export const PROACTIVE_UNITS = ["件", "项", "万元"] as const;

export const ProactiveCellSchema = z.object({
  /** `regulations.issued`, `fees.amount`, … (dictionary §3). */
  key: z.string(),
  /** The article item as printed: 20(1), 20(5), 20(6), 20(8), 20(9). */
  item: z.string(),
  category: z.string(),
  metric: z.string(),
  /** null when the cell says 不涉及, 无, —, / or is empty; money in 万元. */
  value: z.number().nullable(),
  unit: z.enum(PROACTIVE_UNITS),
  /** The cell's text as printed. */
  raw: z.string(),
});
export type ProactiveCell = z.infer<typeof ProactiveCellSchema>;

export const RegionSchema = z.object({
  province: z.string().nullable(),
  city: z.string().nullable(),
  county: z.string().nullable(),
  /** GB/T 2260 six-digit code of the most specific level found. */
  code: z
    .string()
    .regex(/^\d{6}$/)
    .nullable(),
});
export type Region = z.infer<typeof RegionSchema>;

const pageNumber = z.number().int().positive();

/**
 * The page (from 1) each parsed number was printed on, one page per printed row: 表二 by cell key
 * (`regulations.issued`), 表三 by row (every column of `granted`), 表四 by group. Numbers not printed
 * (2021's derived otherTotal) or not found have none.
 */
export const NumberPagesSchema = z.object({
  proactive: z.record(z.string(), pageNumber),
  applications: z.partialRecord(z.enum(APPLICATION_ROWS), pageNumber),
  reviewLitigation: z.partialRecord(z.enum(REVIEW_GROUPS), pageNumber),
});
export type NumberPages = z.infer<typeof NumberPagesSchema>;
export const PAGED_SECTIONS = ["proactive", "applications", "reviewLitigation"] as const satisfies readonly (keyof NumberPages)[];
export type PagedSection = (typeof PAGED_SECTIONS)[number];

export const SourceSchema = z.object({
  fileName: z.string(),
  /** sha256 of the original bytes, lowercase hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mediaType: z.string(),
  pages: z.number().int().positive().nullable(),
  /** For files with pages (PDF): where each number is printed. */
  numberPages: NumberPagesSchema.optional(),
});
export type Source = z.infer<typeof SourceSchema>;

export const SectionsSchema = z.object({
  overview: z.string().nullable(),
  problems: z.string().nullable(),
  other: z.string().nullable(),
});
export type Sections = z.infer<typeof SectionsSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** What tells editions of one agency's report for one year apart (lib/report/edition.ts); null where not printed. */
export const EditionSchema = z.object({
  /** 落款: the date after the agency's name at the end of the report. */
  signedOn: isoDate.nullable(),
  /** 发布时间 of a crawler's or CMS's header. */
  publishedOn: isoDate.nullable(),
  /** 更正, 修订, 修正 as printed in the title or a statement about the report: this edition corrects another. */
  revisionMark: z.string().nullable(),
});
export type Edition = z.infer<typeof EditionSchema>;

export const ReportSchema = z.object({
  agency: z.string().min(1),
  /** The agency as printed in the title (radicals, full-width brackets kept): the store keeps every spelling as an alias. */
  agencyAsPrinted: z.string().min(1),
  year: z.number().int(),
  periodStart: isoDate,
  periodEnd: isoDate,
  formatVersion: z.enum(FORMAT_VERSIONS),
  region: RegionSchema,
  source: SourceSchema.nullable(),
  proactive: z.array(ProactiveCellSchema),
  applications: ApplicationsSchema,
  reviewLitigation: ReviewLitigationSchema,
  sections: SectionsSchema,
  edition: EditionSchema,
  issues: z.array(IssueSchema),
});
export type Report = z.infer<typeof ReportSchema>;
