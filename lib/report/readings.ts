/**
 * The ways printed digit strings can be cut into a fixed number of cells. Text extracted from some
 * PDFs loses the separators between adjacent numbers (`6000006` for 6 0 0 0 0 0 6); every piece holds
 * one or more whole numbers, written without leading zeros.
 */
export const MAX_READINGS = 5000;

/** All readings of `pieces` as exactly `count` numbers, or null when there are more than MAX_READINGS. */
export function readings(pieces: string[], count: number): number[][] | null {
  if (pieces.length > count) return [];
  const digits = pieces.join("");
  const mustCut = new Set<number>();
  let offset = 0;
  for (const piece of pieces) mustCut.add((offset += piece.length));
  const found: number[][] = [];
  const parts: number[] = [];
  let overflow = false;

  const visit = (pos: number): void => {
    if (overflow) return;
    if (parts.length === count) {
      if (pos === digits.length) found.push([...parts]);
      if (found.length > MAX_READINGS) overflow = true;
      return;
    }
    const partsLeft = count - parts.length;
    for (let end = pos + 1; end <= digits.length - (partsLeft - 1); end++) {
      const part = digits.slice(pos, end);
      if (end - pos > 1 && part.startsWith("0") && !part.includes(".")) break;
      parts.push(Number(part));
      visit(end);
      parts.pop();
      if (mustCut.has(end)) break;
    }
  };
  visit(0);
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
