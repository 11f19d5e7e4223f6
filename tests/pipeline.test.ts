import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type Db, openWritableDb } from "../db/client";
import { SqliteWriteStore } from "../db/sqlite-write-store";
import { ingestFiles } from "../lib/cli/ingest";
import { sha256 } from "../lib/ingest/hash";
import { type IngestTarget, ingest, type Provenance, reread } from "../lib/pipeline/ingest";
import { DEFAULT_LIMITS, ReaderPool } from "../lib/pipeline/pool";
import { corpusReports, corpusText, DEFAULT_CORPUS, type Truth } from "../lib/synth/corpus";
import { reportToDocument } from "../lib/synth/render";
import { encodeHtml, renderHtml } from "../lib/synth/render-html";

/**
 * The ingest pipeline called directly, as the web crawler will call it: bytes that were never a file (a report page
 * rendered in memory as a GBK page, as many county portals serve it), with a URL for provenance.
 */

const truths: Truth[] = [...corpusReports({ ...DEFAULT_CORPUS, reports: 2, identityBreaks: 0, crossYearMismatches: 0 })];
const page = (truth: Truth) => encodeHtml(renderHtml(reportToDocument(truth.report), { charset: "gbk" }), "gbk");
const fromUrl = (url: string): Provenance => ({ kind: "url", url, fetchedAt: new Date("2026-12-02T08:00:00Z"), mediaType: "text/html" });

let dir: string;
let db: Db;
let pool: ReaderPool;
let target: IngestTarget;

beforeAll(() => {
  pool = new ReaderPool(2);
});
afterAll(async () => {
  await pool.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-pipeline-"));
  db = openWritableDb(join(dir, "n.db"));
  target = { store: new SqliteWriteStore(db), pool, now: () => new Date("2026-12-02T08:00:05Z") };
  return () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  };
});

const count = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
const kept = () => (existsSync(target.store.sourcesDir) ? readdirSync(target.store.sourcesDir) : []);

describe("the ingest pipeline on bytes", () => {
  it("reads, parses and stores bytes that were never a file, keeping them exactly and handing the provenance back", async () => {
    const bytes = page(truths[0]!);
    const provenance = fromUrl("http://127.0.0.1/xxgk/ndbg/2024/t1.html");
    const outcome = await ingest(target, { bytes, name: "t1.html", provenance });
    expect(outcome).toMatchObject({ status: "ingested", sha256: sha256(bytes), provenance });
    if (outcome.status !== "ingested") throw new Error("not ingested");

    const row = db.$client
      .prepare("SELECT r.id, r.file_name AS fileName, r.sha256, r.media_type AS mediaType, r.year, r.ingested_at AS ingestedAt FROM reports r")
      .get() as Record<string, unknown>;
    expect(row).toEqual({
      id: outcome.reportId,
      fileName: "t1.html",
      sha256: sha256(bytes),
      mediaType: "text/html",
      year: truths[0]!.report.year,
      ingestedAt: "2026-12-02T08:00:05.000Z",
    });
    expect(kept()).toEqual([sha256(bytes)]);
    expect(new Uint8Array(readFileSync(join(target.store.sourcesDir, sha256(bytes))))).toEqual(bytes);

    // Read again through the pipeline with the same code: nothing to change.
    expect(await reread(target, { reportId: outcome.reportId, sha256: sha256(bytes), bytes, name: "t1.html", provenance })).toEqual({ kind: "unchanged" });
  });

  it("refuses a document that is not a report with the reason, and stores nothing of it", async () => {
    const notFound = new TextEncoder().encode(
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在</title></head><body><p>您访问的页面不存在或已被删除。</p></body></html>',
    );
    const binary = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    const cases: [Uint8Array, RegExp][] = [
      [notFound, /^not a 政府信息公开工作年度报告/],
      [binary, /^unrecognised file format/],
    ];
    for (const [bytes, reason] of cases) {
      const provenance = fromUrl("http://127.0.0.1/xxgk/ndbg/missing.html");
      const outcome = await ingest(target, { bytes, name: "missing.html", provenance });
      expect(outcome).toEqual({ status: "failed", reason: expect.stringMatching(reason), provenance });
    }
    expect(count("reports")).toBe(0);
    expect(count("agencies")).toBe(0);
    expect(kept()).toEqual([]);
  });

  it("stores the same bytes once, whether they come again later or twice at the same time", async () => {
    const first = page(truths[0]!);
    const again = await ingest(target, { bytes: first, name: "t1.html", provenance: fromUrl("http://127.0.0.1/a/t1.html") });
    const later = await ingest(target, { bytes: new Uint8Array(first), name: "copy.html", provenance: fromUrl("http://127.0.0.1/b/copy.html") });
    expect(again.status).toBe("ingested");
    expect(later).toMatchObject({ status: "present", issueCodes: [], reportId: again.status === "ingested" ? again.reportId : -1 });

    // Two fetches of one page in flight together: both parsed, one stored.
    const second = page(truths[1]!);
    const both = await Promise.all(
      ["http://127.0.0.1/c/t2.html", "http://127.0.0.1/d/t2.html"].map((url) =>
        ingest(target, { bytes: new Uint8Array(second), name: "t2.html", provenance: fromUrl(url) }),
      ),
    );
    expect(both.map((o) => o.status).sort()).toEqual(["ingested", "present"]);
    expect(new Set(both.map((o) => o.status !== "failed" && o.reportId)).size).toBe(1);

    expect(count("reports")).toBe(2);
    expect(kept().sort()).toEqual([sha256(first), sha256(second)].sort());
  });
});

describe("the order documents are stored in", () => {
  it("stores documents in the order ingest was called, though a later one is parsed first", async () => {
    const [slow, fast] = [page(truths[0]!), page(truths[1]!)];
    const report = ReaderPool.prototype.report;
    // The first document's reader takes longer: its report comes back after the second's.
    const spy = vi.spyOn(ReaderPool.prototype, "report").mockImplementation(async function (this: ReaderPool, path, bytes) {
      const result = await report.call(this, path, bytes);
      if (path === "slow.html") await new Promise((resolve) => setTimeout(resolve, 300));
      return result;
    });
    const finished: string[] = [];
    try {
      const outcomes = await Promise.all(
        (
          [
            ["slow.html", slow],
            ["fast.html", fast],
          ] as const
        ).map(async ([name, bytes]) => {
          const outcome = await ingest(target, { bytes, name, provenance: fromUrl(`http://127.0.0.1/${name}`) });
          finished.push(name);
          return outcome;
        }),
      );
      expect(outcomes.map((o) => o.status)).toEqual(["ingested", "ingested"]);
      expect(finished).toEqual(["slow.html", "fast.html"]);
      const ids = outcomes.map((o) => (o.status === "failed" ? -1 : o.reportId));
      expect(ids[0]).toBeLessThan(ids[1]!);
    } finally {
      spy.mockRestore();
    }
  });

  it("goes on storing the next documents after one is refused or already stored", async () => {
    const first = page(truths[0]!);
    await ingest(target, { bytes: first, name: "t1.html", provenance: fromUrl("http://127.0.0.1/t1.html") });
    const outcomes = await Promise.all([
      ingest(target, { bytes: new Uint8Array(first), name: "again.html", provenance: fromUrl("http://127.0.0.1/again.html") }),
      ingest(target, { bytes: new TextEncoder().encode("not a report"), name: "no.txt", provenance: fromUrl("http://127.0.0.1/no.txt") }),
      ingest(target, { bytes: page(truths[1]!), name: "t2.html", provenance: fromUrl("http://127.0.0.1/t2.html") }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["present", "failed", "ingested"]);
    expect(count("reports")).toBe(2);
  });
});

describe("npm run ingest's files in flight", () => {
  it("keeps a reader's next file waiting in the pool while its report is stored: two files in flight per reader", async () => {
    const files = [...corpusReports({ ...DEFAULT_CORPUS, reports: 5, identityBreaks: 0, crossYearMismatches: 0 })].map((truth) => {
      const path = join(dir, `${truth.id}.txt`);
      writeFileSync(path, corpusText(truth));
      return path;
    });
    let waiting = 0;
    let mostWaiting = 0;
    const report = ReaderPool.prototype.report;
    const spy = vi.spyOn(ReaderPool.prototype, "report").mockImplementation(async function (this: ReaderPool, path, bytes) {
      mostWaiting = Math.max(mostWaiting, ++waiting);
      try {
        return await report.call(this, path, bytes);
      } finally {
        waiting--;
      }
    });
    try {
      const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false, now: () => new Date("2026-12-02T08:00:05Z") };
      const summary = await ingestFiles(target.store, files, { jobs: 1, limits: DEFAULT_LIMITS }, io);
      expect(summary.ingested + summary.revised).toBe(files.length);
      expect(mostWaiting).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe("npm run ingest with several readers", () => {
  it("stores the files in the order of the walk, whichever reader finishes first", async () => {
    const files = [...corpusReports({ ...DEFAULT_CORPUS, reports: 6, identityBreaks: 0, crossYearMismatches: 0 })].map((truth, i) => {
      const path = join(dir, `${i}-${truth.id}.txt`);
      writeFileSync(path, corpusText(truth));
      return path;
    });
    const report = ReaderPool.prototype.report;
    // Every other file's report comes back late, after the next file's.
    const spy = vi.spyOn(ReaderPool.prototype, "report").mockImplementation(async function (this: ReaderPool, path, bytes) {
      const result = await report.call(this, path, bytes);
      if (files.indexOf(path) % 2 === 0) await new Promise((resolve) => setTimeout(resolve, 200));
      return result;
    });
    try {
      const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false, now: () => new Date("2026-12-02T08:00:05Z") };
      const summary = await ingestFiles(target.store, files, { jobs: 2, limits: DEFAULT_LIMITS }, io);
      expect(summary.ingested + summary.revised).toBe(files.length);
      const stored = db.$client.prepare("SELECT file_name AS name FROM reports ORDER BY id").all() as { name: string }[];
      expect(stored.map((row) => row.name)).toEqual(files.map((path) => path.slice(dir.length + 1)));
    } finally {
      spy.mockRestore();
    }
  });
});
