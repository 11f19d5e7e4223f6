import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runParserVersion } from "../lib/cli/parser-version";
import { defaultIo } from "../lib/cli/io";

/** `npm run parser:version`: after a change to lib/report or lib/ingest, writes the new parser version. */
export { runParserVersion as main };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = runParserVersion(process.argv.slice(2), defaultIo(), join(dirname(fileURLToPath(import.meta.url)), ".."));
}
