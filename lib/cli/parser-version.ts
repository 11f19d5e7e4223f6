import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { EXIT, type CliIo } from "./io";

/**
 * The parser version (lib/report/version.ts) is a number plus a hash of the code that turns a file's bytes into
 * a report: the parser (lib/report) and the readers (lib/ingest), whose fixes change stored numbers just as much.
 * tests/parser-version.test.ts recomputes the hash, so a change to that code cannot be committed without
 * `npm run parser:version`, which writes the new hash and the next number.
 */

export const HASHED_FOLDERS = ["lib/report", "lib/ingest"] as const;
export const VERSION_FILE = "lib/report/version.ts";
const HASH_LENGTH = 12;
const VERSION = new RegExp(`"(\\d+)-([0-9a-f]{${HASH_LENGTH}})"`, "g");

function sourceFiles(root: string, folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, encoding: "utf8" })
    .map((name) => join(folder, name).split("\\").join("/"))
    .filter((path) => path.endsWith(".ts") && path !== VERSION_FILE)
    .sort();
}

/** The hash of the hashed folders' .ts files under `root`, by path and content (line endings as LF, so a Windows checkout agrees). */
export function sourceHash(root: string): string {
  const hash = createHash("sha256");
  for (const path of HASHED_FOLDERS.flatMap((folder) => sourceFiles(root, folder))) {
    hash.update(`${path}\0${readFileSync(join(root, path), "utf8").replace(/\r\n/g, "\n")}\0`);
  }
  return hash.digest("hex").slice(0, HASH_LENGTH);
}

export type ParserVersion = { number: number; hash: string };

/**
 * The versions written in a version file: one normally, two in a file left with merge-conflict markers
 * (both branches bumped), none in a missing or hand-broken file.
 */
export function versionsIn(text: string): ParserVersion[] {
  return [...text.matchAll(VERSION)].map((match) => ({ number: Number(match[1]), hash: match[2] as string }));
}

export function versionFileText({ number, hash }: ParserVersion): string {
  return `/**
 * Which parser read a report, stored beside it (reports.parser_version) so that \`npm run reparse\` can tell what an
 * older parser read. A number plus a hash of lib/report and lib/ingest (lib/cli/parser-version.ts): written by
 * \`npm run parser:version\`, never by hand; tests/parser-version.test.ts fails until it is run after a change.
 */
export const PARSER_VERSION = "${number}-${hash}";
`;
}

/** `npm run parser:version`: rewrites lib/report/version.ts when the code changed, with the next number. */
export function runParserVersion(argv: string[], io: Pick<CliIo, "stdout" | "stderr">, root: string): number {
  if (argv.length > 0) {
    io.stderr("usage: npm run parser:version\n");
    return EXIT.usage;
  }
  const path = join(root, VERSION_FILE);
  let written: ParserVersion[] = [];
  try {
    written = versionsIn(readFileSync(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const hash = sourceHash(root);
  const only = written.length === 1 ? written[0] : undefined;
  if (only?.hash === hash) {
    io.stdout(`parser version ${only.number}-${hash} is current\n`);
    return EXIT.ok;
  }
  const next = { number: Math.max(0, ...written.map((v) => v.number)) + 1, hash };
  writeFileSync(path, versionFileText(next));
  io.stdout(`${relative(root, path)}: parser version ${next.number}-${hash}\n`);
  return EXIT.ok;
}
