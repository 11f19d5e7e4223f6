import { reportFromBytes } from "../pipeline/job";
import { printableName } from "../printable";
import { commandLine, defaultIo, EXIT, type CliIo } from "./io";

export { defaultIo };

const USAGE = "usage: npm run parse -- FILE [--pretty]\n";

function errorMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "is a directory, not a file";
  if (code === "EACCES") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

export async function runParse(argv: string[], io: CliIo): Promise<number> {
  const parsed = commandLine(
    { args: argv, allowPositionals: true, options: { pretty: { type: "boolean" }, help: { type: "boolean", short: "h" } } },
    USAGE,
    io,
  );
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length !== 1) {
    io.stderr(USAGE);
    return EXIT.usage;
  }
  const file = parsed.positionals[0] as string;
  let bytes: Buffer;
  try {
    bytes = await io.readFile(file);
  } catch (error) {
    io.stderr(`${printableName(file)}: ${errorMessage(error)}\n`);
    return EXIT.failed;
  }
  // Any format the readers take (PDF, DOCX, DOC, HTML, MHT, text), chosen by content, as ingest reads it.
  const outcome = await reportFromBytes(file, bytes);
  if (!outcome.ok) {
    io.stderr(`${printableName(file)}: ${outcome.reason}\n`);
    return EXIT.failed;
  }
  io.stdout(`${JSON.stringify(outcome.report, null, parsed.values.pretty ? 2 : undefined)}\n`);
  return EXIT.ok;
}
