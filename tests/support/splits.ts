// Glued text: which readings of run-together digits exist (an oracle independent of the parser)

/** A printed number with no leading zeros (0 itself, 12, never 012). */
function isCanonical(digits: string): boolean {
  return digits === "0" || /^[1-9]\d*$/.test(digits);
}

/** The ways `digits` splits into `count` canonical numbers, stopping after `limit`. */
export function splits(digits: string, count: number, limit: number): number[][] {
  const found: number[][] = [];
  const parts: number[] = [];
  const visit = (pos: number): void => {
    if (found.length >= limit) return;
    if (parts.length === count - 1) {
      const rest = digits.slice(pos);
      if (isCanonical(rest)) found.push([...parts, Number(rest)]);
      return;
    }
    for (let end = pos + 1; end <= digits.length - (count - 1 - parts.length); end++) {
      const piece = digits.slice(pos, end);
      if (!isCanonical(piece)) break;
      parts.push(Number(piece));
      visit(end);
      parts.pop();
    }
  };
  visit(0);
  return found;
}

/**
 * Splits of `digits` into runs of `size` numbers whose last is the sum of the others (表三 rows: 7,
 * 表四 groups: 5), stopping after `limit`.
 */
export function totalledSplits(digits: string, groups: number, size: number, limit: number): number[][] {
  const found: number[][] = [];
  const parts: number[] = [];
  const visit = (pos: number, partial: number): void => {
    if (found.length >= limit) return;
    const inGroup = parts.length % size;
    if (parts.length === groups * size) {
      if (pos === digits.length) found.push([...parts]);
      return;
    }
    if (inGroup === size - 1) {
      const total = String(partial);
      if (!digits.startsWith(total, pos)) return;
      parts.push(partial);
      visit(pos + total.length, 0);
      parts.pop();
      return;
    }
    const numbersLeft = groups * size - parts.length;
    for (let end = pos + 1; end <= digits.length - (numbersLeft - 1); end++) {
      const piece = digits.slice(pos, end);
      if (!isCanonical(piece)) break;
      parts.push(Number(piece));
      visit(end, partial + Number(piece));
      parts.pop();
    }
  };
  visit(0, 0);
  return found;
}
