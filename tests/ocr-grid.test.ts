import { describe, expect, it } from "vitest";
import { findTables } from "../lib/ingest/ocr-grid";
import { withoutUnit } from "../lib/ingest/ocr-page";
import { type Binary, binarise, despeckle, type Gray, inkBox, otsuThreshold, skewDegrees, toGray } from "../lib/ingest/ocr-raster";

function blank(width: number, height: number): Binary {
  return { width, height, ink: new Uint8Array(width * height) };
}

function fill(page: Binary, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) page.ink[y * page.width + x] = 1;
}

/** A 3×3 table at 300 dpi whose first row's last two cells are one (no rule between them), with print in its cells. */
function table(): Binary {
  const page = blank(1500, 500);
  const ys = [100, 160, 220, 280];
  const xs = [100, 500, 900, 1300];
  for (const y of ys) fill(page, 100, y, 1303, y + 3);
  // The header's rule between columns 2 and 3 is missing: one cell over two columns.
  for (const x of xs) fill(page, x, x === 900 ? 160 : 100, x + 3, 283);
  // Print: a tall stroke inside a cell (not reaching two rules), a bar (shorter than a rule), a speck.
  fill(page, 300, 170, 303, 205);
  fill(page, 550, 190, 650, 194);
  fill(page, 1000, 240, 1002, 242);
  return page;
}

describe("tables of a scanned page by their ruling lines", () => {
  it("finds the lattice, joins the slots no rule separates, and takes no print for a rule", () => {
    const [found, ...others] = findTables(table(), 300);
    expect(others).toEqual([]);
    expect(found).toMatchObject({ rows: 3, cols: 3 });
    expect(found!.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
      [0, 0, 1, 1],
      [0, 1, 1, 2],
      [1, 0, 1, 1],
      [1, 1, 1, 1],
      [1, 2, 1, 1],
      [2, 0, 1, 1],
      [2, 1, 1, 1],
      [2, 2, 1, 1],
    ]);
    expect(found!.cells[1]).toMatchObject({ x0: 501, x1: 1301 });
  });

  it("does not take a stroke of print under the end of a rule for the rule going on", () => {
    const page = blank(1500, 500);
    for (const y of [100, 160, 220, 280]) fill(page, 100, y, 1303, y + 3);
    // The rule between the first two columns stops at the last row, whose label spans both; a stroke of that label
    // stands under the rule's end, 9 pixels below it and 7 above the next rule (joined to it as a broken piece of the rule, it is not inked).
    for (const x of [100, 900, 1300]) fill(page, x, 100, x + 3, 283);
    fill(page, 500, 100, 503, 223);
    fill(page, 500, 232, 503, 273);
    const [found] = findTables(page, 300);
    expect(found!.cells.filter((c) => c.row === 2).map((c) => [c.col, c.colSpan])).toEqual([
      [0, 2],
      [2, 1],
    ]);
  });

  it("takes a side inked along one straight line for a rule where no line was found (a rule broken into short pieces)", () => {
    const page = blank(1500, 500);
    for (const y of [100, 160, 280]) fill(page, 100, y, 1303, y + 3);
    for (const x of [100, 500, 900, 1300]) fill(page, x, 100, x + 3, 283);
    // The rule at y 220 is found over the last column only; over the middle one it is dashes of 50 pixels with gaps of
    // 5 (90 % inked, each piece too short for a line); over the first there is none, but print crosses where it would
    // be (strokes of 8 pixels with gaps of 4: two thirds inked along any line), so the first column's cell spans two rows.
    fill(page, 900, 220, 1303, 223);
    for (let x = 503; x < 900; x += 55) fill(page, x, 220, Math.min(x + 50, 900), 223);
    for (let x = 110; x < 490; x += 12) fill(page, x, 205, x + 8, 235);
    const [found] = findTables(page, 300);
    expect(found).toMatchObject({ rows: 3, cols: 3 });
    expect(found!.cells.map((c) => [c.row, c.col, c.rowSpan, c.colSpan])).toEqual([
      [0, 0, 1, 1],
      [0, 1, 1, 1],
      [0, 2, 1, 1],
      [1, 0, 2, 1],
      [1, 1, 1, 1],
      [1, 2, 1, 1],
      [2, 1, 1, 1],
      [2, 2, 1, 1],
    ]);
  });

  it("splits a row twice the usual height whose cells each hold two lines of print at its middle, not one with a wrapped label", () => {
    const page = blank(1500, 700);
    // Rows of 60 pixels; the rule at 280 left no ink (rows 220–340 look like one), and 340–460 is one row whose label
    // wraps over two lines while its numbers stand in the middle.
    for (const y of [100, 160, 220, 340, 460, 520]) fill(page, 100, y, 1303, y + 3);
    for (const x of [100, 500, 900, 1300]) fill(page, x, 100, x + 3, 523);
    const print = (x: number, y: number) => fill(page, x, y, x + 60, y + 24);
    for (const x of [200, 600, 1000]) for (const y of [238, 298]) print(x, y);
    print(200, 358);
    print(200, 418);
    for (const x of [600, 1000]) print(x, 388);
    const [found] = findTables(page, 300);
    expect(found).toMatchObject({ rows: 6, cols: 3 });
    expect(found!.cells.filter((c) => c.row === 2 || c.row === 3).map((c) => [c.row, c.col, c.rowSpan])).toEqual([
      [2, 0, 1],
      [2, 1, 1],
      [2, 2, 1],
      [3, 0, 1],
      [3, 1, 1],
      [3, 2, 1],
    ]);
    expect(found!.ys.map(Math.round)).toEqual([101, 161, 221, 281, 341, 461, 521]);
  });

  it("finds no table in print alone", () => {
    const page = blank(800, 300);
    for (let i = 0; i < 12; i++) fill(page, 40 + i * 60, 100, 80 + i * 60, 104);
    for (let i = 0; i < 12; i++) fill(page, 40 + i * 60, 90, 43 + i * 60, 130);
    expect(findTables(page, 300)).toEqual([]);
  });
});

describe("a number printed with its unit", () => {
  it("is cut at the white gap before the unit, one square of the line's height from the right", () => {
    // Digits 14 pixels wide with gaps of 3, then a gap of 6 and a square unit glyph (元) of the line's height, 40.
    const ink = blank(200, 40);
    for (let x = 0; x < 5 * 17; x += 17) fill(ink, x, 6, x + 14, 36);
    fill(ink, 91, 0, 131, 40);
    const clean = { ...ink, box: { x0: 0, y0: 0, x1: 131, y1: 40 }, count: 0, specks: 0 };
    const cut = withoutUnit(clean, 1).box!;
    expect(cut.x1).toBeGreaterThanOrEqual(82);
    expect(cut.x1).toBeLessThan(91);
    // Two units (万元) are two squares: the cut stands before both.
    fill(ink, 137, 0, 177, 40);
    expect(withoutUnit({ ...clean, box: { x0: 0, y0: 0, x1: 177, y1: 40 } }, 2).box!.x1).toBeLessThan(91);
  });
});

describe("the page image", () => {
  it("measures the skew of a turned page from its lines, either way", () => {
    for (const degrees of [1, -0.8, 0]) {
      const page = blank(1200, 800);
      const slope = Math.tan((degrees * Math.PI) / 180);
      for (const y0 of [150, 300, 450, 600]) for (let x = 50; x < 1150; x++) fill(page, x, Math.round(y0 + x * slope), x + 1, Math.round(y0 + x * slope) + 3);
      expect(Math.abs(skewDegrees(page) - degrees)).toBeLessThanOrEqual(0.1);
    }
  });

  it("takes salt and pepper out and keeps a rule one pixel thin", () => {
    const gray: Gray = { width: 60, height: 20, data: new Uint8Array(60 * 20).fill(230) };
    const set = (x: number, y: number, value: number) => {
      gray.data[y * 60 + x] = value;
    };
    for (let x = 5; x < 55; x++) set(x, 10, 30);
    for (let y = 2; y < 6; y++) for (let x = 20; x < 24; x++) set(x, y, 30);
    set(40, 3, 30);
    set(21, 3, 230);
    const { image, share } = despeckle(gray, 128);
    expect(share).toBeGreaterThan(0);
    const at = (x: number, y: number) => image.data[y * 60 + x]!;
    // The rule keeps its pixels but for its two ends (one dark neighbour each); the speck on paper and the hole in a
    // blot are gone.
    for (let x = 6; x < 54; x++) expect(at(x, 10)).toBeLessThanOrEqual(128);
    expect(at(40, 3)).toBeGreaterThan(128);
    expect(at(21, 3)).toBeLessThanOrEqual(128);
  });

  it("splits ink from paper by Otsu's threshold and boxes the ink, specks left out", () => {
    const rgba = new Uint8Array(4 * 100 * 50).fill(240);
    for (let y = 10; y < 20; y++) for (let x = 30; x < 60; x++) rgba.fill(20, 4 * (y * 100 + x), 4 * (y * 100 + x) + 3);
    rgba.fill(20, 4 * (40 * 100 + 90), 4 * (40 * 100 + 90) + 3);
    const gray = toGray(rgba, 100, 50);
    const threshold = otsuThreshold(gray);
    expect(threshold).toBeGreaterThanOrEqual(20);
    expect(threshold).toBeLessThan(240);
    const page = binarise(gray);
    expect(inkBox(page, 0, 0, 100, 50)).toEqual({ x0: 30, y0: 10, x1: 60, y1: 20, count: 300 });
  });
});
