/** Chinese numerals as printed in reports: 十四, 两, 一百零五. */

const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十四 → 14, 两 → 2, 一百零五 → 105; null for what is not a well-formed numeral below 10,000. */
export function chineseNumber(numeral: string): number | null {
  let total = 0;
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const char of numeral) {
    if (char in CHINESE_DIGITS) {
      if (digit !== null && digit !== 0) return null;
      digit = CHINESE_DIGITS[char] as number;
    } else {
      const unit = CHINESE_UNITS[char];
      if (unit === undefined || unit >= lastUnit) return null;
      total += (digit ?? (total === 0 ? 1 : NaN)) * unit;
      if (Number.isNaN(total)) return null;
      lastUnit = unit;
      digit = null;
    }
  }
  return total + (digit ?? 0);
}
