import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { CURRENT_REASONS, type CurrentReason, type StoredVersion } from "../lib/store/write-store";
import type { Db } from "./client";
import { preparedOnce } from "./prepared";
import { reportIssues, reports } from "./schema";
import { insertIssues, refreshAgency, refreshCounts, type Tx } from "./write";
import { UNDECIDED, undecidedFlags } from "./write-rules";

/**
 * Which of an agency's files for one year is current, decided by the documents, never by the order they were
 * ingested in: a user's choice (npm run revisions -- choose), else the file that is the later edition of every other
 * by a 更正/修订/修正 mark, else by its 落款 date, else by its publication date. Where they do not decide, the file
 * already current stays current and every file of the year is flagged revision.undecided.
 */

export { CURRENT_REASONS, type CurrentReason, type StoredVersion };

export type Version = {
  id: number;
  isCurrent: boolean;
  chosenAt: string | null;
  signedOn: string | null;
  publishedOn: string | null;
  revisionMark: string | null;
};

export type Decision = { id: number; reason: CurrentReason };

/** The evidence in the order it is trusted: a level decides a pair only when it tells the two apart. */
const LEVELS = ["revisionMark", "signedOn", "publishedOn"] as const;
type Level = (typeof LEVELS)[number];

/** Which of two files is the later edition and by what, or null when the documents do not say. */
export function laterEdition(a: Version, b: Version): { later: Version; by: Level } | null {
  if (Boolean(a.revisionMark) !== Boolean(b.revisionMark)) return { later: a.revisionMark ? a : b, by: "revisionMark" };
  for (const level of ["signedOn", "publishedOn"] as const) {
    const [x, y] = [a[level], b[level]];
    if (x && y && x !== y) return { later: x > y ? a : b, by: level };
  }
  return null;
}

/** The file that is the later edition of every other, and the weakest evidence that needed. */
function latestByDocuments(versions: Version[]): Decision | null {
  for (const candidate of versions) {
    const wins = versions.filter((other) => other !== candidate).map((other) => laterEdition(candidate, other));
    if (wins.every((win) => win?.later === candidate)) {
      const weakest = Math.max(...wins.map((win) => LEVELS.indexOf(win!.by)));
      return { id: candidate.id, reason: LEVELS[weakest] as Level };
    }
  }
  return null;
}

export function decideCurrent(versions: Version[]): Decision {
  const byId = [...versions].sort((a, b) => a.id - b.id);
  if (byId.length === 1) return { id: byId[0]!.id, reason: "only" };
  const chosen = byId.filter((v) => v.chosenAt !== null).sort((a, b) => (a.chosenAt! < b.chosenAt! ? 1 : -1))[0];
  if (chosen) return { id: chosen.id, reason: "chosen" };
  const decided = latestByDocuments(byId);
  if (decided) return decided;
  // Two files were current only after a merge of two agencies: the one stored first stays.
  const kept = byId.find((v) => v.isCurrent) ?? byId[0]!;
  return { id: kept.id, reason: "undecided" };
}

/** Decides the current file of an agency's year, and flags every file of it when the documents do not decide. */
export function electCurrent(tx: Tx, agency: number, year: number): Decision | null {
  const versions = preparedOnce(tx, "reports.versions", () =>
    tx
      .select({
        id: reports.id,
        isCurrent: reports.isCurrent,
        chosenAt: reports.chosenAt,
        signedOn: reports.signedOn,
        publishedOn: reports.publishedOn,
        revisionMark: reports.revisionMark,
      })
      .from(reports)
      .where(and(eq(reports.agencyId, sql.placeholder("agency")), eq(reports.year, sql.placeholder("year"))))
      .prepare(),
  ).all({ agency, year });
  if (versions.length === 0) return null;
  const decision = decideCurrent(versions);
  const setCurrent = preparedOnce(tx, "reports.setCurrent", () =>
    tx
      .update(reports)
      .set({ isCurrent: sql`${sql.placeholder("isCurrent")}`, currentReason: sql`${sql.placeholder("reason")}` })
      .where(eq(reports.id, sql.placeholder("id")))
      .prepare(),
  );
  for (const { id } of versions) {
    const isCurrent = id === decision.id;
    // Bound as SQLite stores a boolean (drizzle maps a placeholder's value as given).
    setCurrent.run({ id, isCurrent: isCurrent ? 1 : 0, reason: isCurrent ? decision.reason : null });
  }
  const ids = versions.map((v) => v.id);
  tx.delete(reportIssues)
    .where(and(eq(reportIssues.code, UNDECIDED), inArray(reportIssues.reportId, ids)))
    .run();
  const flags = undecidedFlags(ids, decision);
  if (flags.length) for (const id of ids) insertIssues(tx, id, flags);
  refreshCounts(tx, ids);
  return decision;
}

/** Every file of an agency's year, in the order stored. */
export function yearVersions(db: Db | Tx, agency: number, year: number): StoredVersion[] {
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
    .orderBy(asc(reports.id))
    .all();
}

/**
 * A user's choice: `chosenAt` makes the report current whatever is ingested later (and takes the choice from the other
 * files of its year); null hands the decision back to the documents. Returns the report's agency and year, or null.
 */
export function setChoice(db: Db, reportId: number, chosenAt: string | null): { agencyId: number; year: number } | null {
  const report = db.select({ agencyId: reports.agencyId, year: reports.year }).from(reports).where(eq(reports.id, reportId)).get();
  if (!report) return null;
  db.transaction((tx) => {
    if (chosenAt !== null)
      tx.update(reports)
        .set({ chosenAt: null })
        .where(and(eq(reports.agencyId, report.agencyId), eq(reports.year, report.year)))
        .run();
    tx.update(reports).set({ chosenAt }).where(eq(reports.id, reportId)).run();
    electCurrent(tx, report.agencyId, report.year);
    refreshAgency(tx, report.agencyId, report.year);
  });
  return report;
}
