import { chooseEncoding, decodeText } from "./decode";
import { isZipMagic, readZipDirectory } from "./docx";
import { isMhtArchive } from "./mht";
import { looksLikeMarkdown } from "./text";

export type Format = "pdf" | "docx" | "doc" | "rtf" | "mht" | "html" | "text" | "unknown";

/** Acrobat accepts %PDF- anywhere in the first 1024 bytes (mail gateways and CMSs prepend junk). */
const PDF_SEARCH_BYTES = 1024;
const OLE2_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const HTML_SNIFF_BYTES = 4096;
/** Text with more control characters (besides tab, line feed, carriage return, form feed) than this share is binary. */
const MAX_CONTROL_SHARE = 0.01;
/** Undecodable characters tolerated among the non-ASCII ones, beyond one (a file cut inside its last character). */
const MAX_REPLACEMENT_SHARE = 0.01;

function indexOfAscii(bytes: Uint8Array, needle: string, limit: number): number {
  const end = Math.min(bytes.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

export function isPdf(bytes: Uint8Array): boolean {
  return indexOfAscii(bytes, "%PDF-", PDF_SEARCH_BYTES) >= 0;
}

function isOle2(bytes: Uint8Array): boolean {
  return OLE2_MAGIC.every((b, i) => bytes[i] === b);
}

/** A zip is a DOCX when it holds word/document.xml; a damaged directory falls back to the local header names. */
function isDocxZip(bytes: Uint8Array): boolean {
  try {
    return readZipDirectory(bytes).some((entry) => entry.name === "word/document.xml");
  } catch {
    return indexOfAscii(bytes, "word/document.xml", bytes.length) >= 0;
  }
}

/** Elements a saved page or a CMS article fragment opens with (a fragment has no <html> or <body>). */
const HTML_ELEMENT =
  "(?:html|head|body|meta|title|link|base|style|script|div|p|span|font|center|table|thead|tbody|tr|td|th|section|article|main|header|footer|nav|h[1-6]|ul|ol|li|dl|br|hr|img|a|b|i|u|em|strong|form|iframe|blockquote|pre|o:p)";
const OPENS_WITH_ELEMENT = new RegExp(`^<(?:!doctype\\s+html|${HTML_ELEMENT}(?=[\\s/>]))`, "i");
/** Whitespace, comments (IE's "saved from url", Word's conditional comments) and an XML declaration. */
const PREAMBLE = /^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*/i;

/**
 * Whether the start of a document is HTML: its first content after the preamble is an element's tag, or it
 * opens with a comment (unless what follows is Markdown: converters put <!-- page 1 --> marks in it), or a
 * doctype/<html> follows some junk. Plain text with an occasional `<` (《…》 typed as <…>, "a<b") has none.
 */
export function looksLikeHtml(start: string): boolean {
  const text = start.replace(/^\uFEFF/, "");
  const afterPreamble = text.replace(PREAMBLE, "");
  if (OPENS_WITH_ELEMENT.test(afterPreamble)) return true;
  if (text.trimStart().startsWith("<!--") && !looksLikeMarkdown(afterPreamble)) return true;
  return /<!doctype\s+html|<html\b/i.test(text.slice(0, 1024));
}

/** A <table> followed by its rows or cells: report tables pasted into text that starts with a plain title. */
export function hasMarkupTable(text: string): boolean {
  const table = text.search(/<table[\s>]/i);
  if (table < 0) return false;
  const rowOrCell = /<t[rd][\s>]/gi;
  rowOrCell.lastIndex = table;
  return rowOrCell.test(text);
}

/** RTF opens with {\rtf (RTF 1.x); Word and WordPad write it at byte 0, some tools after a BOM or blank lines. */
function isRtf(bytes: Uint8Array): boolean {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let i = start;
  while (i < bytes.length && i < start + 64 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return indexOfAscii(bytes.subarray(i), "{\\rtf", 5) === 0;
}

function htmlStart(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, HTML_SNIFF_BYTES);
  const { encoding, bomLength } = chooseEncoding(sample);
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(sample.subarray(bomLength));
}

function isText(text: string): boolean {
  const controls = text.match(/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/g)?.length ?? 0;
  const nonAscii = text.match(/[^\u0000-\u007f]/g)?.length ?? 0;
  const replaced = text.match(/\uFFFD/g)?.length ?? 0;
  return controls <= text.length * MAX_CONTROL_SHARE && replaced <= 1 + nonAscii * MAX_REPLACEMENT_SHARE;
}

/** The format of a file from its content alone, never its name. */
export function detectFormat(bytes: Uint8Array): Format {
  if (bytes.length === 0) return "unknown";
  // Magic numbers at offset 0 first, so a zip or OLE2 file that happens to contain "%PDF-" early stays what it is.
  if (indexOfAscii(bytes, "%PDF-", 5) === 0) return "pdf";
  if (isZipMagic(bytes)) return isDocxZip(bytes) ? "docx" : "unknown";
  if (isOle2(bytes)) return "doc";
  if (isPdf(bytes)) return "pdf";
  if (isRtf(bytes)) return "rtf";
  if (isMhtArchive(bytes)) return "mht";
  if (looksLikeHtml(htmlStart(bytes))) return "html";
  const text = decodeText(bytes);
  if (!isText(text)) return "unknown";
  return hasMarkupTable(text) ? "html" : "text";
}
