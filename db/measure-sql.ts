import { type SQL, sql } from "drizzle-orm";
import { type CellRef, type Formula, measureFormula, ratioFormulas } from "../lib/report/measures";
import { NEW_RECEIVED_NATURAL_PERSON, reviewColumnName, totalColumnName } from "./schema";

/**
 * The measures of lib/report/measures.ts as SQL, compiled from the same formulas, so a list can be sorted by a
 * measure with ORDER BY … LIMIT instead of computing it for every agency in JavaScript. The null rules are the
 * formulas': SUM and coalesce skip NULL as addCounts does, a ratio over 0 or NULL is NULL.
 */

/** The column of report_totals and agency_totals holding a cell, or null for a cell only application_rows has. */
export function totalsColumnName(ref: CellRef): string | null {
  if (ref.kind === "reviewLitigation") return reviewColumnName(ref.group, ref.field);
  if (ref.column === "total") return totalColumnName(ref.row);
  if (ref.row === "newReceived" && ref.column === "naturalPerson") return NEW_RECEIVED_NATURAL_PERSON;
  return null;
}

/**
 * The 8-byte float a rate is computed in: SQLite's REAL; on PostgreSQL `double precision` (its `real` has 4 bytes and
 * would round rates to 6 digits).
 */
export type FloatType = "REAL" | "double precision";

/** A formula as an SQL expression over the given cells' expressions; null if a cell has none. */
export function formulaSql(formula: Formula, cellSql: (ref: CellRef) => SQL | null, float: FloatType = "REAL"): SQL | null {
  switch (formula.op) {
    case "cell":
      return cellSql(formula.cell);
    case "add": {
      const terms = formula.terms.map((term) => formulaSql(term, cellSql, float));
      if (terms.some((term) => term === null)) return null;
      const known = terms as SQL[];
      if (known.length === 1) return known[0]!;
      // NULL only when every term is: coalesce(a, b, …) is NULL exactly then.
      return sql`(CASE WHEN coalesce(${sql.join(known, sql`, `)}) IS NULL THEN NULL ELSE ${sql.join(
        known.map((term) => sql`coalesce(${term}, 0)`),
        sql` + `,
      )} END)`;
    }
    case "subtract": {
      const left = formulaSql(formula.left, cellSql, float);
      const right = formulaSql(formula.right, cellSql, float);
      return left && right ? sql`(${left} - ${right})` : null;
    }
    case "orZero": {
      const of = formulaSql(formula.of, cellSql, float);
      return of ? sql`coalesce(${of}, 0)` : null;
    }
    case "ratio": {
      const numerator = formulaSql(formula.numerator, cellSql, float);
      const denominator = formulaSql(formula.denominator, cellSql, float);
      if (!numerator || !denominator) return null;
      return sql`(CASE WHEN ${denominator} = 0 THEN NULL ELSE CAST(${numerator} AS ${sql.raw(float)}) / ${denominator} END)`;
    }
  }
}

/**
 * A measure key as SQL over a table of per-agency (or per-report) cells: `column(name)` gives the expression of
 * a totals column (`agency_totals.granted_total`, or `sum(report_totals.granted_total)` in a grouping). Null
 * for an unknown key or a measure reading a cell the totals tables lack.
 */
export function measureSql(key: string, column: (name: string) => SQL, float: FloatType = "REAL"): SQL | null {
  const formula = measureFormula(key);
  if (!formula) return null;
  return formulaSql(
    formula,
    (ref) => {
      const name = totalsColumnName(ref);
      return name === null ? null : column(name);
    },
    float,
  );
}

/** A rate's numerator and denominator as SQL (the ratio's two sides, compiled as measureSql compiles the rate); null for a measure that is no rate or reads a cell the totals lack. */
export function measurePartsSql(
  key: string,
  column: (name: string) => SQL,
  float: FloatType = "REAL",
): { numerator: SQL<number | null>; denominator: SQL<number | null> } | null {
  const parts = ratioFormulas(key);
  if (!parts) return null;
  const cellSql = (ref: CellRef) => {
    const name = totalsColumnName(ref);
    return name === null ? null : column(name);
  };
  const numerator = formulaSql(parts.numerator, cellSql, float);
  const denominator = formulaSql(parts.denominator, cellSql, float);
  return numerator && denominator ? { numerator: numerator as SQL<number | null>, denominator: denominator as SQL<number | null> } : null;
}
