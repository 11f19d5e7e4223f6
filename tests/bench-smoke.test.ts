import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../scripts/bench";
import { capturedOutput } from "./support/output";

/**
 * The benchmark script runs end to end on 100 synthetic reports (no timing is asserted: speed is what the
 * benchmark measures, not what a test checks). The HTTP and load parts need `next build`; the browser tests
 * cover the server, so they are skipped here.
 */

const cache = mkdtempSync(join(tmpdir(), "nianbao-bench-smoke-"));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

async function run(argv: string[]) {
  const { out, writers } = capturedOutput();
  const code = await main(argv, writers);
  return { code, ...out };
}

const cell = (table: string, measure: string) =>
  table
    .split("\n")
    .find((line) => line.startsWith(`| ${measure} `))
    ?.split("|")[2]
    ?.trim();

describe("npm run bench on 100 reports", () => {
  it("prints every figure of the parse, PDF and ingest parts, and the accuracy against the ground truth", async () => {
    const { code, stdout, stderr } = await run(["--reports", "100", "--skip", "http,load", "--rounds", "1", "--ingest-files", "10", "--cache", cache]);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("100 synthetic reports");
    for (const measure of [
      "text parse (one core)",
      "PDF: bare pdfjs text extraction",
      "PDF: Nianbao read + parse",
      "ingest text, 1 job",
      "ingest text, 2 jobs",
      "ingest PDF mix, 1 job",
      "ingest PDF mix, 2 jobs",
      "ingest text, 2 jobs ÷ 1 job",
      "ingest PDF mix, 2 jobs ÷ 1 job",
    ]) {
      expect(cell(stdout, measure), measure).toMatch(/\d/);
    }
    expect(stdout).toMatch(/ingest text, 1 job .*10 stored of 10 files.*0 failed; CPU \d+\.\d s main \+ \d+\.\d s readers/);
    // The readers' CPU is that of processes that did the reading: more than none.
    expect(Number(/ingest PDF mix, 2 jobs .*CPU [\d.]+ s main \+ ([\d.]+) s readers/.exec(stdout)?.[1])).toBeGreaterThan(0);
    expect(stdout).toMatch(
      /ingest PDF mix, 2 jobs ÷ 1 job .*\d\.\d\d× wall .*at most \d\.\d\d× on two free cores.*, \d\.\d\d× if 1 job's main process overlaps its reader/,
    );
    expect(stdout).toMatch(/ingest PDF mix, 2 jobs .*s readers; main process busy \d+ % of the wall/);
    expect(cell(stdout, "parse accuracy vs ground truth")).toBe("100.00 %");
    expect(stdout).toMatch(/cross-year flags vs ground truth .*0 missed, 0 spurious/);
    expect(cell(stdout, "benchmark database build")).toMatch(/reports\/s/);
    expect(readdirSync(cache).filter((name) => name.endsWith(".db"))).toHaveLength(1);
  }, 300_000);

  it("reuses the cached database on a rerun", async () => {
    const { code, stdout } = await run(["--reports", "100", "--only", "parse", "--cache", cache]);
    expect(code).toBe(0);
    expect(cell(stdout, "benchmark database build")).toBe("cached");
    expect(stdout).not.toContain("ingest text");
  }, 60_000);

  it("refuses an unknown part with the usage", async () => {
    const { code, stderr } = await run(["--skip", "everything"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown part everything");
  });
});
