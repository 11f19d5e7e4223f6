import { pathToFileURL } from "node:url";
import { defaultIngestIo, runIngest } from "../lib/cli/ingest";

/** `npm run ingest -- [--db PATH] [--jobs N] [--json] PATH...`: a folder of reports into SQLite. */
export { runIngest as main };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runIngest(process.argv.slice(2), defaultIngestIo());
}
