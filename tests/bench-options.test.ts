import { describe, expect, it } from "vitest";
import { benchOptions, main } from "../scripts/bench";
import { startScriptFlags } from "../scripts/bench-http";
import { capturedOutput } from "./support/output";

/** `npm run bench -- --store sqlite|postgres`: which database the web server of the http and load parts reads. */

describe("npm run bench --store", () => {
  it("reads SQLite unless told otherwise", () => {
    expect(benchOptions([]).store).toBe("sqlite");
    expect(benchOptions(["--store", "sqlite"]).store).toBe("sqlite");
  });

  it("reads a PostgreSQL copy with --store postgres, keeping the other options", () => {
    const options = benchOptions(["--store", "postgres", "--reports", "20000", "--only", "http"]);
    expect(options.store).toBe("postgres");
    expect(options.corpus.reports).toBe(20000);
    expect([...options.parts]).toEqual(["http"]);
  });

  it("refuses another store with the usage, before any work", async () => {
    const { out, writers } = capturedOutput();
    expect(await main(["--store", "mysql"], writers)).toBe(2);
    expect(out.stderr).toContain("--store takes sqlite or postgres, not mysql");
    expect(out.stderr).toContain("--store sqlite|postgres");
    expect(out.stdout).toBe("");
  });
});

describe("the benchmark's web server", () => {
  it("runs with the Node.js flags of npm start, its heap limit among them", () => {
    expect(startScriptFlags("node --max-old-space-size=1024 --trace-gc node_modules/next/dist/bin/next start")).toEqual([
      "--max-old-space-size=1024",
      "--trace-gc",
    ]);
    expect(startScriptFlags("node node_modules/next/dist/bin/next start")).toEqual([]);
    expect(startScriptFlags().some((flag) => /^--max-old-space-size=\d+$/.test(flag))).toBe(true);
  });

  it("refuses a start script of another shape rather than measure another server", () => {
    expect(() => startScriptFlags("next start")).toThrow("is not");
    expect(() => startScriptFlags("NODE_OPTIONS=--max-old-space-size=1024 next start")).toThrow("is not");
  });
});
