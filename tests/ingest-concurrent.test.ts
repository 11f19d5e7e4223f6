import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { IngestSummary } from "../lib/cli/ingest";
import { sha256 } from "../lib/ingest/hash";
import { fixtureDirs } from "./support/fixtures";

/**
 * Several `npm run ingest` processes writing one new database at once, their batches overlapping: each file is
 * stored exactly once, and no process fails a file with "database is locked".
 */

const ROOT = join(import.meta.dirname, "..");
const seeds = fixtureDirs("seed-").map((dir) => readFileSync(join(dir, "input.txt"), "utf8"));
/** Distinct files: each seed with a different closing note (a revision of the seed's agency and year). */
const FILES = 15;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-concurrent-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeFiles(round: string): string[] {
  const folder = join(dir, round, "all");
  mkdirSync(folder, { recursive: true });
  return Array.from({ length: FILES }, (_, i) => {
    const path = join(folder, `${String(i).padStart(2, "0")}.txt`);
    writeFileSync(path, `${seeds[i % seeds.length]}\n附注：第 ${i} 份。\n`);
    return path;
  });
}

function ingest(database: string, files: string[]): Promise<{ code: number | null; summary: IngestSummary; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/ingest.ts", "--json", "--jobs", "1", "--db", database, ...files], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("close", (code) => resolve({ code, summary: JSON.parse(stdout || "null"), stderr }));
  });
}

/** Every batch a third of the files apart from the next, each overlapping the others. */
async function concurrentRun(processes: number, round: string): Promise<void> {
  const files = writeFiles(round);
  const database = join(dir, round, "db", "nianbao.db");
  const batches = Array.from({ length: processes }, (_, p) => {
    const start = Math.floor((p * files.length) / (processes + 1));
    return [...files.slice(start), ...files.slice(0, start)].slice(0, files.length - 2);
  });
  const runs = await Promise.all(batches.map((batch) => ingest(database, batch)));
  for (const run of runs) {
    expect(run.stderr).not.toMatch(/locked|busy/i);
    expect(run.summary?.failed, run.stderr).toEqual([]);
    expect(run.code).toBe(0);
  }
  const db = new Database(database, { readonly: true });
  try {
    const stored = db.prepare("SELECT sha256 FROM reports").all() as { sha256: string }[];
    const expected = new Set(batches.flat().map((file) => sha256(readFileSync(file))));
    expect(stored).toHaveLength(expected.size);
    expect(new Set(stored.map((row) => row.sha256))).toEqual(expected);
    const newlyStored = runs.reduce((sum, run) => sum + run.summary.ingested + run.summary.revised, 0);
    expect(newlyStored).toBe(expected.size);
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
  } finally {
    db.close();
  }
}

describe("concurrent ingests into one database", () => {
  // A lost file needs two commits to interleave: without the fix about one run in two lost one; several rounds
  // make a pass by luck unlikely.
  it("two processes with overlapping batches store every file exactly once, three rounds", async () => {
    for (let round = 0; round < 3; round++) await concurrentRun(2, `two-${round}`);
  }, 180_000);
  it("three processes with overlapping batches store every file exactly once, two rounds", async () => {
    for (let round = 0; round < 2; round++) await concurrentRun(3, `three-${round}`);
  }, 180_000);
});
