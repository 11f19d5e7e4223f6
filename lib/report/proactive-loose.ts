import type { ProactiveRowTemplate } from "./template";

/**
 * 表二 cells a converter pulled out of their rows: a two-line cell (22 over （其中修订 16 件）) printed under the
 * band's heading, in row order, while its row in the table prints one cell fewer than its columns.
 */
export type LooseCell = { value: string; note: string | null };

const LOOSE_NUMBER = /^\d+(?:\.\d+)?$/;
const NOTE = /^[（(][^（()）\n]+[)）]$/;

/** The loose cells between `from` and `to` (a band's heading and what follows it), when that text holds nothing else. */
export function looseCellsBetween(text: string, from: number, to: number): LooseCell[] {
  const cells: LooseCell[] = [];
  for (const line of text.slice(from, to).split("\n")) {
    const printed = line.trim();
    const last = cells[cells.length - 1];
    if (printed === "") continue;
    if (LOOSE_NUMBER.test(printed)) cells.push({ value: printed, note: null });
    else if (last && last.note === null && NOTE.test(printed)) last.note = printed;
    else return [];
  }
  return cells;
}

/** The column a note speaks of: revisions are documents issued (本年制发), expiries are documents repealed. */
const NOTE_COLUMNS = [
  { words: /修订|新制定|新制发/, key: /\.(?:issued|created)$/ },
  { words: /失效|废止/, key: /\.repealed$/ },
  { words: /现行有效/, key: /\.inForce$/ },
];

function notedColumn(row: ProactiveRowTemplate, note: string | null): number {
  const column = note ? NOTE_COLUMNS.find((c) => c.words.test(note)) : undefined;
  return column ? row.fields.findIndex((field) => column.key.test(field.key)) : -1;
}

/**
 * The rows `printed` can be with the loose cell put back: in the column its note names, else in any column
 * (readings that give the same cells are one). `byNote` says whether the note chose the column.
 */
export function looseReadings(row: ProactiveRowTemplate, printed: string[], loose: LooseCell): { cuts: string[][]; byNote: boolean } {
  const noted = notedColumn(row, loose.note);
  const columns = noted >= 0 ? [noted] : row.fields.map((_, i) => i);
  const cuts = new Map<string, string[]>();
  for (const at of columns) {
    const cut = [...printed.slice(0, at), loose.value, ...printed.slice(at)];
    cuts.set(cut.join("/"), cut);
  }
  return { cuts: [...cuts.values()], byNote: noted >= 0 };
}

export const looseText = (loose: LooseCell) => `${loose.value}${loose.note ?? ""}`;
