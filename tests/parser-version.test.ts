import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runParserVersion, sourceHash, versionFileText, versionsIn } from "../lib/cli/parser-version";
import { PARSER_VERSION } from "../lib/report/version";
import { capturedOutput } from "./support/output";

const ROOT = join(import.meta.dirname, "..");

describe("the parser version", () => {
  it("holds the hash of the parser and reader code as it is now", () => {
    const [written] = versionsIn(`"${PARSER_VERSION}"`);
    expect(written, `PARSER_VERSION is "${PARSER_VERSION}", not NUMBER-HASH`).toBeDefined();
    if (written!.hash !== sourceHash(ROOT)) expect.fail("parser changed: run npm run parser:version");
  });
});

describe("npm run parser:version", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const versionFile = () => readFileSync(join(root, "lib/report/version.ts"), "utf8");
  const run = () => {
    const { out, writers } = capturedOutput();
    const code = runParserVersion([], writers, root);
    return { code, ...out };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "nianbao-parser-version-"));
    write("lib/report/parse.ts", "export const a = 1;\n");
    write("lib/report/checks/balance.ts", "export const b = 2;\n");
    write("lib/ingest/pdf.ts", "export const c = 3;\n");
    write("lib/report/version.ts", versionFileText({ number: 4, hash: "000000000000" }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes the next number and the new hash, then leaves a current file alone", () => {
    expect(run()).toMatchObject({ code: 0, stdout: `lib/report/version.ts: parser version 5-${sourceHash(root)}\n` });
    expect(versionsIn(versionFile())).toEqual([{ number: 5, hash: sourceHash(root) }]);
    const again = run();
    expect(again.stdout).toBe(`parser version 5-${sourceHash(root)} is current\n`);
    expect(versionsIn(versionFile())).toEqual([{ number: 5, hash: sourceHash(root) }]);
  });

  it("changes the hash for a change in a nested parser file or a reader, but not for version.ts itself or CRLF line endings", () => {
    const before = sourceHash(root);
    write("lib/report/checks/balance.ts", "export const b = 3;\n");
    const afterParser = sourceHash(root);
    expect(afterParser).not.toBe(before);
    write("lib/ingest/pdf.ts", "export const c = 4;\n");
    const afterReader = sourceHash(root);
    expect(afterReader).not.toBe(afterParser);
    write("lib/report/version.ts", versionFileText({ number: 9, hash: "111111111111" }));
    write("lib/report/parse.ts", "export const a = 1;\r\n");
    write("lib/report/notes.md", "not code");
    expect(sourceHash(root)).toBe(afterReader);
  });

  it("after a merge conflict in version.ts, goes past both branches' numbers", () => {
    write(
      "lib/report/version.ts",
      `<<<<<<< HEAD\n${versionFileText({ number: 7, hash: "aaaaaaaaaaaa" })}=======\n${versionFileText({ number: 8, hash: "bbbbbbbbbbbb" })}>>>>>>> other\n`,
    );
    run();
    expect(versionsIn(versionFile())).toEqual([{ number: 9, hash: sourceHash(root) }]);
  });

  it("starts at 1 without a version file, and refuses arguments", () => {
    rmSync(join(root, "lib/report/version.ts"));
    run();
    expect(versionsIn(versionFile())).toEqual([{ number: 1, hash: sourceHash(root) }]);
    expect(runParserVersion(["--force"], { stdout: () => {}, stderr: () => {} }, root)).toBe(2);
  });
});
