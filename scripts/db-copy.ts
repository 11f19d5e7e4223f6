import { pathToFileURL } from "node:url";
import { copyDatabase, NonEmptyTargetError } from "../db/copy";
import { commandLine, defaultIo, EXIT, type CliIo } from "../lib/cli/io";

const USAGE = `Usage: npm run db:copy -- --from SOURCE --to TARGET [--replace]
  SOURCE, TARGET  a SQLite file (data/nianbao.db) or a PostgreSQL URL (postgres://user@host:5432/nianbao)
  --replace       empty a target that already holds data (otherwise it is refused)
Copies every table, ids kept, in one transaction on the target (created and migrated if new), and prints the rows per table.
`;

/** `npm run db:copy`: moves a database between SQLite and PostgreSQL (db/copy.ts does the work). */
export async function main(argv: string[], io: Pick<CliIo, "stdout" | "stderr">): Promise<number> {
  const parsed = commandLine(
    { args: argv, options: { from: { type: "string" }, to: { type: "string" }, replace: { type: "boolean" }, help: { type: "boolean" } } },
    USAGE,
    io,
  );
  if (typeof parsed === "number") return parsed;
  const { from, to, replace } = parsed.values;
  if (!from || !to) {
    io.stderr(`both --from and --to are needed\n${USAGE}`);
    return EXIT.usage;
  }
  if (from === to) {
    io.stderr(`--from and --to name the same database\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    let total = 0;
    await copyDatabase(from, to, {
      replace,
      onTable: (table, rows) => {
        total += rows;
        io.stdout(`${table.padEnd(24)} ${rows}\n`);
      },
    });
    io.stdout(`copied ${total} rows from ${redacted(from)} to ${redacted(to)}\n`);
    return EXIT.ok;
  } catch (error) {
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof NonEmptyTargetError ? EXIT.usage : EXIT.failed;
  }
}

/** A URL's password is not printed. */
function redacted(location: string): string {
  return location.replace(/^(postgres(?:ql)?:\/\/[^:/@]+):[^@]*@/i, "$1:***@");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2), defaultIo());
}
