import { issue } from "./issues";
import { bareLabel } from "./normalize";
import type { FormatVersion, Issue } from "./schema";
import { PROACTIVE_TEMPLATE } from "./template";

/**
 * Column headers not printed as the template prints them (本年废纸件数, 本年公开数量): checked for the bands of
 * several columns whose header the text prints at all (one of its headers is there), so a table printed without
 * headers raises nothing.
 */
export function headerVariants(text: string, version: FormatVersion): Issue[] {
  // bareWordsPattern(words).test(text) is bareLabel(text).includes(bareLabel(words)): the text is stripped once.
  const bare = bareLabel(text);
  const prints = (words: string) => bare.includes(bareWords(words));
  if (prints("本年度止")) return [issue("label.variant", "column header 本年度止件数 (for 本年废止件数)", "proactive", undefined, "repealed")];
  const variants = new Map<string, Issue>();
  for (const band of PROACTIVE_TEMPLATE[version].filter((b) => b.metrics.length > 1)) {
    const printed = band.metrics.map(prints);
    if (!printed.some(Boolean)) continue;
    band.metrics.forEach((metric, i) => {
      // 本年增/减量 contains 本年增/减 but is another word.
      if ((printed[i] && !prints(`${metric}量`)) || variants.has(metric)) return;
      const column = band.rows[0]?.fields[i]?.key.split(".")[1];
      variants.set(metric, issue("label.variant", `column header ${metric} not printed as the template prints it`, "proactive", undefined, column));
    });
  }
  return [...variants.values()];
}

/** bareLabel of the template's column headers, stripped once: they are the same few words in every report. */
const BARE_WORDS = new Map<string, string>();

function bareWords(words: string): string {
  let bare = BARE_WORDS.get(words);
  if (bare === undefined) BARE_WORDS.set(words, (bare = bareLabel(words)));
  return bare;
}
