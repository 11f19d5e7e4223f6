import type { Db } from "./client";

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** How many times a step that found the database locked is tried in all, each try waiting up to the busy timeout. */
const ATTEMPTS = 12;

/** Whether `error` (or what it wraps) is SQLite's "another connection holds the lock". */
export function isBusy(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"))) return true;
  }
  return false;
}

/** Sleeps without giving up the thread: a store runs synchronously from keeping its source to its commit. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Runs `step` again while it finds the database locked by another process: SQLite's busy timeout covers most waits,
 * but a connection that read before writing gets SQLITE_BUSY at once, without waiting, when another committed in
 * between. A short random pause keeps the retries of several processes apart.
 */
export function retryWhileBusy<T>(step: () => T, attempts = ATTEMPTS): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (attempt >= attempts || !isBusy(error)) throw error;
      pause(20 + Math.random() * 80 * attempt);
    }
  }
}

/**
 * A write transaction that takes the write lock at its start (BEGIN IMMEDIATE), so that it waits for another
 * writer there, under the busy timeout, instead of failing when its first write upgrades a read snapshot that
 * another process has moved past. Tried again whole while the database stays locked.
 */
export function writeTransaction<T>(db: Db, write: (tx: Tx) => T): T {
  return retryWhileBusy(() => db.transaction(write, { behavior: "immediate" }));
}
