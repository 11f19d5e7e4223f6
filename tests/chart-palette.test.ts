import { describe, expect, it } from "vitest";
import { wrapName } from "../components/charts/GroupedBars";
import { contrastRatio, NEUTRAL, PALETTE } from "../components/charts/palette";

describe("chart colours and labels", () => {
  it("keeps every series colour at 3:1 or more against the light and the dark page", () => {
    for (const background of ["#fbfaf7", "#ffffff", "#17171a"])
      for (const color of [...PALETTE, NEUTRAL]) expect(contrastRatio(color, background), `${color} on ${background}`).toBeGreaterThanOrEqual(3);
    // The measure is WCAG's: black on white is 21:1, a colour on itself 1:1.
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#2f6db5", "#2f6db5")).toBe(1);
    expect(new Set(PALETTE).size).toBe(PALETTE.length);
  });

  it("wraps a long agency name into lines, dropping nothing", () => {
    const name = "宁夏回族自治区吴忠市公共资源交易服务中心";
    const lines = wrapName(name);
    expect(lines.join("")).toBe(name);
    expect(lines.length).toBe(2);
    expect(lines.every((line) => line.length <= 11)).toBe(true);
  });
});
