import { describe, expect, it } from "vitest";
import { barRects, categoryAt, lineRuns, niceStep, type Plot, plotArea, valueTicks, yOf } from "../components/charts/light/geometry";

/** The overview's light charts (components/charts/light): the arithmetic that places their marks. */

const PLOT: Plot = { left: 0, top: 0, width: 200, height: 100 };
const SERIES = [
  { key: "a", name: "甲" },
  { key: "b", name: "乙" },
];

describe("light chart geometry", () => {
  it("picks round axis steps and ticks from 0 (or below) to the given top or a round number above the data", () => {
    expect([0.7, 3, 23, 308.5, 1000].map(niceStep)).toEqual([1, 5, 25, 500, 1000]);
    expect(valueTicks([12.5, 80], 100)).toEqual([0, 25, 50, 75, 100]);
    expect(valueTicks([3, 1234])).toEqual([0, 500, 1000, 1500]);
    expect(valueTicks([-20, 30])[0]).toBeLessThanOrEqual(-20);
    expect(valueTicks([-20, 30]).at(-1)).toBeGreaterThanOrEqual(30);
    expect(valueTicks([0, 0])).toEqual([0, 1]);
  });

  it("maps values to heights, the axis's first tick at the bottom", () => {
    expect(yOf(0, [0, 50, 100], PLOT)).toBe(100);
    expect(yOf(100, [0, 50, 100], PLOT)).toBe(0);
    expect(yOf(25, [0, 50, 100], PLOT)).toBe(75);
  });

  it("stacks the first series at the bottom and leaves no bar for a missing value", () => {
    const rects = barRects(
      [
        { year: "2023", a: 30, b: 70 },
        { year: "2024", a: null, b: 40 },
      ],
      SERIES,
      [0, 50, 100],
      PLOT,
      true,
    );
    expect(rects.map(({ category, series, y, height }) => ({ category, series, y, height }))).toEqual([
      { category: 0, series: 0, y: 70, height: 30 },
      { category: 0, series: 1, y: 0, height: 70 },
      { category: 1, series: 1, y: 60, height: 40 },
    ]);
    // A tenth of each 100 px band empty on either side.
    expect(rects[0]!.x).toBe(10);
    expect(rects[0]!.width).toBe(80);
  });

  it("puts grouped bars side by side, each from 0", () => {
    const rects = barRects([{ year: "2024", a: 50, b: 100 }], SERIES, [0, 100], PLOT, false);
    expect(rects.map((r) => [r.y, r.height])).toEqual([
      [50, 50],
      [0, 100],
    ]);
    expect(rects[1]!.x).toBeGreaterThan(rects[0]!.x + rects[0]!.width);
  });

  it("breaks a line where a year has no value instead of drawing it to 0", () => {
    const rows = [
      { year: 2020, a: 1 },
      { year: 2021, a: 2 },
      { year: 2022, a: null },
      { year: 2023, a: 4 },
    ];
    const runs = lineRuns(rows, "a", [0, 4], PLOT);
    expect(runs.map((run) => run.length)).toEqual([2, 1]);
    expect(runs[0]![0]!.x).toBe(16);
    expect(runs[1]![0]).toEqual({ x: 184, y: 0 });
  });

  it("finds the hovered category by band for bars and by nearest year for lines", () => {
    const rows = [{ year: 2020 }, { year: 2021 }, { year: 2022 }, { year: 2023 }];
    expect([0, 49, 50, 199, 250].map((x) => categoryAt(x, rows, PLOT, "bars"))).toEqual([0, 0, 1, 3, 3]);
    expect([0, 70, 130, 200].map((x) => categoryAt(x, rows, PLOT, "lines"))).toEqual([0, 1, 2, 3]);
  });

  it("leaves room for the value axis and the category labels", () => {
    expect(plotArea({ width: 640, height: 280 })).toEqual({ left: 64, top: 8, width: 560, height: 234 });
  });
});
