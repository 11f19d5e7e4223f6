import { readFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** What a CLI touches outside itself, so tests can run `main(argv, io)` in-process. */
export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<Buffer>;
};

export function defaultIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path),
  };
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * The command line read, or the exit code when it asks for help (usage on stdout) or cannot be read (the error and
 * the usage on stderr).
 */
export function commandLine<T extends ParseArgsConfig>(
  config: T,
  usage: string,
  io: Pick<CliIo, "stdout" | "stderr">,
): ReturnType<typeof parseArgs<T>> | number {
  const parsed = argsOf(config);
  if (parsed instanceof Error) {
    io.stderr(`${parsed.message}\n${usage}`);
    return EXIT.usage;
  }
  if ((parsed.values as Record<string, unknown>).help) {
    io.stdout(usage);
    return EXIT.ok;
  }
  return parsed;
}

/** The command line as node:util's parseArgs reads it, or the error it gives for a line it cannot read. */
export function argsOf<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> | Error {
  try {
    return parseArgs(config);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
