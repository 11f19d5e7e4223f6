import type { Issue } from "../report/schema";

/**
 * The shapes the store hands to pages and components: what db/queries.ts fills and components/ draw, so that a
 * component knows these types and not the database.
 */

/** missing: nothing ingested yet; outdated: a database not migrated to this code's last migration (the web never migrates). */
export type DatabaseState = "missing" | "outdated" | "ready";

/** The filter value meaning "no province / city / county recorded" (agencies above that level, or unknown). */
export const NO_REGION = "-";

export type Facet<T> = { value: T; count: number };
export type AgencyFacets = {
  province: Facet<string | null>[];
  city: Facet<string | null>[];
  county: Facet<string | null>[];
  year: Facet<number>[];
};

export type AgencySummary = {
  id: number;
  name: string;
  province: string | null;
  city: string | null;
  county: string | null;
  regionCode: string;
};

export type ProactiveCellRow = { key: string; item: string; category: string; metric: string; value: number | null; unit: string; raw: string };
export type StoredIssue = Issue & { id: number };
export type RevisionRow = {
  id: number;
  fileName: string;
  sha256: string;
  mediaType: string;
  ingestedAt: string;
  isCurrent: boolean;
  /** Why the current file is current (db/revisions.ts CURRENT_REASONS); null on the others. */
  currentReason: string | null;
  chosenAt: string | null;
  agencyName: string | null;
  signedOn: string | null;
  publishedOn: string | null;
  revisionMark: string | null;
};
