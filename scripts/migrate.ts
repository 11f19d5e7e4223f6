import { parseArgs } from "node:util";
import { openStore, storeTarget, targetName } from "../db/open-store";

/** `npm run db:migrate -- [--db PATH]`: creates the database or brings it to the current schema (agencies merged, see db/identity.ts). */
const { values } = parseArgs({ options: { db: { type: "string" } } });
const target = storeTarget(values.db);
await (await openStore(target)).close();
process.stdout.write(`${target.kind === "sqlite" ? target.path : targetName(target)} is at the current schema\n`);
