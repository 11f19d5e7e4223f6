import { pathToFileURL } from "node:url";
import { defaultIo, runParse } from "../lib/cli/parse";

/** `npm run parse -- FILE [--pretty]`: prints the report as JSON. */
export { runParse as main };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runParse(process.argv.slice(2), defaultIo());
}
