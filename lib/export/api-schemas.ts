import { z } from "zod";
import { DERIVED_MEASURES, OUTCOME_GROUPS } from "../report/measures";
import {
  APPLICANT_COLUMNS,
  ApplicationsSchema,
  EditionSchema,
  FORMAT_VERSIONS,
  IssueSchema,
  NumberPagesSchema,
  ProactiveCellSchema,
  ReportSchema,
  ReviewGroupValuesSchema,
  ReviewLitigationSchema,
  SectionsSchema,
  SourceSchema,
} from "../report/schema";
import { AGENCY_SORTS, LIST_MEASURES, SECTION_PARTS } from "../store/types";

/**
 * The shape of every JSON answer of the data API (docs/api.md): one strict zod schema per endpoint, a field the
 * schema does not name fails it. Report data (counts, 表二 cells, issues, number pages, sections, the edition) is
 * taken from lib/report/schema.ts, never restated. The routes do not validate at run time; tests/api-schemas.test.ts
 * parses each route's answer with these, and docs/api.md's field lists are generated from them
 * (`npx tsx scripts/api-doc.ts`, checked by the same test).
 */

const int = z.number().int();
const count = z.number().nullable();
const text = z.string();
const nullableText = z.string().nullable();
/** JSON object keys are text: a record by year has keys "2023", "2024". */
const byYear = <T extends z.ZodType>(value: T) => z.record(z.string().regex(/^\d{4}$/), value);
const keyed = <K extends string, T extends z.ZodType>(keys: readonly K[], value: T) =>
  z.strictObject(Object.fromEntries(keys.map((k) => [k, value])) as Record<K, T>);

// ── Report data, from the report schema ──────────────────────────────────────────────────────────────────────

/** Summed or stored counts: every row/group of 表三/表四 may be absent, and every cell within one. */
const MatrixCountsJson = z.strictObject({
  applications: z.strictObject(
    Object.fromEntries(Object.entries(ApplicationsSchema.shape).map(([row, values]) => [row, values.partial().optional()])) as {
      [R in keyof typeof ApplicationsSchema.shape]: z.ZodOptional<ReturnType<(typeof ApplicationsSchema.shape)[R]["partial"]>>;
    },
  ),
  reviewLitigation: z.strictObject(
    Object.fromEntries(Object.entries(ReviewLitigationSchema.shape).map(([group, values]) => [group, values.partial().optional()])) as {
      [G in keyof typeof ReviewLitigationSchema.shape]: z.ZodOptional<ReturnType<(typeof ReviewLitigationSchema.shape)[G]["partial"]>>;
    },
  ),
});
const DerivedJson = keyed(DERIVED_MEASURES, count);
/** Why a file is current, who chose it, and the edition facts that tell one file of an agency's year from another. */
const RevisionFactsShape = { currentReason: z.string().nullable(), chosenAt: z.string().nullable(), agencyName: z.string().nullable(), ...EditionSchema.shape };
const IssueCodeJson = IssueSchema.shape.code;
const SeverityJson = IssueSchema.shape.severity;
const StoredIssueJson = z.strictObject({ ...IssueSchema.shape, id: int });

// ── Shared pieces ────────────────────────────────────────────────────────────────────────────────────────────

export const CitationJson = z.strictObject({ source: text, url: text, retrieved: z.iso.datetime(), text });
export const ErrorJson = z.strictObject({ error: text, hint: text.optional(), tables: z.array(text).optional() });

const AgencySummaryShape = { id: int, name: text, province: nullableText, city: nullableText, county: nullableText, regionCode: text };
const AgencySummaryJson = z.strictObject(AgencySummaryShape);
const facet = <T extends z.ZodType>(value: T) => z.array(z.strictObject({ value, count: int }));
const AgencyFacetsShape = { province: facet(nullableText), city: facet(nullableText), county: facet(nullableText), year: facet(int) };
const PageShape = { total: int, page: int, pageSize: int, pageCount: int };
const RegionQueryShape = { province: text.optional(), city: text.optional(), county: text.optional() };
const yearsOpt = z.array(int).optional();
const cited = <S extends z.ZodRawShape>(shape: S) => z.strictObject({ ...shape, citation: CitationJson });

// ── The endpoints ────────────────────────────────────────────────────────────────────────────────────────────

const RankedJson = z.strictObject({ ...AgencySummaryShape, reportId: int, value: count, basis: count });
const reviewGroup = ReviewGroupValuesSchema;

export const OverviewJson = cited({
  reportsByYear: z.array(z.strictObject({ year: int, agencies: int, reports: int, flagged: int })),
  byProvince: z.array(z.strictObject({ province: nullableText, agencies: int, reports: int })),
  national: z.array(
    z.strictObject({
      year: int,
      reports: int,
      newReceived: count,
      carriedOver: count,
      handled: count,
      carriedForward: count,
      outcomes: keyed(OUTCOME_GROUPS, count),
      outcomeShares: keyed(OUTCOME_GROUPS, count),
      reconsideration: reviewGroup,
      litigationDirect: reviewGroup,
      litigationAfterReconsideration: reviewGroup,
      measures: DerivedJson,
    }),
  ),
  rankingYear: int.nullable(),
  topApplications: z.array(RankedJson),
  topCorrection: z.array(RankedJson),
  issues: z.array(z.strictObject({ code: IssueCodeJson, severity: SeverityJson, reports: int })),
});

export const AgenciesJson = cited({
  query: z.strictObject({
    ...RegionQueryShape,
    years: yearsOpt,
    q: text.optional(),
    issue: text.optional(),
    sort: z.enum(AGENCY_SORTS),
    dir: z.enum(["asc", "desc"]),
    page: int,
    pageSize: int,
  }),
  facets: z.strictObject({ ...AgencyFacetsShape, issue: facet(text) }),
  rows: z.array(
    z.strictObject({ ...AgencySummaryShape, years: z.array(int), reports: int, errors: int, warnings: int, measures: keyed(LIST_MEASURES, count) }),
  ),
  ...PageShape,
});

const ApplicantColumnJson = z.enum(APPLICANT_COLUMNS);

export const AgencyJson = cited({
  agency: AgencySummaryJson,
  aliases: z.array(text),
  years: z.array(
    z.strictObject({
      year: int,
      reportId: int,
      formatVersion: z.enum(FORMAT_VERSIONS),
      fileName: text,
      errors: int,
      warnings: int,
      infos: int,
      revisions: int,
      counts: MatrixCountsJson,
      measures: DerivedJson,
    }),
  ),
  reconciliation: z.array(
    z.strictObject({
      fromYear: int,
      toYear: int,
      fromReportId: int,
      toReportId: int,
      matches: z.boolean().nullable(),
      columns: z.array(z.strictObject({ column: ApplicantColumnJson, carriedForward: count, carriedOver: count, matches: z.boolean().nullable() })),
    }),
  ),
  missingYears: z.array(int),
  columns: z.array(z.strictObject({ url: text, reports: int, lastFetched: text })),
});

export const ReportJson = cited({
  report: z.strictObject({
    id: int,
    agencyId: int,
    year: ReportSchema.shape.year,
    formatVersion: ReportSchema.shape.formatVersion,
    periodStart: ReportSchema.shape.periodStart,
    periodEnd: ReportSchema.shape.periodEnd,
    isCurrent: z.boolean(),
    ...RevisionFactsShape,
    fileName: SourceSchema.shape.fileName,
    sha256: SourceSchema.shape.sha256,
    mediaType: SourceSchema.shape.mediaType,
    pages: SourceSchema.shape.pages,
    ingestedAt: text,
    /** The parser version that read the stored content; null when stored before it was kept. */
    parserVersion: nullableText,
    errorCount: int,
    warningCount: int,
    infoCount: int,
  }),
  origin: z
    .strictObject({
      url: text,
      pageUrl: nullableText,
      listUrl: nullableText,
      columnUrl: nullableText,
      fetchedAt: text,
      httpStatus: int.nullable(),
      etag: nullableText,
      lastModified: nullableText,
      contentType: nullableText,
    })
    .nullable(),
  agency: AgencySummaryJson,
  counts: MatrixCountsJson,
  measures: DerivedJson,
  // The unit as the database keeps it (text; the Store's ProactiveCellRow says string, not the parser's enum).
  proactive: z.array(z.strictObject({ ...ProactiveCellSchema.shape, unit: text })),
  sections: SectionsSchema.strict(),
  issues: z.array(StoredIssueJson),
  revisions: z.array(
    z.strictObject({
      id: int,
      fileName: SourceSchema.shape.fileName,
      sha256: SourceSchema.shape.sha256,
      mediaType: SourceSchema.shape.mediaType,
      ingestedAt: text,
      isCurrent: z.boolean(),
      ...RevisionFactsShape,
    }),
  ),
  otherYears: z.array(z.strictObject({ year: int, reportId: int })),
  numberPages: NumberPagesSchema.strict().nullable(),
});

const parts = z.strictObject({ numerator: count, denominator: count });
const direction = z.enum(["asc", "desc"]);

export const CompareJson = cited({
  query: z.strictObject({
    agencyIds: z.array(int),
    region: z.strictObject(RegionQueryShape),
    years: z.array(int),
    from: int.optional(),
    to: int.optional(),
    measure: text,
    measures: z.array(text),
    sort: z
      .union([
        z.strictObject({ by: z.literal("value"), measure: text, year: int, dir: direction }),
        z.strictObject({ by: z.enum(["name", "region"]), dir: direction }),
      ])
      .nullable(),
  }),
  years: z.array(int),
  order: z.array(int),
  comparisons: z.array(
    z.strictObject({
      mode: z.enum(["agencies", "region"]),
      measure: text,
      label: text,
      isRate: z.boolean(),
      years: z.array(int),
      series: z.array(z.strictObject({ ...AgencySummaryShape, values: byYear(count), reportIds: byYear(int), parts: byYear(parts).optional() })),
      pooled: z.array(
        z.strictObject({
          year: z.union([int, z.literal("all")]),
          reports: int,
          agencies: int,
          value: count,
          numerator: count.optional(),
          denominator: count.optional(),
        }),
      ),
      distribution: z.array(
        z.strictObject({
          year: int,
          distribution: z.strictObject({ n: int, min: z.number(), q1: z.number(), median: z.number(), q3: z.number(), max: z.number() }).nullable(),
        }),
      ),
    }),
  ),
});

export const CoverageJson = cited({
  query: z.strictObject({ ...RegionQueryShape, issue: text.optional(), page: int, pageSize: int }),
  facets: z.strictObject({ ...AgencyFacetsShape, issue: facet(text) }),
  rows: z.array(
    z.strictObject({ ...AgencySummaryShape, byYear: byYear(z.strictObject({ reportId: int, flags: int, hasIssue: z.boolean() })), published: int }),
  ),
  ...PageShape,
  years: z.array(int),
  reportsPerYear: byYear(int),
});

export const SearchJson = cited({
  query: z.strictObject({ ...RegionQueryShape, text, page: int, pageSize: int, years: yearsOpt, revisions: z.boolean().optional() }),
  facets: z.strictObject(AgencyFacetsShape),
  rows: z.array(
    z.strictObject({
      reportId: int,
      agencyId: int,
      agency: text,
      province: nullableText,
      year: int,
      isCurrent: z.boolean(),
      part: z.enum(SECTION_PARTS),
      snippet: text,
    }),
  ),
  ...PageShape,
  mode: z.enum(["fts", "like", "empty"]),
  cutShort: z.boolean(),
});

/** The type-ahead: no citation (it is no page), no total when `q` is empty. */
export const SuggestJson = z.strictObject({
  q: text,
  total: int.optional(),
  rows: z.array(z.strictObject({ id: int, name: text, province: nullableText, city: nullableText, county: nullableText, region: text })),
});

/** Every JSON endpoint by the heading docs/api.md gives it. */
export const API_SCHEMAS = {
  "/api/overview.json": OverviewJson,
  "/api/agencies.json": AgenciesJson,
  "/api/agencies/<id>.json": AgencyJson,
  "/api/reports/<id>.json": ReportJson,
  "/api/compare.json": CompareJson,
  "/api/suggest": SuggestJson,
  "/api/coverage.json": CoverageJson,
  "/api/search.json": SearchJson,
} as const;
export type ApiEndpoint = keyof typeof API_SCHEMAS;
