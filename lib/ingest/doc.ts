import { spawn } from "node:child_process";
import { constants } from "node:fs";
import { access, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { pathToFileURL } from "node:url";
import { readDocx } from "./docx";
import { ReadError, type ReadResult } from "./types";

export const DOC_MEDIA_TYPE = "application/msword";
const CONVERSION_TIMEOUT_MS = 60_000;
const NO_LIBREOFFICE = "DOC (Word 97-2003) files need LibreOffice to convert: apt-get install libreoffice-writer-nogui";

/** OLE2 directory entry names are UTF-16LE; these streams mark compound files that are not Word documents. */
const NOT_WORD_STREAMS: [string, string][] = [
  ["EncryptedPackage", "password-protected (encrypted) Office document: remove the password and save it again"],
  ["PowerPoint Document", "a PowerPoint (.ppt) file, not a Word document"],
  ["Workbook", "an Excel (.xls) file, not a Word document"],
];

function utf16le(text: string): Buffer {
  return Buffer.from(text, "utf16le");
}

/** A reason to refuse an OLE2 file without starting LibreOffice, or null when it may be a Word document. */
export function notWordReason(bytes: Uint8Array): string | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(utf16le("WordDocument"))) return null;
  return NOT_WORD_STREAMS.find(([stream]) => buffer.includes(utf16le(stream)))?.[1] ?? null;
}

async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The soffice binary on PATH, or null when LibreOffice is not installed. */
export async function findSoffice(): Promise<string | null> {
  for (const dir of (process.env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of ["soffice", "libreoffice"]) {
      const path = join(dir, name);
      if (await isExecutable(path)) return path;
    }
  }
  return null;
}

/**
 * Runs soffice in its own process group so a timeout kills soffice.bin too (the soffice script forks it),
 * and with its own profile directory, because a second soffice sharing a profile hands the job to the
 * first instance and exits without converting anything.
 */
function runSoffice(soffice: string, args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(soffice, args, { detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => void (output = (output + chunk.toString("utf8")).slice(-2000));
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      reject(new ReadError(`DOC conversion timed out after ${timeoutMs / 1000} s (LibreOffice)`));
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ReadError(`DOC conversion could not start LibreOffice: ${error.message}`));
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Word 97-2003 → DOCX bytes through LibreOffice (headless). */
export async function convertDocToDocx(bytes: Uint8Array, timeoutMs = CONVERSION_TIMEOUT_MS): Promise<Uint8Array> {
  const soffice = await findSoffice();
  if (!soffice) throw new ReadError(NO_LIBREOFFICE);
  const dir = await mkdtemp(join(tmpdir(), "nianbao-doc-"));
  try {
    const input = join(dir, "input.doc");
    await writeFile(input, bytes);
    const profile = pathToFileURL(join(dir, "profile")).href;
    const args = [`-env:UserInstallation=${profile}`, "--headless", "--norestore", "--convert-to", "docx", "--outdir", dir, input];
    const { code, output } = await runSoffice(soffice, args, timeoutMs);
    try {
      return await readFile(join(dir, "input.docx"));
    } catch {
      const detail = output
        .trim()
        .split("\n")
        .filter((line) => !/javaldx/.test(line))
        .join(" ")
        .slice(0, 300);
      throw new ReadError(`DOC conversion failed: LibreOffice (exit ${code}) wrote no DOCX${detail ? `: ${detail}` : ""}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function readDoc(bytes: Uint8Array): Promise<ReadResult> {
  const refusal = notWordReason(bytes);
  if (refusal) throw new ReadError(`not a DOC file: ${refusal}`);
  const docx = await convertDocToDocx(bytes);
  return { ...(await readDocx(docx)), mediaType: DOC_MEDIA_TYPE };
}
