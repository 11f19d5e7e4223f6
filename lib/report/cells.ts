import { readings, totalsHold } from "./readings";

/**
 * How the numbers printed after one label become a row of `count` cells.
 * - exact: as many numbers as columns;
 * - extra: more numbers than columns; a cell is kept only where every alignment gives the same value;
 * - glued: fewer numbers than columns, so separators were lost; the readings that fit are kept;
 * - missing: the numbers cannot be read as `count` cells at all.
 */
export type RowCells =
  | { kind: "exact"; values: number[] }
  | { kind: "extra"; values: (number | null)[]; printed: number }
  | { kind: "glued"; candidates: number[][] }
  | { kind: "missing"; printed: number };

function certainCells(numbers: number[], count: number): (number | null)[] {
  const shifts = numbers.length - count;
  return Array.from({ length: count }, (_, i) => {
    const value = numbers[i] as number;
    for (let shift = 1; shift <= shifts; shift++) if (numbers[i + shift] !== value) return null;
    return value;
  });
}

/** `groupSize`: the cells come in runs whose last cell is the total of the others (7 for 表三, 5 for 表四). */
export function readCells(pieces: string[], count: number, groupSize: number): RowCells {
  const numbers = pieces.map(Number);
  if (numbers.length === count) return { kind: "exact", values: numbers };
  if (numbers.length > count) return { kind: "extra", values: certainCells(numbers, count), printed: numbers.length };
  const all = pieces.some((piece) => piece.includes(".")) ? [] : readings(pieces, count);
  if (all === null) return { kind: "glued", candidates: [] };
  if (all.length === 0) return { kind: "missing", printed: numbers.length };
  if (all.length === 1) return { kind: "exact", values: all[0] as number[] };
  const fitting = all.filter((values) => totalsHold(values, groupSize));
  return { kind: "glued", candidates: fitting.length ? fitting : all };
}

const MAX_COMBINATIONS = 20000;

/**
 * Chooses one reading per glued row: the only combination under which `violations` finds nothing.
 * Returns null when no combination or more than one fits (the table is then not stored).
 */
export function chooseReadings(candidates: number[][][], violations: (choice: number[][]) => number): number[][] | null {
  const size = candidates.reduce((product, list) => product * list.length, 1);
  if (size === 0 || size > MAX_COMBINATIONS) return null;
  if (size === 1) return candidates.map((list) => list[0] as number[]);
  let fit: number[][] | null = null;
  const choice: number[][] = [];
  const visit = (row: number): boolean => {
    if (row === candidates.length) {
      if (violations(choice) > 0) return true;
      if (fit) return false;
      fit = [...choice];
      return true;
    }
    for (const values of candidates[row] as number[][]) {
      choice.push(values);
      const goOn = visit(row + 1);
      choice.pop();
      if (!goOn) return false;
    }
    return true;
  };
  return visit(0) ? fit : null;
}
