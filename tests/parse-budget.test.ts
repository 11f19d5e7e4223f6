import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReport } from "../lib/report/parse";
import { MAX_REPORT_STEPS, readings, withStepBudget } from "../lib/report/readings";

/**
 * One search budget per report (lib/report/readings.ts): the glued-row searches of a whole parse share
 * MAX_REPORT_STEPS steps, so a crafted text cannot make one file take minutes. Counted in steps, not seconds.
 */

const seed = (n: number) => readFileSync(join(import.meta.dirname, "fixtures", `seed-00${n}`, "input.txt"), "utf8");
/** 49 digits, no zero in front, nothing repeating: the hardest kind of glued row for the search. */
const LONG_RUN = Array.from({ length: 49 }, (_, i) => String(((i * 7 + 3) % 9) + 1)).join("");

/** Seed 0 with the numbers of its first `rows` 表三 rows after 予以公开 glued into one long run each. */
function craftedReport(rows: number): string {
  const lines = seed(0).split("\n");
  const start = lines.findIndex((line) => line.includes("(一) 予以公开"));
  for (let i = start; i < start + rows; i++) lines[i] = lines[i]!.replace(/(\t\d+)+\t?$/, `\t${LONG_RUN}`);
  return lines.join("\n");
}

describe("the search budget of one report", () => {
  it("stops a reading when the budget shared by the searches runs out", () => {
    const { result, stepsUsed } = withStepBudget(1000, () => readings([LONG_RUN], 7, 7));
    expect(result).toBeNull();
    expect(stepsUsed).toBe(1000);
    const unbounded = withStepBudget(Infinity, () => readings([LONG_RUN], 7, 7));
    expect(unbounded.stepsUsed).toBeGreaterThan(100_000);
  });

  it("shares the budget between readings: the second gets what the first left", () => {
    const { stepsUsed } = withStepBudget(1500, () => [readings([LONG_RUN], 7, 7), readings([LONG_RUN], 7, 7)]);
    expect(stepsUsed).toBe(1500);
    expect(withStepBudget(1500, () => readings(["12", "3", "0", "0", "0", "0", "15"], 7, 7)).result).toEqual([[12, 3, 0, 0, 0, 0, 15]]);
  });

  it("bounds a crafted report of six long glued rows, which still parses, flagged", () => {
    const { result, stepsUsed } = withStepBudget(Infinity, () => parseReport(craftedReport(6)));
    expect(stepsUsed).toBeLessThanOrEqual(MAX_REPORT_STEPS);
    expect(stepsUsed).toBeGreaterThan(MAX_REPORT_STEPS / 2);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.report.issues.some((issue) => issue.severity !== "info")).toBe(true);
  });

  it("leaves real reports far inside it", () => {
    for (const n of [0, 1, 2, 3, 4]) expect(withStepBudget(Infinity, () => parseReport(seed(n))).stepsUsed).toBeLessThan(MAX_REPORT_STEPS / 100);
  });
});
