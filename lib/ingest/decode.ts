/**
 * Bytes → text for the text-like formats (plain text, Markdown, HTML).
 *
 * Decoding relies on Node's built-in WHATWG TextDecoder (backed by full ICU in the official Node builds): it is
 * the maintained decoder for utf-8, utf-16le/be, gb18030 and the gbk/gb2312 labels, so no iconv-lite is needed.
 */

export type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "gb18030" | (string & {});

/** How many leading bytes are looked at for the zero-byte (UTF-16) statistics and the HTML charset. */
const SNIFF_BYTES = 4096;
const HTML_CHARSET_BYTES = 2048;
/** Undecodable characters among the non-ASCII ones that still leave an encoding the right one (a stray bad byte). */
const MAX_REPLACEMENT_SHARE = 0.02;

function bomOf(bytes: Uint8Array): { encoding: Encoding; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

export function isStrictUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Share of undecodable characters among the non-ASCII ones. */
export function replacementShare(text: string): number {
  const nonAscii = text.match(/[^\u0000-\u007f]/g)?.length ?? 0;
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  return nonAscii === 0 ? 0 : replaced / nonAscii;
}

/**
 * UTF-8 with a stray bad byte (a truncated download, a pasted fragment) is still UTF-8; GBK bytes read as
 * UTF-8 turn almost every Chinese character into U+FFFD, so a small share of them cannot be GBK.
 */
function isMostlyUtf8(bytes: Uint8Array): boolean {
  return isStrictUtf8(bytes) || replacementShare(new TextDecoder("utf-8").decode(bytes)) <= MAX_REPLACEMENT_SHARE;
}

/**
 * UTF-16 without a BOM: Chinese characters rarely contain a zero byte, but the ASCII digits, spaces and line
 * breaks every report has do, always at the same parity; UTF-8 and GB18030 text has no zero bytes at all.
 */
export function utf16ByZeroBytes(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd >= pairs * 0.05 && zeroEven * 4 <= zeroOdd) return "utf-16le";
  if (zeroEven >= pairs * 0.05 && zeroOdd * 4 <= zeroEven) return "utf-16be";
  return null;
}

/** A charset label TextDecoder knows, in its canonical name; null for unknown labels. */
export function canonicalEncoding(label: string): Encoding | null {
  try {
    return new TextDecoder(label.trim()).encoding;
  } catch {
    return null;
  }
}

/** `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…; charset=…">` within the first 2 KB. */
export function declaredHtmlCharset(bytes: Uint8Array): string | null {
  // Latin-1 maps every byte to one character, so the ASCII markup is readable whatever the real encoding is.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, HTML_CHARSET_BYTES));
  for (const meta of head.match(/<meta\b[^>]*>/gi) ?? []) {
    const charset = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(meta)?.[1];
    if (charset) return charset;
  }
  return null;
}

/**
 * The encoding to decode with: a BOM first; UTF-16 by its zero bytes; a declared charset (an HTML meta, a MIME
 * header) when the bytes fit it; then UTF-8 (strict, or with a stray bad byte) → GB18030 (a superset of GBK and
 * GB2312). Portals get the label wrong both ways, so a label is a hint that the bytes must confirm.
 */
export function chooseEncoding(bytes: Uint8Array, declaredCharset?: string | null): { encoding: Encoding; bomLength: number } {
  const bom = bomOf(bytes);
  if (bom) return { encoding: bom.encoding, bomLength: bom.length };
  const utf16 = utf16ByZeroBytes(bytes);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  const declared = declaredCharset ? canonicalEncoding(declaredCharset) : null;
  if (declared && !isUtf16(declared) && bytesFitDeclared(bytes, declared)) return { encoding: declared, bomLength: 0 };
  if (isMostlyUtf8(bytes)) return { encoding: "utf-8", bomLength: 0 };
  return { encoding: "gb18030", bomLength: 0 };
}

/**
 * Whether bytes are what their label says. Pure ASCII fits every 8-bit label. A page saved by a browser or
 * moved between CMSs is often re-encoded as UTF-8 while its meta still says gb2312; GBK text practically never
 * forms valid multi-byte UTF-8, so UTF-8 bytes never fit another label. Any other label fits when decoding
 * with it leaves (almost) no U+FFFD, except that a single-byte label (iso-8859-1, windows-1252, …) never
 * produces U+FFFD, so it loses to GB18030 when the bytes read as Chinese in it.
 */
function bytesFitDeclared(bytes: Uint8Array, declared: Encoding): boolean {
  if (!hasNonAscii(bytes)) return true;
  if (declared === "utf-8") return isMostlyUtf8(bytes);
  if (isMostlyUtf8(bytes)) return false;
  if (!MULTI_BYTE_ENCODINGS.has(declared)) return !readsAsChinese(bytes, "gb18030");
  return hasFewReplacements(new TextDecoder(declared).decode(bytes));
}

/** Few U+FFFD among the non-ASCII characters, beyond one (a file cut inside its last character). */
function hasFewReplacements(text: string): boolean {
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  return replaced <= 1 || replacementShare(text) <= MAX_REPLACEMENT_SHARE;
}

/** The WHATWG encodings that are not single-byte tables (besides UTF-8 and UTF-16, handled on their own). */
const MULTI_BYTE_ENCODINGS = new Set<Encoding>(["gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr"]);

/** CJK unified ideographs, the bulk of any Chinese text. */
const HAN = /[\u4e00-\u9fff]/g;

/** Decoded with `encoding`, the bytes give (almost) no U+FFFD and their non-ASCII characters are mostly Chinese. */
function readsAsChinese(bytes: Uint8Array, encoding: Encoding): boolean {
  const text = new TextDecoder(encoding).decode(bytes);
  const nonAscii = text.match(/[^\u0000-\u007f]/g)?.length ?? 0;
  const han = text.match(HAN)?.length ?? 0;
  return hasFewReplacements(text) && han >= nonAscii / 2;
}

function isUtf16(encoding: Encoding): boolean {
  return encoding === "utf-16le" || encoding === "utf-16be";
}

function hasNonAscii(bytes: Uint8Array): boolean {
  return bytes.some((b) => b >= 0x80);
}

/** Decodes text bytes; never throws (undecodable bytes become U+FFFD). */
export function decodeText(bytes: Uint8Array, declaredCharset?: string | null): string {
  const { encoding, bomLength } = chooseEncoding(bytes, declaredCharset);
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(bomLength));
}
