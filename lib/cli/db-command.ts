import { existsSync } from "node:fs";
import { databasePath, type Db } from "../../db/client";
import { argsOf, EXIT, type CliIo } from "./io";
import { openDbFor } from "./open-db";

/** How many arguments each command of a CLI takes. */
export type Commands = Record<string, number>;

/**
 * The frame of a CLI of commands on an existing database (`npm run agencies`, `npm run revisions`): `--db PATH`, a
 * command and its arguments, usage errors (exit 2), the database opened for writing and closed after. A command that
 * throws changed nothing (its transaction rolled back): the message goes to stderr, exit 1.
 */
export function runDbCommand(
  argv: string[],
  io: Pick<CliIo, "stdout" | "stderr">,
  usage: string,
  commands: Commands,
  run: (db: Db, command: string, args: string[]) => number,
): number {
  const refuse = (message: string) => {
    io.stderr(`${message}\n${usage}`);
    return EXIT.usage;
  };
  const parsed = argsOf({ args: argv, allowPositionals: true, options: { db: { type: "string" } } });
  if (parsed instanceof Error) return refuse(parsed.message);
  const [command, ...args] = parsed.positionals;
  if (command === undefined || commands[command] !== args.length) return refuse(command ? `${command}: wrong arguments` : "no command given");
  const database = databasePath(parsed.values.db);
  if (!existsSync(database)) return refuse(`no database at ${database}: ingest reports first (npm run ingest)`);
  const db = openDbFor(database, io);
  if (!db) return EXIT.usage;
  try {
    return run(db, command, args);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  } finally {
    db.$client.close();
  }
}
