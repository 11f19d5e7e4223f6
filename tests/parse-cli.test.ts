import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../lib/cli/io";
import { main } from "../scripts/parse";
import { FIXTURES } from "./support/fixtures";
import { capturedOutput } from "./support/output";

const SEED = join(FIXTURES, "seed-004", "input.txt");

function capture(files: Record<string, string> = {}) {
  const { out, writers } = capturedOutput();
  const io: CliIo = {
    ...writers,
    readFile: async (path) => (path in files ? Buffer.from(files[path] as string) : readFile(path)),
  };
  return { io, out };
}

describe("npm run parse", () => {
  it("prints the report as one line of JSON with the dictionary's keys", async () => {
    const { io, out } = capture();
    expect(await main([SEED], io)).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(out.stdout.trim().split("\n")).toHaveLength(1);
    expect(report.applications.newReceived.total).toBe(0);
    expect(report.reviewLitigation.litigationDirect.pending).toBe(0);
    expect(report.source).toMatchObject({ fileName: "input.txt", mediaType: "text/plain", pages: null });
    expect(report.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads a PDF like ingest does: its media type, pages and the page of each number", async () => {
    const { io, out } = capture();
    expect(await main([join(FIXTURES, "pdf-bordered", "input.pdf")], io)).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.source).toMatchObject({ fileName: "input.pdf", mediaType: "application/pdf", pages: 5 });
    expect(report.source.numberPages.applications).toMatchObject({ granted: 2, withheldStateSecret: 3, carriedForward: 4 });
  });

  it("indents with --pretty", async () => {
    const { io, out } = capture();
    expect(await main(["--pretty", SEED], io)).toBe(0);
    expect(out.stdout).toContain('\n  "agency": "吴忠市公共资源交易服务中心"');
  });

  it("exits 1 naming the file and the reason when the file is missing", async () => {
    const { io, out } = capture();
    expect(await main(["no/such/report.txt"], io)).toBe(1);
    expect(out.stderr).toBe("no/such/report.txt: no such file\n");
  });

  it("refuses a text that is not an annual report, with the reason", async () => {
    const { io, out } = capture({ "minutes.txt": "会议纪要\n一、会议时间 2024年3月1日\n二、参会人员 12 人\n" });
    expect(await main(["minutes.txt"], io)).toBe(1);
    expect(out.stderr).toBe("minutes.txt: not a 政府信息公开工作年度报告: no 表三 found\n");
    expect(out.stdout).toBe("");
  });

  it("refuses a report without a title naming the agency and year", async () => {
    const seed = await readFile(SEED, "utf8");
    const untitled = seed.replace(/^[\s\S]*?年度报告\n/, "");
    const { io, out } = capture({ "untitled.txt": untitled });
    expect(await main(["untitled.txt"], io)).toBe(1);
    expect(out.stderr).toContain("no title naming the agency and the year");
  });

  it("exits 2 on bad usage", async () => {
    for (const argv of [[], ["a.txt", "b.txt"], ["--bogus", SEED]]) {
      const { io, out } = capture();
      expect(await main(argv, io)).toBe(2);
      expect(out.stderr).toContain("usage: npm run parse -- FILE [--pretty]");
    }
  });

  it("runs as a command with the same output", () => {
    const stdout = execFileSync("npx", ["tsx", "scripts/parse.ts", SEED], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    expect(JSON.parse(stdout).periodStart).toBe("2024-05-29");
  });
});
