import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { StoredVersion } from "../../../lib/store/write-store";
import { type Decision, decideCurrent } from "../../revisions";
import { UNDECIDED, undecidedFlags } from "../../write-rules";
import { reportIssues, reports } from "../schema";
import { insertIssues, refreshAgency, refreshCounts } from "./report";
import type { PgTx } from "./transaction";

/**
 * db/revisions.ts over PostgreSQL: the current file of an agency's year decided by the documents (decideCurrent, shared),
 * written so that reports_one_current (one current report per agency and year) holds after every statement.
 */

/**
 * Decides the current file of an agency's year and flags every file of it when the documents do not decide.
 * `wereCurrent`: files a merge set aside that were current before it.
 */
export async function electCurrent(tx: PgTx, agency: number, year: number, wereCurrent?: ReadonlySet<number>): Promise<Decision | null> {
  const ofYear = and(eq(reports.agencyId, agency), eq(reports.year, year));
  const versions = await tx
    .select({
      id: reports.id,
      isCurrent: reports.isCurrent,
      chosenAt: reports.chosenAt,
      signedOn: reports.signedOn,
      publishedOn: reports.publishedOn,
      revisionMark: reports.revisionMark,
    })
    .from(reports)
    .where(ofYear);
  if (versions.length === 0) return null;
  const decision = decideCurrent(versions.map((v) => ({ ...v, isCurrent: v.isCurrent || (wereCurrent?.has(v.id) ?? false) })));
  // The others first: the unique index is checked row by row, so the new current file is marked after the old is not.
  await tx
    .update(reports)
    .set({ isCurrent: false, currentReason: null })
    .where(and(ofYear, ne(reports.id, decision.id)));
  await tx.update(reports).set({ isCurrent: true, currentReason: decision.reason }).where(eq(reports.id, decision.id));
  const ids = versions.map((v) => v.id);
  await tx.delete(reportIssues).where(and(eq(reportIssues.code, UNDECIDED), inArray(reportIssues.reportId, ids)));
  const flags = undecidedFlags(ids, decision);
  if (flags.length) for (const id of ids) await insertIssues(tx, id, flags);
  await refreshCounts(tx, ids);
  return decision;
}

export async function yearVersions(db: Pick<PgTx, "select">, agency: number, year: number): Promise<StoredVersion[]> {
  return db
    .select({
      id: reports.id,
      fileName: reports.fileName,
      isCurrent: reports.isCurrent,
      currentReason: reports.currentReason,
      chosenAt: reports.chosenAt,
      signedOn: reports.signedOn,
      publishedOn: reports.publishedOn,
      revisionMark: reports.revisionMark,
      agencyName: reports.agencyName,
    })
    .from(reports)
    .where(and(eq(reports.agencyId, agency), eq(reports.year, year)))
    .orderBy(asc(reports.id));
}

/** A user's choice (db/revisions.ts setChoice), in the caller's transaction: the report's agency and year, or null. */
export async function setChoice(tx: PgTx, reportId: number, chosenAt: string | null): Promise<{ agencyId: number; year: number } | null> {
  const [report] = await tx.select({ agencyId: reports.agencyId, year: reports.year }).from(reports).where(eq(reports.id, reportId));
  if (!report) return null;
  if (chosenAt !== null)
    await tx
      .update(reports)
      .set({ chosenAt: null })
      .where(and(eq(reports.agencyId, report.agencyId), eq(reports.year, report.year)));
  await tx.update(reports).set({ chosenAt }).where(eq(reports.id, reportId));
  await electCurrent(tx, report.agencyId, report.year);
  await refreshAgency(tx, report.agencyId, report.year);
  return report;
}
