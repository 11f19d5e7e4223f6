import type { Db } from "./client";

/**
 * Names in pinyin order inside SQL: SQLite compares text by code point (吴 before 济), and better-sqlite3 registers
 * no collation, so a per-connection function `nianbao_pinyin(name)` gives a key whose code-point order is the pinyin
 * order of Intl.Collator("zh-u-co-pinyin"): each ideograph of the CJK Unified Ideographs block becomes its rank in
 * that collator's order (each has its own primary weight, so comparing character by character agrees with it); other
 * characters stay as they are. The table is built once per process (about 0.15 s).
 */

const FIRST = 0x4e00;
const LAST = 0x9fff;
/** Ranks are written from here on: above ASCII and the Latin, Greek and Cyrillic letters a name may hold. */
const RANK_BASE = 0x3400;

let ranks: Uint16Array | null = null;

function rankTable(): Uint16Array {
  if (ranks) return ranks;
  const collator = new Intl.Collator("zh-u-co-pinyin");
  const chars = Array.from({ length: LAST - FIRST + 1 }, (_, i) => String.fromCharCode(FIRST + i)).sort(collator.compare);
  const table = new Uint16Array(LAST - FIRST + 1);
  chars.forEach((char, rank) => {
    table[char.charCodeAt(0) - FIRST] = RANK_BASE + rank;
  });
  ranks = table;
  return table;
}

export function pinyinKey(name: string): string {
  const table = rankTable();
  let key = "";
  for (const char of name) {
    const code = char.charCodeAt(0);
    key += code >= FIRST && code <= LAST && char.length === 1 ? String.fromCharCode(table[code - FIRST]!) : char;
  }
  return key;
}

const REGISTERED = new WeakSet<object>();

/** Registers `nianbao_pinyin(text)` on the connection (once). */
export function withPinyin(db: Db): void {
  if (REGISTERED.has(db.$client)) return;
  db.$client.function("nianbao_pinyin", { deterministic: true }, (name: unknown) => (typeof name === "string" ? pinyinKey(name) : name));
  REGISTERED.add(db.$client);
}
