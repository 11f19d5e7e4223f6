import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Two projects: `unit` (parser, readers, checks, measures, queries on a small database: `npm run test:unit`, the
 * fast loop) and `slow` (the browser, the CLIs and reader processes, LibreOffice, the hardening and property runs,
 * the real corpus, the bench smoke). `npm test` runs both.
 */
const SLOW = [
  "tests/browser.test.ts",
  "tests/browser-tables.test.ts",
  "tests/browser-words.test.ts",
  "tests/browser-compare.test.ts",
  "tests/browser-ticks.test.ts",
  "tests/bench-smoke.test.ts",
  "tests/hardening-*.test.ts",
  "tests/ingest-cli.test.ts",
  "tests/ingest-doc.test.ts",
  "tests/formats.test.ts",
  "tests/parse-cli.test.ts",
  "tests/pool.test.ts",
  "tests/property.test.ts",
  "tests/corpus.test.ts",
  "tests/search-bounds.test.ts",
  "tests/reparse.test.ts",
  "tests/agency-identity.test.ts",
  "tests/revisions.test.ts",
  "tests/ingest-bytes.test.ts",
  "tests/ingest-concurrent.test.ts",
  "tests/pg-writers*.test.ts",
  "tests/pg-write-crawl.test.ts",
  "tests/pg-migration-sort-keys.test.ts",
  "tests/ingest-walk.test.ts",
  "tests/ingest-size.test.ts",
  "tests/pipeline.test.ts",
  "tests/crawl-site.test.ts",
  "tests/ingest-ocr.test.ts",
  "tests/pg-store-web.test.ts",
  "tests/pg-unreachable-web.test.ts",
  "tests/pg-search-budget.test.ts",
  "tests/ingest-ocr-docx.test.ts",
  "tests/scan-end-to-end.test.ts",
  "tests/pg-cli.test.ts",
];

const alias = { "@": fileURLToPath(new URL(".", import.meta.url)) };

export default defineConfig({
  resolve: { alias },
  test: {
    testTimeout: 60_000,
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: SLOW, testTimeout: 60_000 } },
      { resolve: { alias }, test: { name: "slow", include: SLOW, testTimeout: 60_000 } },
    ],
  },
});
