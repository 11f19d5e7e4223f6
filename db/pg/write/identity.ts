import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { canonicalAgencyName } from "../../../lib/report/agency";
import { compact, normalizeText } from "../../../lib/report/normalize";
import type { Report } from "../../../lib/report/schema";
import type { AgencyName, MergeResult, SplitResult } from "../../../lib/store/write-store";
import { agencyIdentity, agencyNamed } from "../../write-rules";
import { agencies, agencyAliases, agencyKeys, agencyTotals, currentIssueCodes, reports } from "../schema";
import { reconcileAgency, refreshAgencyTotals, refreshIssueCodes, refreshRegionLine, regionOfAgency } from "./report";
import { electCurrent } from "./revisions";
import type { PgTx } from "./transaction";

/**
 * db/identity.ts over PostgreSQL: one agency per agency (an alias, else the canonical key, else a new agency), and the
 * users' merges and splits. Two writers making the same new agency at once: the keys of agency_keys and agency_aliases
 * let one commit; the other's transaction fails and, tried again (db/pg/write/transaction.ts), finds the alias.
 */

type Reader = Pick<PgTx, "select" | "selectDistinct">;

async function aliasAgency(tx: Reader, name: string, regionCode: string): Promise<number | null> {
  const [row] = await tx
    .select({ id: agencyAliases.agencyId })
    .from(agencyAliases)
    .where(and(eq(agencyAliases.name, name), eq(agencyAliases.regionCode, regionCode)));
  return row?.id ?? null;
}

async function keyAgency(tx: Reader, canonical: string, regionCode: string): Promise<number | null> {
  const [row] = await tx
    .select({ id: agencyKeys.agencyId })
    .from(agencyKeys)
    .where(and(eq(agencyKeys.canonical, canonical), eq(agencyKeys.regionCode, regionCode)));
  return row?.id ?? null;
}

export async function agencyOf(tx: PgTx, report: Report): Promise<number> {
  const { regionCode, alias, canonical, newAgency } = agencyIdentity(report);
  const known = await aliasAgency(tx, alias, regionCode);
  if (known !== null) return known;
  let agency = await keyAgency(tx, canonical, regionCode);
  if (agency === null) {
    const [made] = await tx.insert(agencies).values(newAgency).returning({ id: agencies.id });
    agency = made!.id;
    await tx.insert(agencyKeys).values({ canonical, regionCode, agencyId: agency });
  }
  await tx.insert(agencyAliases).values({ name: alias, regionCode, agencyId: agency });
  return agency;
}

export async function aliasesOf(tx: Reader, agencyId: number): Promise<string[]> {
  const rows = await tx.select({ name: agencyAliases.name }).from(agencyAliases).where(eq(agencyAliases.agencyId, agencyId)).orderBy(asc(agencyAliases.name));
  return rows.map((r) => r.name);
}

async function yearsOf(tx: Reader, agency: number): Promise<number[]> {
  const rows = await tx.selectDistinct({ year: reports.year }).from(reports).where(eq(reports.agencyId, agency));
  return rows.map((r) => r.year);
}

/** `wereCurrent`: files current before a merge set them aside, still current for decideCurrent's undecided case. */
async function refreshWhole(tx: PgTx, agency: number, wereCurrent?: ReadonlySet<number>): Promise<void> {
  for (const year of await yearsOf(tx, agency)) await electCurrent(tx, agency, year, wereCurrent);
  await reconcileAgency(tx, agency);
  await refreshAgencyTotals(tx, agency);
  await refreshIssueCodes(tx, agency);
}

export async function mergeAgencies(tx: PgTx, into: number, from: number): Promise<MergeResult> {
  if (into === from) throw new Error(`agency ${into} cannot be merged into itself`);
  for (const id of [into, from]) {
    const [found] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, id));
    if (!found) throw new Error(`no agency ${id}`);
  }
  const fromRegion = await regionOfAgency(tx, from);
  const years = new Set([...(await yearsOf(tx, from)), ...(await yearsOf(tx, into))]);
  // Not current while they move: two current files of a year under `into` would break reports_one_current until
  // electCurrent decides again (refreshWhole below), which still counts them as current, as SQLite does.
  const current = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(inArray(reports.agencyId, [into, from]), eq(reports.isCurrent, true)));
  const moved = await tx.update(reports).set({ agencyId: into, isCurrent: false }).where(eq(reports.agencyId, from)).returning({ id: reports.id });
  await tx.update(agencyAliases).set({ agencyId: into }).where(eq(agencyAliases.agencyId, from));
  await tx.update(agencyKeys).set({ agencyId: into }).where(eq(agencyKeys.agencyId, from));
  await tx.delete(agencyTotals).where(eq(agencyTotals.agencyId, from));
  await tx.delete(currentIssueCodes).where(eq(currentIssueCodes.agencyId, from));
  await tx.delete(agencies).where(eq(agencies.id, from));
  await refreshWhole(tx, into, new Set(current.map((r) => r.id)));
  const intoRegion = await regionOfAgency(tx, into);
  for (const year of years) {
    await refreshRegionLine(tx, intoRegion, year);
    await refreshRegionLine(tx, fromRegion, year);
  }
  return { into, from, reports: moved.length, aliases: await aliasesOf(tx, into) };
}

export async function splitAgency(tx: PgTx, from: number, alias: string): Promise<SplitResult> {
  const [agency] = await tx.select().from(agencies).where(eq(agencies.id, from));
  if (!agency) throw new Error(`no agency ${from}`);
  const aliases = await aliasesOf(tx, from);
  if (!aliases.includes(alias)) throw new Error(`agency ${from} has no alias ${alias} (its aliases: ${aliases.join(", ")})`);
  if (aliases.length === 1) throw new Error(`${alias} is the only alias of agency ${from}: nothing to split`);
  const { province, city, county, regionCode } = agency;
  const [made] = await tx
    .insert(agencies)
    .values({ ...agencyNamed(compact(normalizeText(alias))), province, city, county, regionCode })
    .returning({ id: agencies.id });
  const to = made!.id;
  await tx
    .update(agencyAliases)
    .set({ agencyId: to })
    .where(and(eq(agencyAliases.agencyId, from), eq(agencyAliases.name, alias)));
  await moveOwnKey(tx, from, to, alias, regionCode);
  const years = new Set(await yearsOf(tx, from));
  const moved = await tx
    .update(reports)
    .set({ agencyId: to })
    .where(and(eq(reports.agencyId, from), eq(reports.agencyName, alias)))
    .returning({ id: reports.id });
  await refreshWhole(tx, from);
  await refreshWhole(tx, to);
  for (const year of years) await refreshRegionLine(tx, { province, city, county }, year);
  return { from, to, reports: moved.length };
}

async function moveOwnKey(tx: PgTx, from: number, to: number, alias: string, regionCode: string): Promise<void> {
  const canonicalOf = (name: string) => canonicalAgencyName(name, regionCode || null);
  const canonical = canonicalOf(alias);
  if ((await aliasesOf(tx, from)).some((other) => canonicalOf(other) === canonical)) return;
  await tx
    .update(agencyKeys)
    .set({ agencyId: to })
    .where(and(eq(agencyKeys.canonical, canonical), eq(agencyKeys.regionCode, regionCode), eq(agencyKeys.agencyId, from)));
}

export async function agencyById(db: Reader, id: number): Promise<AgencyName[]> {
  return db.select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode }).from(agencies).where(eq(agencies.id, id));
}

/** Agencies whose name or an alias contains `text` (strpos: the text as given, no pattern characters). */
export async function findAgencies(db: Reader, text: string): Promise<AgencyName[]> {
  const byAlias = await db.selectDistinct({ id: agencyAliases.agencyId }).from(agencyAliases).where(sql`strpos(${agencyAliases.name}, ${text}) > 0`);
  const byName = await db.select({ id: agencies.id }).from(agencies).where(sql`strpos(${agencies.name}, ${text}) > 0`);
  const ids = [...new Set([...byAlias, ...byName].map((a) => a.id))];
  if (ids.length === 0) return [];
  return db
    .select({ id: agencies.id, name: agencies.name, regionCode: agencies.regionCode })
    .from(agencies)
    .where(inArray(agencies.id, ids))
    .orderBy(asc(agencies.id));
}
