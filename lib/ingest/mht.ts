import { declaredHtmlCharset, decodeText } from "./decode";
import { htmlToText } from "./html";
import { ReadError, type ReadResult } from "./types";

/**
 * MHT (MHTML, RFC 2557): a web page saved as one file by IE, Chrome, Edge or Word ("单个文件网页"). It is a
 * MIME message of type multipart/related whose first text/html part is the page, in quoted-printable or
 * base64, with the images and style sheets as further parts. The page is read like any HTML file.
 */

/** How far into the file the message headers may reach. */
const HEADER_BYTES = 8192;
/** multipart inside multipart (a related page in an alternative): deeper nesting is not a saved page. */
const MAX_NESTING = 4;

type Headers = Map<string, string>;
type Part = { headers: Headers; body: string };

/** Bytes as a binary string: one character per byte, so MIME structure (ASCII) can be searched and cut losslessly. */
function binaryString(bytes: Uint8Array): string {
  return new TextDecoder("latin1").decode(bytes);
}

function binaryBytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/** Header lines up to the first empty line, folded lines joined; names lower-cased. Null when the text does not start with headers. */
function parseHeaders(block: string): Headers | null {
  const headers: Headers = new Map();
  let last: string | null = null;
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && last) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const match = /^([A-Za-z0-9-]+)[ \t]*:(.*)$/.exec(line);
    if (!match) return null;
    last = match[1]!.toLowerCase();
    headers.set(last, match[2]!.trim());
  }
  return headers;
}

/** Splits a MIME entity into its header block and body at the first empty line. */
function splitEntity(entity: string): { headerBlock: string; body: string } {
  const end = /\r?\n\r?\n/.exec(entity);
  if (!end) return { headerBlock: entity, body: "" };
  return { headerBlock: entity.slice(0, end.index), body: entity.slice(end.index + end[0].length) };
}

/** `text/html; charset="gb2312"` → the lower-cased media type and its parameters. */
function contentType(headers: Headers): { type: string; params: Map<string, string> } {
  const value = headers.get("content-type") ?? "text/plain";
  const type = value.split(";")[0]!.trim().toLowerCase();
  const params = new Map<string, string>();
  for (const match of value.matchAll(/;\s*([\w.-]+)\s*=\s*(?:"([^"]*)"|([^;\s]+))/g)) params.set(match[1]!.toLowerCase(), match[2] ?? match[3] ?? "");
  return { type, params };
}

/** The message headers of a file that starts as a MIME message of type multipart/related, else null. */
function archiveHeaders(bytes: Uint8Array): Headers | null {
  const head = binaryString(bytes.subarray(0, HEADER_BYTES))
    .replace(/^\u00ef\u00bb\u00bf/, "")
    .replace(/^(\r?\n)+/, "");
  const { headerBlock } = splitEntity(head);
  const headers = parseHeaders(headerBlock);
  return headers && contentType(headers).type === "multipart/related" ? headers : null;
}

/** Whether the bytes are an MHT web archive: MIME headers declaring multipart/related at the start of the file. */
export function isMhtArchive(bytes: Uint8Array): boolean {
  return archiveHeaders(bytes) !== null;
}

/** The body parts between `--boundary` lines, up to the closing `--boundary--`. */
function bodyParts(body: string, boundary: string): Part[] {
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?=\\r?\\n|$)`, "g");
  const parts: Part[] = [];
  let start: number | null = null;
  for (const match of body.matchAll(delimiter)) {
    if (start !== null) parts.push(part(body.slice(start, match.index)));
    if (match[1]) return parts;
    start = match.index + match[0].length;
    start += /^\r?\n/.exec(body.slice(start, start + 2))?.[0].length ?? 0;
  }
  if (start !== null) parts.push(part(body.slice(start)));
  return parts;
}

function part(entity: string): Part {
  const { headerBlock, body } = splitEntity(entity);
  return { headers: parseHeaders(headerBlock) ?? new Map(), body };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const HEX_DIGIT = /^[0-9A-Fa-f]$/;

/**
 * quoted-printable: `=XX` is a byte, `=` at the end of a line is a soft break; anything else, a stray `=`
 * included, stays as it is. One pass over the bytes (a regular-expression replace takes seconds on a big page).
 */
function decodeQuotedPrintable(body: string): Uint8Array {
  const out = new Uint8Array(body.length);
  let length = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    if (code === 0x3d) {
      const softBreak = body.startsWith("\r\n", i + 1) ? 2 : body[i + 1] === "\n" ? 1 : 0;
      if (softBreak) {
        i += softBreak;
        continue;
      }
      if (HEX_DIGIT.test(body[i + 1] ?? "") && HEX_DIGIT.test(body[i + 2] ?? "")) {
        out[length++] = Number.parseInt(body.slice(i + 1, i + 3), 16);
        i += 2;
        continue;
      }
    }
    out[length++] = code;
  }
  return out.subarray(0, length);
}

/** A part's bytes after its Content-Transfer-Encoding. */
function partBytes(part: Part): Uint8Array {
  const encoding = (part.headers.get("content-transfer-encoding") ?? "7bit").toLowerCase();
  if (encoding === "base64") return new Uint8Array(Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64"));
  if (encoding === "quoted-printable") return decodeQuotedPrintable(part.body);
  return binaryBytes(part.body);
}

/** The page: the first text/html part, depth first through nested multiparts. */
function htmlPart(parts: Part[], depth: number): Part | null {
  for (const candidate of parts) {
    const { type, params } = contentType(candidate.headers);
    if (type === "text/html") return candidate;
    const boundary = params.get("boundary");
    if (type.startsWith("multipart/") && boundary && depth < MAX_NESTING) {
      const found = htmlPart(bodyParts(candidate.body, boundary), depth + 1);
      if (found) return found;
    }
  }
  return null;
}

export async function readMht(bytes: Uint8Array): Promise<ReadResult> {
  const headers = archiveHeaders(bytes);
  if (!headers) throw new ReadError("corrupt MHT: no multipart/related message headers");
  const boundary = contentType(headers).params.get("boundary");
  if (!boundary) throw new ReadError("corrupt MHT: multipart/related without a boundary");
  const { body } = splitEntity(
    binaryString(bytes)
      .replace(/^\u00ef\u00bb\u00bf/, "")
      .replace(/^(\r?\n)+/, ""),
  );
  const page = htmlPart(bodyParts(body, boundary), 1);
  if (!page) throw new ReadError("corrupt MHT: no HTML page (text/html part) inside");
  const html = partBytes(page);
  // The part's MIME charset is the label the saving browser wrote; the page's own meta is the fallback.
  const declared = contentType(page.headers).params.get("charset") ?? declaredHtmlCharset(html);
  return { text: htmlToText(decodeText(html, declared)), mediaType: "multipart/related", pages: null, pageStarts: null };
}
