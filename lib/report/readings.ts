/**
 * The ways printed digit strings can be cut into a fixed number of cells. Text extracted from some
 * PDFs loses the separators between adjacent numbers (`6000006` for 6 0 0 0 0 0 6); every piece holds
 * one or more whole numbers, written without leading zeros.
 */
export const MAX_READINGS = 5000;
/** Bounds the search on long digit runs; past it the reading is given up as ambiguous. */
const MAX_STEPS = 2_000_000;
/**
 * Bounds the searches of one whole report (parseReport): a crafted text of many long glued rows took seconds
 * per row under the per-row bound alone (6 rows of 49 digits, 19 s). A real report's glued rows take a few
 * thousand steps in all.
 */
export const MAX_REPORT_STEPS = 4_000_000;

/** Steps left to the searches of the report being parsed (Infinity outside withStepBudget), and steps taken. */
let stepsLeft = Infinity;
let stepsTaken = 0;

/** Runs `read` with at most `steps` search steps shared by all its readings; returns its result and the steps used. */
export function withStepBudget<T>(steps: number, read: () => T): { result: T; stepsUsed: number } {
  const outer = stepsLeft;
  const before = stepsTaken;
  stepsLeft = Math.min(steps, outer);
  try {
    return { result: read(), stepsUsed: stepsTaken - before };
  } finally {
    stepsLeft = outer - (stepsTaken - before);
  }
}

type Search = { digits: string; mustCut: Set<number>; count: number; groupSize: number | null };

function searchOf(pieces: string[], count: number, groupSize: number | null): Search {
  const mustCut = new Set<number>();
  let offset = 0;
  for (const piece of pieces) mustCut.add((offset += piece.length));
  return { digits: pieces.join(""), mustCut, count, groupSize };
}

/** No piece boundary may fall strictly inside a number. */
function crossesCut(search: Search, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (search.mustCut.has(i)) return true;
  return false;
}

/**
 * All readings of `pieces` as exactly `count` numbers, or null when the search runs past its bounds.
 * With `groupSize`, only readings in which every run of `groupSize` numbers ends in the sum of the
 * others (总计 = 各项之和) are listed; the total is then fixed by the parts, which keeps the search small.
 */
export function readings(pieces: string[], count: number, groupSize: number | null = null): number[][] | null {
  if (pieces.length > count) return [];
  const search = searchOf(pieces, count, groupSize);
  const found: number[][] = [];
  const parts: number[] = [];
  let steps = 0;
  let overflow = false;

  const limit = Math.min(MAX_STEPS, stepsLeft);
  const visit = (pos: number, groupSum: number): void => {
    if (overflow || ++steps > limit) return void (overflow = true);
    if (parts.length === count) {
      if (pos === search.digits.length) found.push([...parts]);
      if (found.length > MAX_READINGS) overflow = true;
      return;
    }
    const partsLeft = count - parts.length;
    const closesGroup = groupSize !== null && (parts.length + 1) % groupSize === 0;
    if (closesGroup) {
      const total = String(groupSum);
      const end = pos + total.length;
      if (search.digits.startsWith(total, pos) && !crossesCut(search, pos, end) && search.digits.length - end >= partsLeft - 1) {
        parts.push(groupSum);
        visit(end, 0);
        parts.pop();
      }
      return;
    }
    for (let end = pos + 1; end <= search.digits.length - (partsLeft - 1); end++) {
      const part = search.digits.slice(pos, end);
      if (end - pos > 1 && part.startsWith("0")) break;
      parts.push(Number(part));
      visit(end, groupSum + Number(part));
      parts.pop();
      if (search.mustCut.has(end)) break;
    }
  };
  visit(0, 0);
  const used = Math.min(steps, limit);
  stepsTaken += used;
  stepsLeft -= used;
  return overflow ? null : found;
}

/** True when, in every run of `size` numbers, the last is the sum of the others (总计 = 各项之和). */
export function totalsHold(values: number[], size: number): boolean {
  for (let start = 0; start + size <= values.length; start += size) {
    let sum = 0;
    for (let i = start; i < start + size - 1; i++) sum += values[i] as number;
    if (sum !== values[start + size - 1]) return false;
  }
  return true;
}
