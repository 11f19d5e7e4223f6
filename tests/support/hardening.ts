import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { IngestIo, IngestSummary } from "../../lib/cli/ingest";
import { main } from "../../scripts/ingest";
import { capturedOutput } from "./output";

/** Shared by the hardening tests: run the ingest CLI in-process, dump and check the database. */

export function captureIo() {
  const { out, writers } = capturedOutput();
  const io: IngestIo = {
    ...writers,
    isTTY: false,
    now: () => new Date("2026-12-01T00:00:00Z"),
  };
  return { io, out };
}

export type IngestRun = { code: number; summary: IngestSummary; stderr: string };

export async function ingestInto(dbPath: string, args: string[]): Promise<IngestRun> {
  const { io, out } = captureIo();
  const code = await main(["--json", "--jobs", "2", "--db", dbPath, ...args], io);
  return { code, summary: JSON.parse(out.stdout || "null"), stderr: out.stderr };
}

/** Every row of every table (FTS shadow tables aside, whose pages move as rows are added), in a stable order. */
export type Dump = Record<string, Record<string, unknown>[]>;

export function dumpDb(path: string): Dump {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' ORDER BY name")
      .all() as { name: string }[];
    const dump: Dump = {};
    for (const { name } of tables) {
      const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
      dump[name] = rows
        .map((row) => JSON.stringify(row))
        .sort()
        .map((row) => JSON.parse(row));
    }
    return dump;
  } finally {
    db.close();
  }
}

/** The rows of `dump` that belong to the given reports and agencies (and every row of the other tables). */
export function rowsOf(dump: Dump, reportIds: Set<number>, agencyIds: Set<number>): Dump {
  const kept: Dump = {};
  for (const [table, rows] of Object.entries(dump)) {
    kept[table] = rows.filter((row) => {
      if (table === "reports") return reportIds.has(row.id as number);
      if (table === "agencies") return agencyIds.has(row.id as number);
      // An agency's aliases and keys (agency_aliases, agency_keys) belong to it like its line.
      if (table.startsWith("agency_") && "agency_id" in row && !("newReceived_total" in row)) return agencyIds.has(row.agency_id as number);
      if ("report_id" in row) return reportIds.has(row.report_id as number);
      return true;
    });
  }
  return kept;
}

export function idsOf(dump: Dump): { reports: Set<number>; agencies: Set<number> } {
  return {
    reports: new Set((dump.reports ?? []).map((row) => row.id as number)),
    agencies: new Set((dump.agencies ?? []).map((row) => row.id as number)),
  };
}

export function countRows(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

export function integrityCheck(path: string): unknown {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma("integrity_check", { simple: true });
  } finally {
    db.close();
  }
}

export const databaseIn = (dir: string) => join(dir, "db", "n.db");

/** A folder of reports named 0.txt, 1.txt… in the order given (their names sort in it, so one job stores them in it). */
export function reportFolder(path: string, texts: string[]): string {
  mkdirSync(path, { recursive: true });
  texts.forEach((text, i) => writeFileSync(join(path, `${i}.txt`), text));
  return path;
}
