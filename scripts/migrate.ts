import { parseArgs } from "node:util";
import { databasePath, openWritableDb } from "../db/client";

/** `npm run db:migrate -- [--db PATH]`: creates the database or brings it to the current schema. */
const { values } = parseArgs({ options: { db: { type: "string" } } });
const path = databasePath(values.db);
openWritableDb(path).$client.close();
process.stdout.write(`${path} is at the current schema\n`);
