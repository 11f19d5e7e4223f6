import type { PgDb } from "../client";

/**
 * The PostgreSQL store's write transactions (issue 20, 3). Each write runs SERIALIZABLE: PostgreSQL then commits
 * concurrent writers only when the result is that of some order of them one after another, so the derived lines a
 * store rewrites (the current report of a year, agency_totals, region_year_agencies, the cross-year flags) are those
 * of a sequential run, with no lock taken by hand. A writer that loses a race is told so at a statement or at COMMIT
 * (40001 serialization failure, 40P01 deadlock, or 23505 when the database's unique keys, the last guard, catch it)
 * and its whole transaction is run again: the retry reads what the winner committed (the file is then `present`,
 * the agency found by its alias).
 */

export type PgTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

/** How many times a write is tried in all before its conflict is reported. */
const ATTEMPTS = 20;

/** The SQLSTATEs of a writer that raced another: the transaction is tried again whole. */
const RACED = new Set(["40001", "40P01", "23505"]);

/** The SQLSTATE of a PostgreSQL error, or of the error it wraps (drizzle wraps the driver's errors). */
export function sqlState(error: unknown): string | null {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return null;
}

/** Whether `error` is a race lost to another writer, worth trying the transaction again for. */
export function isRace(error: unknown): boolean {
  return RACED.has(sqlState(error) ?? "");
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `write` in one SERIALIZABLE transaction, run again whole (up to ATTEMPTS times, after a short random pause
 * that grows with each try) while it loses a race to another writer. `write` awaits only its own statements.
 */
export async function pgWrite<T>(db: PgDb, write: (tx: PgTx) => Promise<T>, attempts = ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(write, { isolationLevel: "serializable" });
    } catch (error) {
      if (attempt >= attempts || !isRace(error)) throw error;
      await pause(5 + Math.random() * 20 * Math.min(attempt, 8));
    }
  }
}
