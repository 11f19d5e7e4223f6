import { pathToFileURL } from "node:url";
import { runAgencies } from "../lib/cli/agencies";
import { defaultIo } from "../lib/cli/io";

/** `npm run agencies -- [--db PATH] list TEXT | merge A B | split A ALIAS`: one agency per agency, where the rules cannot tell. */
export { runAgencies as main };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runAgencies(process.argv.slice(2), defaultIo());
}
