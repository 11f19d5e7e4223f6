import { parseArgs } from "node:util";
import { databasePath } from "../db/client";
import { openStore } from "../lib/cli/open-db";

/** `npm run db:migrate -- [--db PATH]`: creates the database or brings it to the current schema (agencies merged, see db/identity.ts). */
const { values } = parseArgs({ options: { db: { type: "string" } } });
const path = databasePath(values.db);
openStore(path).$client.close();
process.stdout.write(`${path} is at the current schema\n`);
