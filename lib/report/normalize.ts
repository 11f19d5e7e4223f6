/**
 * Length-preserving normalisation: every character maps to exactly one character, so offsets found
 * in the normalised text also point into the original (the narrative sections are cut from the original).
 */
const FOLDABLE = /[\u00a0\u1680\u2000-\u200b\u202f\u205f\u2e80-\u2fdf\u3000\uf900-\ufaff\uff01-\uff5e\ufeff]/g;

function foldChar(char: string): string {
  const code = char.charCodeAt(0);
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0);
  if (code === 0xfeff || code === 0x200b) return " ";
  const folded = char.normalize("NFKC");
  return folded.length === 1 ? folded : char;
}

/** Full-width digits and brackets to half-width, NBSP and ideographic spaces to spaces, CR to LF. */
export function normalizeText(text: string): string {
  return text.replace(/\r\n?/g, (crlf) => (crlf.length === 2 ? " \n" : "\n")).replace(FOLDABLE, foldChar);
}

/** Removes every whitespace character (labels are matched without spaces, line breaks or tabs). */
export function compact(text: string): string {
  return text.replace(/\s+/g, "");
}
