import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256 } from "../../lib/ingest/hash";
import type { Source } from "../../lib/report/schema";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** Fixture folders whose names start with `prefix`, each holding input.* and expected.json. */
export function fixtureDirs(prefix: string): string[] {
  return readdirSync(FIXTURES)
    .filter((name) => name.startsWith(prefix))
    .map((name) => join(FIXTURES, name));
}

export function textSource(path: string, bytes: Buffer): Source {
  return {
    fileName: path.split("/").pop() as string,
    sha256: sha256(bytes),
    mediaType: "text/plain",
    pages: null,
  };
}

/**
 * The expected JSON of a fixture. A missing file is written from `actual` for review, and the test fails
 * in CI, where every expected file must already be committed.
 */
export function readExpected(dir: string, actual: unknown): unknown {
  const path = join(dir, "expected.json");
  if (!existsSync(path)) {
    writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
    if (process.env.CI) throw new Error(`${path} was missing; it has been written for review`);
  }
  return JSON.parse(readFileSync(path, "utf8"));
}
