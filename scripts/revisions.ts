import { pathToFileURL } from "node:url";
import { defaultIo } from "../lib/cli/io";
import { runRevisions } from "../lib/cli/revisions";

/** `npm run revisions -- [--db PATH] list AGENCY YEAR | choose REPORT_ID | release REPORT_ID`: which file of a year is current. */
export { runRevisions as main };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runRevisions(process.argv.slice(2), { ...defaultIo(), now: () => new Date() });
}
