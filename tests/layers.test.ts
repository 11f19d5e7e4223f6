import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cruise, type IConfiguration, type ICruiseResult } from "dependency-cruiser";
import { describe, expect, it } from "vitest";

/** The layer rules of ARCHITECTURE.md (.dependency-cruiser.cjs), checked on the tree and shown to bite. */

const config = createRequire(import.meta.url)("../.dependency-cruiser.cjs") as IConfiguration;
const ROOT = join(import.meta.dirname, "..");

/** The project's tsconfig (its @/ paths) for the tree itself; none for a temporary tree. */
const tsConfigOf = (baseDir: string) => (baseDir === ROOT ? { fileName: join(ROOT, "tsconfig.json") } : undefined);

async function violations(baseDir: string, folders: string[]): Promise<string[]> {
  const { tsConfig: _ours, ...options } = config.options ?? {};
  const result = await cruise(folders, { ...options, ruleSet: { forbidden: config.forbidden }, validate: true, baseDir, tsConfig: tsConfigOf(baseDir) });
  const output = (typeof result.output === "string" ? JSON.parse(result.output) : result.output) as ICruiseResult;
  return output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe("the layers", () => {
  it("are kept by every file of the app, the libraries, the database and the scripts", async () => {
    expect(await violations(ROOT, ["app", "components", "db", "lib", "scripts"])).toEqual([]);
  }, 60_000);

  it("catch a forbidden import: I/O in the parser, the database in a component or a reader, a page in db/, a command in the pipeline, a test in a script, a query in a page or a view, a write module or the SQL driver in a command or the pipeline", async () => {
    const tree = mkdtempSync(join(tmpdir(), "nianbao-layers-"));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    };
    try {
      write("lib/report/parse.ts", 'import { readFileSync } from "node:fs";\nexport const text = readFileSync;\n');
      write("lib/ingest/read.ts", 'import { text } from "../report/parse";\nexport const read = text;\n');
      write("db/queries.ts", 'import { Page } from "../app/page";\nexport const rows = Page;\n');
      write("components/Table.tsx", 'import { rows } from "../db/queries";\nexport const Table = rows;\n');
      write("app/page.tsx", "export const Page = 1;\n");
      write("tests/support/x.ts", "export const x = 1;\n");
      write("scripts/make.ts", 'import { x } from "../tests/support/x";\nexport const y = x;\n');
      // Neither a reader nor the pipeline reads the database but through the Store; the pipeline knows no command.
      write("lib/ingest/pdf.ts", 'import { rows } from "../../db/queries";\nexport const pdf = rows;\n');
      write("lib/cli/ingest.ts", "export const main = 1;\n");
      write("lib/pipeline/ingest.ts", 'import { rows } from "../../db/queries";\nimport { main } from "../cli/ingest";\nexport const store = [rows, main];\n');
      // Pages and views read through the Store: db/sqlite-store.ts (its factory) is allowed, a query module is not.
      write("db/sqlite-store.ts", "export const webStore = 1;\n");
      write(
        "app/agencies/page.tsx",
        'import { webStore } from "../../db/sqlite-store";\nimport { rows } from "../../db/queries";\nexport const Page = [webStore, rows];\n',
      );
      write("lib/export/views.ts", 'import { rows } from "../../db/queries";\nexport const view = rows;\n');
      write("lib/web/page.ts", 'import { webStore } from "../../db/sqlite-store";\nexport const context = webStore;\n');
      // The commands and the pipeline write through the Store: db/open-store.ts (its factory) is allowed, a write
      // module of db/ is not, and the SQL driver is db/'s alone.
      write("node_modules/better-sqlite3/package.json", '{ "name": "better-sqlite3", "main": "index.js" }\n');
      write("node_modules/better-sqlite3/index.js", "module.exports = {};\n");
      write("db/open-store.ts", "export const openStore = 1;\n");
      write("db/write.ts", "export const storeReport = 1;\n");
      write(
        "lib/cli/agencies.ts",
        'import { openStore } from "../../db/open-store";\nimport { storeReport } from "../../db/write";\nimport Database from "better-sqlite3";\nexport const main = [openStore, storeReport, Database];\n',
      );
      write("lib/pipeline/sources.ts", 'import { storeReport } from "../../db/write";\nexport const keep = storeReport;\n');
      const found = await violations(tree, ["app", "components", "db", "lib", "scripts"]);
      expect(found.sort()).toEqual([
        "cli-pipeline-through-store: lib/cli/agencies.ts → db/write.ts",
        "cli-pipeline-through-store: lib/pipeline/ingest.ts → db/queries.ts",
        "cli-pipeline-through-store: lib/pipeline/sources.ts → db/write.ts",
        "components-props-only: components/Table.tsx → db/queries.ts",
        "db-no-pages: db/queries.ts → app/page.tsx",
        "parser-no-io: lib/report/parse.ts → fs",
        "pipeline-no-outer-layers: lib/pipeline/ingest.ts → lib/cli/ingest.ts",
        "readers-no-database: lib/ingest/pdf.ts → db/queries.ts",
        "readers-no-parser-semantics: lib/ingest/read.ts → lib/report/parse.ts",
        "scripts-not-tests: scripts/make.ts → tests/support/x.ts",
        "sql-driver-only-in-db: lib/cli/agencies.ts → node_modules/better-sqlite3/index.js",
        "web-through-store: app/agencies/page.tsx → db/queries.ts",
        "web-through-store: components/Table.tsx → db/queries.ts",
        "web-through-store: lib/export/views.ts → db/queries.ts",
      ]);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 60_000);
});
