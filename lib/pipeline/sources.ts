import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readFileWithin } from "../ingest/file";
import { sha256 } from "../ingest/hash";
import { describe } from "./job";
import { DEFAULT_LIMITS } from "./pool";

/**
 * The kept sources: each stored report's original bytes, exactly as read, content-addressed beside the database
 * (`<sourcesDir>/<sha256>`).
 */

export function sourcePath(sourcesDir: string, hash: string): string {
  return join(sourcesDir, hash);
}

/**
 * Keeps the original bytes, written atomically: a full disk leaves no partial file. Returns whether this call wrote
 * the file, so that a failed store can take it back (`dropSource`).
 */
export function keepSource(sourcesDir: string, hash: string, bytes: Uint8Array): boolean {
  const target = sourcePath(sourcesDir, hash);
  if (existsSync(target)) return false;
  mkdirSync(sourcesDir, { recursive: true });
  const partial = `${target}.${process.pid}.partial`;
  try {
    writeFileSync(partial, bytes);
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  return true;
}

/** Takes back a source kept for a store that failed: no report refers to it. */
export function dropSource(sourcesDir: string, hash: string): void {
  rmSync(sourcePath(sourcesDir, hash), { force: true });
}

export type KeptSource = { bytes: Buffer; path: string } | { problem: string };

/** A kept source's bytes, read once and checked against the sha256 it is stored under, or why they cannot be. */
export async function readKeptSource(sourcesDir: string, hash: string): Promise<KeptSource> {
  const path = sourcePath(sourcesDir, hash);
  if (!existsSync(path)) return { problem: `source missing: ${path}` };
  try {
    const bytes = await readFileWithin(path, DEFAULT_LIMITS.maxFileMb);
    return sha256(bytes) === hash ? { bytes, path } : { problem: `source changed: ${path} no longer has the stored sha256` };
  } catch (error) {
    return { problem: `source unreadable: ${path}: ${describe(error)}` };
  }
}
