import { basename } from "node:path";
import { parseReport } from "../report/parse";
import type { Report, Source } from "../report/schema";
import { DEFAULT_MAX_FILE_MB, readFileWithin, tooLargeReason } from "../ingest/file";
import { sha256 } from "../ingest/hash";
import { readDocument } from "../ingest/read";
import { type ReadHooks, ReadError } from "../ingest/types";

/**
 * The outcome of reading and parsing one file; plain data, so it can cross a worker boundary. A report comes with
 * the very bytes it was read from (`source.sha256` is their hash): those are what is kept as the original.
 */
export type JobResult = { ok: true; path: string; report: Report & { source: Source }; bytes: Uint8Array } | { ok: false; path: string; reason: string };

export function describe(error: unknown): string {
  if (error instanceof ReadError) return error.reason;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES") return "permission denied";
  if (code === "EISDIR") return "is a directory, not a file";
  return error instanceof Error ? error.message : String(error);
}

/** Reads a file's bytes (any supported format; `path` names it) and parses them into a report with its source facts. */
export async function reportFromBytes(path: string, bytes: Uint8Array, maxFileMb = DEFAULT_MAX_FILE_MB, hooks: ReadHooks = {}): Promise<JobResult> {
  const tooLarge = tooLargeReason(bytes.length, maxFileMb);
  if (tooLarge) return { ok: false, path, reason: tooLarge };
  try {
    const document = await readDocument(bytes, hooks);
    const source: Source = { fileName: basename(path), sha256: sha256(bytes), mediaType: document.mediaType, pages: document.pages };
    const outcome = parseReport(document.text, { source, pageStarts: document.pageStarts, ocr: document.ocr ?? null });
    if (!outcome.ok) return { ok: false, path, reason: outcome.reason };
    return { ok: true, path, report: { ...outcome.report, source: outcome.report.source ?? source }, bytes };
  } catch (error) {
    return { ok: false, path, reason: describe(error) };
  }
}

/** Reads and parses a file; a file over `maxFileMb` is refused before it is read. */
export async function reportFromFile(path: string, maxFileMb = DEFAULT_MAX_FILE_MB): Promise<JobResult> {
  let bytes: Buffer;
  try {
    bytes = await readFileWithin(path, maxFileMb);
  } catch (error) {
    return { ok: false, path, reason: describe(error) };
  }
  return reportFromBytes(path, bytes, maxFileMb);
}
