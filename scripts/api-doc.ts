import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { renderApiDoc } from "../lib/export/api-doc";

/**
 * `npx tsx scripts/api-doc.ts [--check]`: regenerates the field lists of docs/api.md from the API's zod schemas
 * (lib/export/api-schemas.ts); with --check, writes nothing and exits 1 when the document is out of date.
 */
export function main(argv: string[], io: { stdout: (text: string) => void }, root: string): number {
  const path = join(root, "docs", "api.md");
  const doc = readFileSync(path, "utf8");
  const rendered = renderApiDoc(doc);
  if (argv.includes("--check")) {
    io.stdout(rendered === doc ? "docs/api.md is up to date\n" : "docs/api.md is out of date: run npx tsx scripts/api-doc.ts\n");
    return rendered === doc ? 0 : 1;
  }
  if (rendered !== doc) writeFileSync(path, rendered);
  io.stdout(rendered === doc ? "docs/api.md was up to date\n" : "docs/api.md: field lists regenerated\n");
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main(process.argv.slice(2), { stdout: (text) => process.stdout.write(text) }, join(dirname(fileURLToPath(import.meta.url)), ".."));
}
