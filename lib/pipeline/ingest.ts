import { sha256 } from "../ingest/hash";
import type { ContentChanges, ProvenanceRow, StoreStatus, WriteStore } from "../store/write-store";
import type { JobResult } from "./job";
import type { ReaderPool } from "./pool";
import { dropSource, keepSource } from "./sources";

/**
 * The one ingest pipeline: bytes plus provenance → read → parse → store. The bytes are read once by the caller
 * (a file, a download, a kept source); from then on everything is done with those same bytes: hashed, parsed in a
 * reader process (lib/pipeline/pool.ts), kept as the source and stored. The folder walk, the progress bar and the
 * summary stay with the callers (lib/cli/ingest.ts, lib/cli/reparse.ts, the web crawler of issue 18).
 */

/**
 * Where the bytes came from. `mediaType` is what the source declared (an HTTP Content-Type, say), if known; the
 * readers still detect the format from the bytes, and the stored media type is the one detected. A URL also carries
 * what led to it (the report page an attachment was linked from, the list page, the column the crawl started from)
 * and the HTTP facts. Stored with the report (`report_provenance`, migration 0012) and handed back in the outcome.
 */
export type Provenance =
  | { kind: "file"; path: string; mediaType?: string }
  | { kind: "url"; url: string; fetchedAt: Date; mediaType?: string; pageUrl?: string; listUrl?: string; columnUrl?: string; http?: HttpFacts };

/** What the server said about the bytes. */
export type HttpFacts = { status: number; etag?: string; lastModified?: string };

/** The provenance as its line in `report_provenance`; a file's read time is the ingest's. */
export function provenanceRow(provenance: Provenance, readAt: string): ProvenanceRow {
  if (provenance.kind === "file") return { kind: "file", path: provenance.path, readAt, contentType: provenance.mediaType ?? null };
  const { url, pageUrl, listUrl, columnUrl, http, mediaType, fetchedAt } = provenance;
  return {
    kind: "url",
    url,
    pageUrl: pageUrl ?? null,
    listUrl: listUrl ?? null,
    columnUrl: columnUrl ?? null,
    readAt: fetchedAt.toISOString(),
    httpStatus: http?.status ?? null,
    etag: http?.etag ?? null,
    lastModified: http?.lastModified ?? null,
    contentType: mediaType ?? null,
  };
}

/** What storing bytes needs: the Store (which also says where sources are kept), the reader processes, the clock. */
export type IngestTarget = { store: WriteStore; pool: ReaderPool; now: () => Date };

/** One document's bytes; `name` is its file name or path (the report keeps its last part as its file name). */
export type IngestInput = { bytes: Uint8Array; name: string; provenance: Provenance };

/**
 * A stored document (`present`: the same bytes were stored before, nothing written) with its non-info issue codes
 * (none when present), or a refusal with its reason (nothing stored).
 */
export type IngestOutcome =
  | { status: StoreStatus; reportId: number; sha256: string; issueCodes: string[]; provenance: Provenance }
  | { status: "failed"; reason: string; provenance: Provenance };

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Reads, parses and stores one document's bytes. Bytes already stored (same sha256) are not parsed again; bytes the
 * readers or the parser refuse are reported with the reason and leave nothing behind. Documents are stored in the
 * order `ingest` was called on a Store, whichever reader finishes first (see `storeTurn`).
 */
export async function ingest(target: IngestTarget, { bytes, name, provenance }: IngestInput): Promise<IngestOutcome> {
  const turn = storeTurn(target.store);
  try {
    const hash = sha256(bytes);
    const present = await target.store.findBySha256(hash);
    if (present !== null) return { status: "present", reportId: present, sha256: hash, issueCodes: [], provenance };
    const result = await target.pool.report(name, bytes);
    if (!result.ok) return { status: "failed", reason: result.reason, provenance };
    // The reader hashes what it parsed: a different hash would mean other bytes, which must not be stored as these.
    if (result.report.source.sha256 !== hash) return { status: "failed", reason: "internal error: the parsed bytes are not the bytes read", provenance };
    await turn.ready;
    return await store(target, result, provenance);
  } finally {
    turn.done();
  }
}

/** The turn last handed out on each Store: it is over when that document is stored or given up. */
const lastTurns = new WeakMap<WriteStore, Promise<void>>();

/**
 * A document's turn to store, taken when `ingest` is called: it is ready once every document called before it on
 * the same Store is stored or given up. So from keeping a source to its commit no other document's store runs (were
 * two copies of the same bytes stored at once, the one that failed would take back the source the other's report
 * refers to), and with several readers the reports are stored in the order of the calls, not in the order the
 * readers finish: which copy of an agency's year stays current (`revision.undecided`) and the ids do not depend on
 * the number of readers. Reading and parsing go on in parallel meanwhile.
 */
function storeTurn(store: WriteStore): { ready: Promise<void>; done: () => void } {
  const ready = lastTurns.get(store) ?? Promise.resolve();
  let done: () => void = () => undefined;
  const over = new Promise<void>((resolve) => {
    done = resolve;
  });
  lastTurns.set(
    store,
    ready.then(() => over),
  );
  return { ready, done };
}

/** Keeps the parsed bytes as the source and stores the report (one transaction inside the Store). */
async function store(target: IngestTarget, result: Extract<JobResult, { ok: true }>, provenance: Provenance): Promise<IngestOutcome> {
  const { sourcesDir } = target.store;
  const { sha256: hash } = result.report.source;
  const ingestedAt = target.now().toISOString();
  let keptHere = false;
  try {
    keptHere = keepSource(sourcesDir, hash, result.bytes);
    // One transaction per document: a failure or a kill leaves the database as it was before it.
    const stored = await target.store.storeReport(result.report, ingestedAt, provenanceRow(provenance, ingestedAt));
    const flagged = result.report.issues.filter((i) => i.severity !== "info").map((i) => i.code);
    return { status: stored.status, reportId: stored.reportId, sha256: hash, issueCodes: stored.status === "present" ? [] : flagged, provenance };
  } catch (error) {
    // No report refers to a source kept for a store that failed.
    if (keptHere) dropSource(sourcesDir, hash);
    return { status: "failed", reason: `not stored: ${message(error)}`, provenance };
  }
}

/** A stored report's bytes read again (its kept source): which report, and the sha256 it is stored under. */
export type RereadInput = IngestInput & { reportId: number; sha256: string };

/**
 * What reading a stored report's bytes again did: its content replaced (with what changed), only the parser version
 * written (`restamped`), nothing (`unchanged`), the current code refuses the bytes (`refused`: the stored reading is
 * kept), or the store failed.
 */
export type RereadOutcome =
  | { kind: "changed"; parserBefore: string | null; changes: ContentChanges }
  | { kind: "restamped" | "unchanged" }
  | { kind: "refused" | "failed"; reason: string };

/**
 * The same pipeline for bytes already stored (`npm run reparse`): read and parse them with the current code, then
 * replace the stored reading of report `reportId` in one transaction, keeping its id, file and ingest time. The
 * source is already kept; the report keeps the file name it was stored under (`name`).
 */
export async function reread(target: IngestTarget, input: RereadInput): Promise<RereadOutcome> {
  const result = await target.pool.report(input.name, input.bytes);
  if (!result.ok) return { kind: "refused", reason: result.reason };
  if (result.report.source.sha256 !== input.sha256) return { kind: "failed", reason: "internal error: the parsed bytes are not the stored file's" };
  const report = { ...result.report, source: { ...result.report.source, fileName: input.name } };
  try {
    return await target.store.replaceReading(input.reportId, report);
  } catch (error) {
    return { kind: "failed", reason: `not stored: ${message(error)}` };
  }
}
