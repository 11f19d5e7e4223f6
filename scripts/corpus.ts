import { pathToFileURL } from "node:url";
import { defaultIo, runCorpus } from "../lib/cli/corpus";

/** `npm run corpus [-- DIR]`: every real document under DIR compared with its hand-read golden file. */
export { runCorpus as main };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await runCorpus(process.argv.slice(2), defaultIo());
}
