import { and, asc, eq, inArray, notExists, sql } from "drizzle-orm";
import { canonicalAgencyName } from "../lib/report/agency";
import { compact, normalizeText } from "../lib/report/normalize";
import type { Report } from "../lib/report/schema";
import type { AgencyName, MergeResult, SplitResult } from "../lib/store/write-store";
import type { Db } from "./client";
import { aliasesOf } from "./queries/agencies";
import { electCurrent } from "./revisions";
import { agencies, agencyAliases, agencyKeys, agencyTotals, currentIssueCodes, reports } from "./schema";
import { reconcileAgency, refreshAgencyTotals, refreshIssueCodes, refreshRegionLine, regionOfAgency, type Tx } from "./write";
import { agencyIdentity, agencyNamed } from "./write-rules";

/**
 * One agency per agency. A report is filed under the agency of its printed spelling (agency_aliases) if that
 * spelling was seen before, else under the agency of its canonical name within its region code (agency_keys,
 * lib/report/agency.ts), else under a new agency. Every spelling seen stays an alias. What the rules cannot
 * decide, users decide: mergeAgencies and splitAgency (npm run agencies).
 */

function aliasAgency(tx: Tx, name: string, regionCode: string): number | null {
  return (
    tx
      .select({ id: agencyAliases.agencyId })
      .from(agencyAliases)
      .where(and(eq(agencyAliases.name, name), eq(agencyAliases.regionCode, regionCode)))
      .get()?.id ?? null
  );
}

function keyAgency(tx: Tx, canonical: string, regionCode: string): number | null {
  return (
    tx
      .select({ id: agencyKeys.agencyId })
      .from(agencyKeys)
      .where(and(eq(agencyKeys.canonical, canonical), eq(agencyKeys.regionCode, regionCode)))
      .get()?.id ?? null
  );
}

/** The agency a report is filed under, created with its key if new; its printed spelling is kept as an alias. */
export function agencyOf(tx: Tx, report: Report): number {
  const { regionCode, alias, canonical, newAgency } = agencyIdentity(report);
  const known = aliasAgency(tx, alias, regionCode);
  if (known !== null) return known;
  let agency = keyAgency(tx, canonical, regionCode);
  if (agency === null) {
    agency = tx.insert(agencies).values(newAgency).returning({ id: agencies.id }).get().id;
    tx.insert(agencyKeys).values({ canonical, regionCode, agencyId: agency }).run();
  }
  tx.insert(agencyAliases).values({ name: alias, regionCode, agencyId: agency }).run();
  return agency;
}

export type { MergeResult, SplitResult };
export { aliasesOf };

function yearsOf(tx: Tx, agency: number): number[] {
  return tx
    .selectDistinct({ year: reports.year })
    .from(reports)
    .where(eq(reports.agencyId, agency))
    .all()
    .map((r) => r.year);
}

/** Decides every year's current file again and rewrites what is kept per agency: cross-year flags and aggregates. */
function refreshWhole(tx: Tx, agency: number): void {
  for (const year of yearsOf(tx, agency)) electCurrent(tx, agency, year);
  reconcileAgency(tx, agency);
  refreshAgencyTotals(tx, agency);
  refreshIssueCodes(tx, agency);
}

function removeAgency(tx: Tx, agency: number): void {
  tx.delete(agencyTotals).where(eq(agencyTotals.agencyId, agency)).run();
  tx.delete(currentIssueCodes).where(eq(currentIssueCodes.agencyId, agency)).run();
  tx.delete(agencies).where(eq(agencies.id, agency)).run();
}

/**
 * Files every report, alias and key of `from` under `into` and removes `from`; call inside a transaction. Each year
 * then has one current file again (db/revisions.ts), so national sums count each report once.
 */
export function mergeAgencies(tx: Tx, into: number, from: number): MergeResult {
  if (into === from) throw new Error(`agency ${into} cannot be merged into itself`);
  for (const id of [into, from]) if (!tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, id)).get()) throw new Error(`no agency ${id}`);
  const fromRegion = regionOfAgency(tx, from);
  const years = new Set([...yearsOf(tx, from), ...yearsOf(tx, into)]);
  const moved = tx.update(reports).set({ agencyId: into }).where(eq(reports.agencyId, from)).run().changes;
  tx.update(agencyAliases).set({ agencyId: into }).where(eq(agencyAliases.agencyId, from)).run();
  tx.update(agencyKeys).set({ agencyId: into }).where(eq(agencyKeys.agencyId, from)).run();
  removeAgency(tx, from);
  refreshWhole(tx, into);
  const intoRegion = regionOfAgency(tx, into);
  for (const year of years) {
    refreshRegionLine(tx, intoRegion, year);
    refreshRegionLine(tx, fromRegion, year);
  }
  return { into, from, reports: moved, aliases: aliasesOf(tx, into) };
}

/**
 * Moves one alias of an agency, and the reports printed with it, to a new agency in the same region; call inside
 * a transaction. Later files printed so follow the alias; the canonical key stays with the agency split from.
 */
export function splitAgency(tx: Tx, from: number, alias: string): SplitResult {
  const agency = tx.select().from(agencies).where(eq(agencies.id, from)).get();
  if (!agency) throw new Error(`no agency ${from}`);
  const aliases = aliasesOf(tx, from);
  if (!aliases.includes(alias)) throw new Error(`agency ${from} has no alias ${alias} (its aliases: ${aliases.join(", ")})`);
  if (aliases.length === 1) throw new Error(`${alias} is the only alias of agency ${from}: nothing to split`);
  const { province, city, county, regionCode } = agency;
  const to = tx
    .insert(agencies)
    .values({ ...agencyNamed(compact(normalizeText(alias))), province, city, county, regionCode })
    .returning({ id: agencies.id })
    .get().id;
  tx.update(agencyAliases)
    .set({ agencyId: to })
    .where(and(eq(agencyAliases.agencyId, from), eq(agencyAliases.name, alias)))
    .run();
  moveOwnKey(tx, from, to, alias, regionCode);
  const years = new Set(yearsOf(tx, from));
  const moved = tx
    .update(reports)
    .set({ agencyId: to })
    .where(and(eq(reports.agencyId, from), eq(reports.agencyName, alias)))
    .run().changes;
  refreshWhole(tx, from);
  refreshWhole(tx, to);
  for (const year of years) refreshRegionLine(tx, { province, city, county }, year);
  return { from, to, reports: moved };
}

/**
 * The alias's canonical key goes with it when no alias left behind shares it (a merged agency split back): new
 * spellings of the split agency then find it. A key the remaining aliases share stays where it is.
 */
function moveOwnKey(tx: Tx, from: number, to: number, alias: string, regionCode: string): void {
  const canonicalOf = (name: string) => canonicalAgencyName(name, regionCode || null);
  const canonical = canonicalOf(alias);
  if (aliasesOf(tx, from).some((other) => canonicalOf(other) === canonical)) return;
  tx.update(agencyKeys)
    .set({ agencyId: to })
    .where(and(eq(agencyKeys.canonical, canonical), eq(agencyKeys.regionCode, regionCode), eq(agencyKeys.agencyId, from)))
    .run();
}

/**
 * The step at open that brings a database stored before migration 0010 to one agency per agency: each agency
 * without an alias (every agency filed since has one) gets its name as alias and its canonical key, or is merged into
 * the agency already holding that key. A no-op once done; an agency split off by hand has its alias, so stays split.
 */
export function backfillIdentity(db: Db): { keyed: number; merged: number } {
  return db.transaction((tx) => {
    const unnamed = tx
      .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
      .from(agencies)
      .where(notExists(tx.select({ one: sql`1` }).from(agencyAliases).where(eq(agencyAliases.agencyId, agencies.id))))
      .orderBy(asc(agencies.id))
      .all();
    let merged = 0;
    for (const { id, name, regionCode } of unnamed) {
      tx.insert(agencyAliases).values({ name, regionCode, agencyId: id }).onConflictDoNothing().run();
      const canonical = canonicalAgencyName(name, regionCode || null);
      const holder = keyAgency(tx, canonical, regionCode);
      if (holder === null) tx.insert(agencyKeys).values({ canonical, regionCode, agencyId: id }).run();
      else {
        mergeAgencies(tx, holder, id);
        merged++;
      }
    }
    return { keyed: unnamed.length - merged, merged };
  });
}

export function agencyById(db: Db, id: number): AgencyName[] {
  return db.select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode }).from(agencies).where(eq(agencies.id, id)).all();
}

/** Agencies whose name or an alias contains `text`, for the CLIs. */
export function findAgencies(db: Db, text: string): AgencyName[] {
  const ids = db
    .selectDistinct({ id: agencyAliases.agencyId })
    .from(agencyAliases)
    .where(sql`instr(${agencyAliases.name}, ${text}) > 0`)
    .all()
    .map((a) => a.id);
  const byName = db
    .select({ id: agencies.id })
    .from(agencies)
    .where(sql`instr(${agencies.name}, ${text}) > 0`)
    .all()
    .map((a) => a.id);
  const all = [...new Set([...ids, ...byName])];
  if (all.length === 0) return [];
  return db
    .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
    .from(agencies)
    .where(inArray(agencies.id, all))
    .orderBy(asc(agencies.id))
    .all();
}
