import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ParsePool } from "../lib/ingest/pool";
import { fixtureDirs } from "./support/fixtures";

const pdf = join(fixtureDirs("pdf-bordered")[0] as string, "input.pdf");

describe("the parse pool bounds every file in time and memory", () => {
  it("parses a file in a worker", async () => {
    const pool = new ParsePool(1);
    const result = await pool.parse(pdf, readFileSync(pdf));
    await pool.close();
    expect(result.ok && result.report.source.mediaType).toBe("application/pdf");
  });

  it("refuses a file that takes longer than the time limit and goes on with the next", async () => {
    const pool = new ParsePool(1, { timeoutMs: 1, maxMemoryMb: 1024 });
    const slow = await pool.parse(pdf, readFileSync(pdf));
    expect(slow).toEqual({ ok: false, path: pdf, reason: "refused: reading it took longer than 0.001 s" });
    await pool.close();
  });

  it("refuses a file whose reading needs more memory than the limit, also when the worker dies before the job", async () => {
    for (const maxMemoryMb of [4, 16]) {
      const pool = new ParsePool(1, { timeoutMs: 60_000, maxMemoryMb });
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const result = await pool.parse(pdf, readFileSync(pdf));
      await pool.close();
      expect(result).toEqual({ ok: false, path: pdf, reason: `refused: reading it needs more than ${maxMemoryMb} MB of memory` });
    }
  });
});
