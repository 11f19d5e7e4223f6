import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileWithin, tooLargeReason } from "../lib/ingest/file";
import { ReadError } from "../lib/ingest/types";
import { reportFromBytes, reportFromFile } from "../lib/pipeline/job";
import { ReaderPool } from "../lib/pipeline/pool";

const MB = 1024 * 1024;
const REFUSAL = "file too large: 200.0 MB > 100 MB limit";

let dir: string;
/** A 200 MB "PDF": a real header, then a sparse hole (cheap on disk, 200 MB to any reader that reads it). */
let huge: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "nianbao-size-"));
  huge = join(dir, "huge.pdf");
  writeFileSync(huge, "%PDF-1.7\n%âãÏÓ\n");
  truncateSync(huge, 200 * MB);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the per-file size limit", () => {
  it("words the refusal with both sizes", () => {
    expect(tooLargeReason(200 * MB, 100)).toBe(REFUSAL);
    expect(tooLargeReason(100 * MB, 100)).toBeNull();
    expect(tooLargeReason(3 * MB, 2.5)).toBe("file too large: 3.0 MB > 2.5 MB limit");
  });

  it("refuses a 200 MB PDF before reading it, and reads a file within the limit", async () => {
    const before = process.memoryUsage().rss;
    const error = await readFileWithin(huge, 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).reason).toBe(REFUSAL);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * MB);
    const small = join(dir, "small.txt");
    writeFileSync(small, "年报".repeat(1000));
    expect((await readFileWithin(small, 1)).toString("utf8")).toBe("年报".repeat(1000));
    expect(await readFileWithin(small, 0.001).catch((e: ReadError) => e.reason)).toBe("file too large: 0.0 MB > 0.001 MB limit");
  });

  it("refuses it through reportFromFile and reportFromBytes, with a configurable limit", async () => {
    expect(await reportFromFile(huge)).toEqual({ ok: false, path: huge, reason: REFUSAL });
    const three = join(dir, "three.pdf");
    writeFileSync(three, "%PDF-1.7\n");
    truncateSync(three, 3 * MB);
    expect(await reportFromFile(three, 2)).toEqual({ ok: false, path: three, reason: "file too large: 3.0 MB > 2 MB limit" });
    expect(await reportFromFile(three, 4)).toMatchObject({ ok: false, reason: expect.stringMatching(/^corrupt PDF: /) });
    expect(await reportFromBytes("x.txt", new Uint8Array(2 * MB), 1)).toEqual({ ok: false, path: "x.txt", reason: "file too large: 2.0 MB > 1 MB limit" });
  });

  it("refuses bytes over the limit in the parse pool's worker too", async () => {
    const pool = new ReaderPool(1, { maxFileMb: 2 });
    try {
      expect(await pool.report("three.pdf", new Uint8Array(3 * MB))).toEqual({ ok: false, path: "three.pdf", reason: "file too large: 3.0 MB > 2 MB limit" });
    } finally {
      await pool.close();
    }
  });
});
