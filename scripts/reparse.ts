import { pathToFileURL } from "node:url";
import { runReparse } from "../lib/cli/reparse";
import { defaultIo } from "../lib/cli/io";

/** `npm run reparse -- [--db PATH] [--jobs N] [--json]`: every stored report read again with the current code. */
export { runReparse as main };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runReparse(process.argv.slice(2), defaultIo());
}
