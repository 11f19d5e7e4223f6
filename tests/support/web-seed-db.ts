import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { envRestorer } from "./env";
import { buildSeedDb } from "./seed-db";

/** The seed database in a folder of its own, as NIANBAO_DB for the web's store during the test file; removed after. */
export function seedWebDbForFile(prefix: string): void {
  let dir = "";
  const restoreEnv = envRestorer("NIANBAO_DB");
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), prefix));
    buildSeedDb(join(dir, "nianbao.db"));
    process.env.NIANBAO_DB = join(dir, "nianbao.db");
  });
  afterAll(() => {
    restoreEnv();
    rmSync(dir, { recursive: true, force: true });
  });
}
