import { chooseEncoding, decodeText } from "./decode";
import { isZipMagic, readZipDirectory } from "./docx";

export type Format = "pdf" | "docx" | "doc" | "html" | "text" | "unknown";

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

/** The markup that may open an HTML file, after leading whitespace, comments (IE's "saved from url") and an XML declaration. */
export function looksLikeHtml(start: string): boolean {
  const head = start
    .replace(/^\uFEFF/, "")
    .replace(/^(\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*/i, "")
    .toLowerCase();
  return /^<(!doctype\s+html|html|head|body|table|meta)\b/.test(head) || /<!doctype\s+html|<html\b/.test(head.slice(0, 1024));
}

function htmlStart(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, HTML_SNIFF_BYTES);
  const { encoding, bomLength } = chooseEncoding(sample);
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(sample.subarray(bomLength));
}

function isText(bytes: Uint8Array): boolean {
  const text = decodeText(bytes);
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
  if (looksLikeHtml(htmlStart(bytes))) return "html";
  return isText(bytes) ? "text" : "unknown";
}
