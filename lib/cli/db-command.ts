import { storeExists, storeTarget } from "../../db/open-store";
import type { WriteStore } from "../store/write-store";
import { argsOf, EXIT, type CliIo } from "./io";
import { openStoreFor, targetPath } from "./open-db";

/** How many arguments each command of a CLI takes. */
export type Commands = Record<string, number>;

/**
 * The frame of a CLI of commands on an existing database (`npm run agencies`, `npm run revisions`): `--db PATH`, a
 * command and its arguments, usage errors (exit 2), the database's Store opened for writing and closed after. A command that
 * throws changed nothing (its transaction rolled back): the message goes to stderr, exit 1.
 */
export async function runDbCommand(
  argv: string[],
  io: Pick<CliIo, "stdout" | "stderr">,
  usage: string,
  commands: Commands,
  run: (store: WriteStore, command: string, args: string[]) => Promise<number>,
): Promise<number> {
  const refuse = (message: string) => {
    io.stderr(`${message}\n${usage}`);
    return EXIT.usage;
  };
  const parsed = argsOf({ args: argv, allowPositionals: true, options: { db: { type: "string" } } });
  if (parsed instanceof Error) return refuse(parsed.message);
  const [command, ...args] = parsed.positionals;
  if (command === undefined || commands[command] !== args.length) return refuse(command ? `${command}: wrong arguments` : "no command given");
  const target = storeTarget(parsed.values.db);
  if (!storeExists(target)) return refuse(`no database at ${targetPath(target)}: ingest reports first (npm run ingest)`);
  const store = await openStoreFor(target, io);
  if (!store) return EXIT.usage;
  try {
    return await run(store, command, args);
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failed;
  } finally {
    await store.close();
  }
}
