import { inflateRawSync } from "node:zlib";
import { zipSync, type Zippable } from "fflate";
import { htmlToText } from "./html";
import { type ReadHooks, ReadError, type ReadResult } from "./types";

export const DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/**
 * Limits against zip bombs: first on the sizes the central directory declares, before anything is inflated;
 * then on the bytes actually inflated, since those sizes can lie.
 */
export const MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024;
const MAX_COMPRESSION_RATIO = 200;
/** Small entries (repetitive XML parts) can legitimately compress beyond the ratio and cannot exhaust memory. */
const RATIO_CHECK_MIN_BYTES = 1024 * 1024;

/** `method`: 0 stored, 8 deflated; `offset`: where the entry's local header starts. */
export type ZipEntry = { name: string; compressedSize: number; uncompressedSize: number; method: number; offset: number };

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const LOCAL_HEADER_LENGTH = 30;
const EOCD_MIN_LENGTH = 22;
const MAX_COMMENT_LENGTH = 0xffff;

export function isZipMagic(bytes: Uint8Array): boolean {
  // PK\3\4 starts a zip with entries, PK\5\6 an empty one.
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(data: DataView, offset: number): number {
  return Number(data.getBigUint64(offset, true));
}

function findEndOfCentralDirectory(data: DataView): number {
  const lowest = Math.max(0, data.byteLength - EOCD_MIN_LENGTH - MAX_COMMENT_LENGTH);
  for (let at = data.byteLength - EOCD_MIN_LENGTH; at >= lowest; at--) {
    if (data.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw new Error("no end of central directory (truncated or not a zip)");
}

type Directory = { entries: number; offset: number; size: number };

function centralDirectoryLocation(data: DataView, eocd: number): Directory {
  const directory = { entries: data.getUint16(eocd + 10, true), size: data.getUint32(eocd + 12, true), offset: data.getUint32(eocd + 16, true) };
  const locator = eocd - 20;
  if (locator < 0 || data.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) return directory;
  const zip64 = u64(data, locator + 8);
  if (zip64 + 56 > data.byteLength || data.getUint32(zip64, true) !== ZIP64_EOCD_SIGNATURE) throw new Error("broken ZIP64 end of central directory");
  return { entries: u64(data, zip64 + 32), size: u64(data, zip64 + 40), offset: u64(data, zip64 + 48) };
}

/** ZIP64 keeps the real sizes in extra field 0x0001 when the 32-bit fields hold 0xFFFFFFFF. */
function zip64Sizes(data: DataView, extraStart: number, extraEnd: number, entry: ZipEntry): ZipEntry {
  for (let at = extraStart; at + 4 <= extraEnd; ) {
    const id = data.getUint16(at, true);
    const length = data.getUint16(at + 2, true);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        const value = field + 8 <= at + 4 + length ? u64(data, field) : NaN;
        field += 8;
        return value;
      };
      const uncompressedSize = entry.uncompressedSize === 0xffffffff ? next() : entry.uncompressedSize;
      const compressedSize = entry.compressedSize === 0xffffffff ? next() : entry.compressedSize;
      const offset = entry.offset === 0xffffffff ? next() : entry.offset;
      if ([uncompressedSize, compressedSize, offset].some(Number.isNaN)) throw new Error(`broken ZIP64 sizes for ${entry.name}`);
      return { ...entry, uncompressedSize, compressedSize, offset };
    }
    at += 4 + length;
  }
  return entry;
}

/** The entries listed in a zip's central directory (names and declared sizes), without inflating anything. */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const data = view(bytes);
  if (data.byteLength < EOCD_MIN_LENGTH) throw new Error("file too short for a zip");
  const directory = centralDirectoryLocation(data, findEndOfCentralDirectory(data));
  if (directory.offset + directory.size > data.byteLength) throw new Error("central directory lies beyond the end of the file (truncated?)");
  const names = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let at = directory.offset;
  for (let i = 0; i < directory.entries; i++) {
    if (at + 46 > data.byteLength || data.getUint32(at, true) !== CENTRAL_HEADER_SIGNATURE) throw new Error(`central directory entry ${i + 1} is damaged`);
    const nameLength = data.getUint16(at + 28, true);
    const extraLength = data.getUint16(at + 30, true);
    const commentLength = data.getUint16(at + 32, true);
    const nameStart = at + 46;
    if (nameStart + nameLength + extraLength > data.byteLength) throw new Error(`central directory entry ${i + 1} is truncated`);
    const entry: ZipEntry = {
      name: names.decode(bytes.subarray(nameStart, nameStart + nameLength)),
      compressedSize: data.getUint32(at + 20, true),
      uncompressedSize: data.getUint32(at + 24, true),
      method: data.getUint16(at + 10, true),
      offset: data.getUint32(at + 42, true),
    };
    entries.push(zip64Sizes(data, nameStart + nameLength, nameStart + nameLength + extraLength, entry));
    at = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

/** Why a zip must not be inflated, or null when its declared sizes are reasonable. */
export function zipBombReason(entries: ZipEntry[]): string | null {
  const total = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (total > MAX_TOTAL_UNCOMPRESSED) return `DOCX refused: zip bomb (declares ${megabytes(total)} MB uncompressed)`;
  const bomb = entries.find((e) => e.uncompressedSize >= RATIO_CHECK_MIN_BYTES && e.uncompressedSize > MAX_COMPRESSION_RATIO * Math.max(1, e.compressedSize));
  if (!bomb) return null;
  const ratio = Math.round(bomb.uncompressedSize / Math.max(1, bomb.compressedSize));
  return `DOCX refused: zip bomb (declares ${megabytes(total)} MB uncompressed; ${bomb.name} compresses ${ratio}:1)`;
}

/** The stored bytes of an entry, found through its local header (whose name and extra field lengths may differ). */
function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const data = view(bytes);
  const at = entry.offset;
  if (at + LOCAL_HEADER_LENGTH > bytes.length || data.getUint32(at, true) !== LOCAL_HEADER_SIGNATURE)
    throw new Error(`local header of ${entry.name} is damaged`);
  const start = at + LOCAL_HEADER_LENGTH + data.getUint16(at + 26, true) + data.getUint16(at + 28, true);
  if (start + entry.compressedSize > bytes.length) throw new Error(`${entry.name} runs past the end of the file (truncated?)`);
  return bytes.subarray(start, start + entry.compressedSize);
}

/** One entry inflated, at most `budget` bytes: zlib stops as soon as its output passes the budget. */
function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: number, limit: number): Uint8Array {
  let stored: Uint8Array;
  try {
    stored = entryData(bytes, entry);
  } catch (error) {
    throw new ReadError(`corrupt DOCX: ${(error as Error).message}`);
  }
  if (entry.method === 0) {
    if (stored.length > budget) throw new ReadError(inflatedBombReason(entry, limit));
    return stored;
  }
  if (entry.method !== 8) throw new ReadError(`corrupt DOCX: ${entry.name} uses compression method ${entry.method} (only stored and deflate are read)`);
  try {
    return inflateRawSync(stored, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new ReadError(inflatedBombReason(entry, limit));
    throw new ReadError(`corrupt DOCX: ${entry.name} does not inflate (${oneLine((error as Error).message)})`);
  }
}

function inflatedBombReason(entry: ZipEntry, limit: number): string {
  const declared = `its header declares ${Math.ceil(entry.uncompressedSize / 1024)} KB`;
  return `DOCX refused: zip bomb (inflating ${entry.name} passes the ${megabytes(limit)} MB limit; ${declared})`;
}

/** The parts mammoth reads: XML and relationships; pictures only when they are to be read by OCR (ocr-docx.ts). */
const TEXT_PART = /\.(xml|rels)$/i;
const MEDIA_PART = /^word\/media\//i;
const WORD_PART = /^word\/.*\.xml$/i;

/**
 * A simple field (w:fldSimple: a formula such as =SUM(LEFT), a merge field) holds its last result as ordinary runs;
 * mammoth skips the element with its runs, so a table cell computed by a field came out empty and the row lost a
 * cell. Unwrapped, its runs are read as the text Word shows.
 */
export function unwrapSimpleFields(xml: Uint8Array): Uint8Array {
  const text = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString("utf8");
  if (!text.includes("fldSimple")) return xml;
  // Attribute values may hold ">" (w:instr=" IF a > b …"); a self-closing field (no result) goes whole.
  return Buffer.from(text.replace(/<w:fldSimple\b(?:"[^"]*"|'[^']*'|[^>"'])*>|<\/w:fldSimple>/g, ""), "utf8");
}

/**
 * The DOCX's XML parts inflated under one budget of MAX_TOTAL_UNCOMPRESSED bytes for all of them, rezipped
 * uncompressed: mammoth then reads only bytes that were inflated here, so headers that lie about their sizes
 * cannot make it inflate more. Throws ReadError when the budget runs out.
 */
export function boundedDocx(bytes: Uint8Array, entries: ZipEntry[], budget = MAX_TOTAL_UNCOMPRESSED, withMedia = false): Uint8Array {
  const parts: Zippable = {};
  let left = budget;
  for (const entry of entries.filter((e) => TEXT_PART.test(e.name) || (withMedia && MEDIA_PART.test(e.name)))) {
    const inflated = inflateEntry(bytes, entry, left, budget);
    left -= inflated.length;
    parts[entry.name] = [WORD_PART.test(entry.name) ? unwrapSimpleFields(inflated) : inflated, { level: 0 }];
  }
  return zipSync(parts);
}

/** Reads the central directory and refuses bombs; throws ReadError for a bomb or a damaged zip. */
function checkZip(bytes: Uint8Array): ZipEntry[] {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes);
  } catch (error) {
    throw new ReadError(`corrupt DOCX: ${(error as Error).message}`);
  }
  const bomb = zipBombReason(entries);
  if (bomb) throw new ReadError(bomb);
  if (!entries.some((e) => e.name === "word/document.xml")) throw new ReadError("corrupt DOCX: no word/document.xml inside the zip");
  return entries;
}

/** Whether a DOCX holds pictures (word/media/*): a report whose tables are pictures is read by OCR. */
export function hasPictures(bytes: Uint8Array): boolean {
  return checkZip(bytes).some((e) => MEDIA_PART.test(e.name));
}

/** One XML part of a DOCX (word/document.xml) as text, inflated under the usual budget. */
export function docxPart(bytes: Uint8Array, name: string): string | null {
  const entry = checkZip(bytes).find((e) => e.name === name);
  return entry ? Buffer.from(inflateEntry(bytes, entry, MAX_TOTAL_UNCOMPRESSED, MAX_TOTAL_UNCOMPRESSED)).toString("utf8") : null;
}

/**
 * A DOCX as HTML through mammoth (colspan/rowspan kept, nested tables inside their <td>). `onPicture`: each picture's
 * bytes, in document order, and the src its <img> gets; without it pictures are not read at all.
 */
export async function docxToHtml(bytes: Uint8Array, onPicture?: (picture: Buffer) => string): Promise<string> {
  const parts = boundedDocx(bytes, checkZip(bytes), MAX_TOTAL_UNCOMPRESSED, onPicture !== undefined);
  const { default: mammoth } = await import("mammoth");
  try {
    // Without onPicture an empty src spares base64-encoding every picture into the HTML.
    const src = async (image: { read: () => Promise<Buffer> }) => ({ src: onPicture ? onPicture(await image.read()) : "" });
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(parts.buffer, parts.byteOffset, parts.byteLength) },
      { convertImage: mammoth.images.imgElement(src), externalFileAccess: false },
    );
    return result.value;
  } catch (error) {
    throw new ReadError(`corrupt DOCX: ${oneLine((error as Error).message)}`);
  }
}

/** mammoth's XML errors span several lines; a reason is one line. */
function oneLine(message: string): string {
  return message.replace(/\s+/g, " ").trim().slice(0, 200);
}

/** A DOCX's text; one without tables but with pictures has its pictures read by OCR (their tables, ocr-docx.ts). */
export async function readDocx(bytes: Uint8Array, hooks: ReadHooks = {}): Promise<ReadResult> {
  const html = await docxToHtml(bytes);
  if (!/<table[\s>]/i.test(html) && hasPictures(bytes)) return (await import("./ocr-docx")).readDocxPictures(bytes, hooks);
  return { text: htmlToText(html), mediaType: DOCX_MEDIA_TYPE, pages: null, pageStarts: null };
}
