import { open } from "node:fs/promises";
import { ReadError } from "./types";

/** Larger files are refused before any byte is read: an annual report is a few MB, even scanned. */
export const DEFAULT_MAX_FILE_MB = 100;

const MB = 1024 * 1024;
const READ_CHUNK = MB;

/** Why a file of `size` bytes is refused, or null when it is within the limit. */
export function tooLargeReason(size: number, maxFileMb: number): string | null {
  if (size <= maxFileMb * MB) return null;
  return `file too large: ${(size / MB).toFixed(1)} MB > ${maxFileMb} MB limit`;
}

/**
 * The bytes of a file, refused with ReadError when it is larger than the limit: the size is taken from the
 * open file before reading, and reading stops at the limit (a file that grows meanwhile is refused too).
 */
export async function readFileWithin(path: string, maxFileMb: number): Promise<Buffer> {
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const before = tooLargeReason(size, maxFileMb);
    if (before) throw new ReadError(before);
    // Read until the end of the file, never more than one byte past the limit.
    const limit = Math.floor(maxFileMb * MB);
    const chunks: Buffer[] = [];
    let length = 0;
    for (let room = Math.min(size, limit) + 1; length <= limit; room = Math.min(READ_CHUNK, limit + 1 - length)) {
      const chunk = Buffer.allocUnsafeSlow(room);
      const { bytesRead } = await handle.read(chunk, 0, room, length);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    if (length > limit) throw new ReadError(`file too large: more than ${maxFileMb} MB (it grew while being read)`);
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  } finally {
    await handle.close();
  }
}
