/**
 * Length-preserving normalisation: every character maps to exactly one character, so offsets found
 * in the normalised text also point into the original (the narrative sections are cut from the original).
 */
export const FOLDABLE = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u2e80-\u2fdf\u3000\uf900-\ufaff\ufe30-\ufe4f\ufe50-\ufe6b\uff01-\uff5e\ufeff]/;

/**
 * CJK Radicals Supplement (U+2E80–U+2EF3) has no NFKC mapping except ⺟ and ⻳, yet PDF fonts map glyphs of
 * common characters to it (人⺠ for 人民, ⻓ for 长): each radical here is folded to the ideograph Unicode's
 * EquivalentUnifiedIdeograph.txt names for it. Radicals whose ideograph lies outside the BMP are left as they are,
 * because folding them would change the text's length.
 */
const RADICALS =
  "⺁⺂⺃⺄⺅⺆⺉⺊⺋⺌⺍⺎⺏⺒⺓⺔⺖⺗⺘⺙⺛⺜⺝⺞⺟⺠⺡⺢⺣⺤⺥⺦⺧⺨⺩⺪⺫⺬⺭⺯⺰⺱⺲⺳⺶⺷⺹⺺⺻⺽⺾⺿⻀⻁⻂⻃⻄⻅⻆⻈⻉⻋⻌⻍⻎⻏⻐⻑⻒⻓⻔⻕⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳";
const RADICAL_IDEOGRAPHS =
  "厂乛乚乙亻冂刂卜㔾小小尢尣巳幺彑忄㣺扌攵旡日月歺母民氵氺灬爫爫丬牛犭王疋罒示礻糹纟罓罒㓁羊羊耂肀聿臼艹艹艹虎衤覀西见角讠贝车辶辶辶阝钅長镸长门阜阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟";
const IDEOGRAPH_OF_RADICAL = new Map([...RADICALS].map((radical, i) => [radical, RADICAL_IDEOGRAPHS[i] as string]));
/** The CJK Radicals Supplement and the Kangxi radicals (U+2F00–U+2FD5, folded by NFKC). */
const RADICAL = /[\u2e80-\u2ef3\u2f00-\u2fd5]/g;

export function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code === 0xfeff || code === 0x200b) return " ";
  const radical = IDEOGRAPH_OF_RADICAL.get(char);
  if (radical) return radical;
  // NFKC: Kangxi radicals (⼈ → 人), CJK compatibility ideographs, vertical and small forms (︰ → :).
  const folded = char.normalize("NFKC");
  return folded.length === 1 ? folded : char;
}

/** Whether FOLDABLE matches the code unit (a loop over code units with this test is faster than the replace). */
export function isFoldable(code: number): boolean {
  if (code < 0xa0 || (code >= 0x3001 && code < 0xf900)) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200b) ||
    code === 0x202f ||
    code === 0x205f ||
    (code >= 0x2e80 && code <= 0x2fdf) ||
    code === 0x3000 ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xfe50 && code <= 0xfe6b) ||
    (code >= 0xff01 && code <= 0xff5e) ||
    code === 0xfeff
  );
}

/** foldChar by code unit, computed once per character (NFKC costs more than the lookup). */
const FOLDED = new Map<number, string>();

/** Full-width digits and brackets to half-width, NBSP and ideographic spaces to spaces, CR to LF, radicals to ideographs. */
export function normalizeText(text: string): string {
  const input = text.includes("\r") ? text.replace(/\r\n?/g, (crlf) => (crlf.length === 2 ? " \n" : "\n")) : text;
  let folded = "";
  let kept = 0;
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if (!isFoldable(code)) continue;
    let char = FOLDED.get(code);
    if (char === undefined) FOLDED.set(code, (char = foldChar(input[i] as string)));
    folded += input.slice(kept, i) + char;
    kept = i + 1;
  }
  return kept === 0 ? input : folded + input.slice(kept);
}

/** Only the radicals folded to their ideographs: for text kept as printed (the narrative sections) with 人⺠ read as 人民. */
export function foldRadicals(text: string): string {
  return text.replace(RADICAL, (char) => IDEOGRAPH_OF_RADICAL.get(char) ?? char.normalize("NFKC"));
}

/**
 * A copy of `text` that does not keep the string it was cut from alive: V8 holds a slice's whole parent (the report's
 * text), so a string kept across reports (a memo's key) is copied first. Concatenating flattens into a new string.
 */
export function detached(text: string): string {
  return ` ${text}`.slice(1);
}

/** Whether a UTF-16 code unit is whitespace as the regular expression class \s has it. */
export function isSpace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Whether `text` has more than `limit` characters besides whitespace, i.e. compact(text).length > limit, without building it. */
export function compactLongerThan(text: string, limit: number): boolean {
  if (text.length <= limit) return false;
  let kept = 0;
  for (let i = 0; i < text.length; i++) if (!isSpace(text.charCodeAt(i)) && ++kept > limit) return true;
  return false;
}

/**
 * A pattern for the raw text that finds any of `words` where compact(text) has it: whitespace may fall between
 * the characters. Testing it costs one scan of the text; compacting the text first costs a copy.
 */
export function spacedWords(...words: string[]): RegExp {
  const spaced = (word: string) => [...word].map((char) => char.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&")).join("\\s*");
  return new RegExp(words.map(spaced).join("|"));
}

/** Removes every whitespace character (labels are matched without spaces, line breaks or tabs). */
export function compact(text: string): string {
  // Testing first is cheaper than a replace that finds nothing (labels and keys are often compact already).
  return /\s/.test(text) ? text.replace(/\s+/g, "") : text;
}

const LABEL_PUNCTUATION_CLASS = String.raw`[\s()（）[\]【】“”"'‘’《》、,，.．。:：;；·\-—]`;
/** What bareLabel drops: whitespace and the characters of this class. */
export const LABEL_PUNCTUATION = new RegExp(LABEL_PUNCTUATION_CLASS, "g");
/** The class's characters besides whitespace, by code unit (isSpace has the whitespace). */
const LABEL_MARKS = new Uint8Array(0x10000);
for (const char of "()（）[]【】“”\"'‘’《》、,，.．。:：;；·-—") LABEL_MARKS[char.charCodeAt(0)] = 1;

/**
 * A label without spacing, brackets and punctuation, to tell whether a template's wording is printed in a text:
 * text.replace(LABEL_PUNCTUATION, ""), as a loop over code units copying the kept runs (2× as fast on 表二's text).
 */
export function bareLabel(text: string): string {
  let bare = "";
  let kept = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (LABEL_MARKS[code] !== 1 && !isSpace(code)) continue;
    if (i > kept) bare += text.slice(kept, i);
    kept = i + 1;
  }
  return kept === 0 ? text : bare + text.slice(kept);
}

/**
 * A pattern that finds bareLabel(words) inside bareLabel(text) when tested on the text itself: the punctuation
 * bareLabel drops may fall between any two of the characters. Cheaper than stripping every label it is tried on.
 */
export function bareWordsPattern(words: string): RegExp {
  let pattern = BARE_WORDS_PATTERNS.get(words);
  if (!pattern) {
    const chars = [...bareLabel(words)].map((char) => char.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&"));
    BARE_WORDS_PATTERNS.set(words, (pattern = new RegExp(chars.join(`${LABEL_PUNCTUATION_CLASS}*`))));
  }
  return pattern;
}

/** Built once per template wording (the patterns have no g flag, so they keep no state between tests). */
const BARE_WORDS_PATTERNS = new Map<string, RegExp>();
