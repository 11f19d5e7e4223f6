/**
 * The layers of ARCHITECTURE.md, enforced by `npm test` (tests/layers.test.ts) and `npm run lint:layers`.
 * Each rule names a layer and what it may not import.
 */
const IO = "^(node:)?(fs|fs/promises|child_process|worker_threads|net|http|https|dgram|cluster)$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "parser-no-io",
      comment: "lib/report is the pure parser: text in, report and issues out; no I/O",
      severity: "error",
      from: { path: "^lib/report/" },
      to: { path: IO },
    },
    {
      name: "parser-no-outer-layers",
      comment: "the parser imports no reader, no pipeline, no database, no page",
      severity: "error",
      from: { path: "^lib/report/" },
      to: { path: "^(lib/(ingest|pipeline|cli|web|export|synth|corpus)|db|app|components|scripts)/" },
    },
    {
      name: "readers-no-parser-semantics",
      comment: "lib/ingest turns bytes into text; it may use the report's types only",
      severity: "error",
      from: { path: "^lib/ingest/" },
      to: { path: "^lib/report/", pathNot: "^lib/report/schema\\.ts$" },
    },
    {
      name: "readers-no-database",
      comment: "lib/ingest turns bytes into text: no database, no page, no command",
      severity: "error",
      from: { path: "^lib/ingest/" },
      to: { path: "^(db|app|components|lib/(cli|web|export))/" },
    },
    {
      name: "pipeline-no-outer-layers",
      comment: "lib/pipeline (bytes → read → parse → store) may store through db/, but knows no page and no command",
      severity: "error",
      from: { path: "^lib/pipeline/" },
      to: { path: "^(app|components|lib/(cli|web|export))/" },
    },
    {
      name: "components-props-only",
      comment: "components get their data as props: no database, no SQL driver",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^db/|node_modules/(better-sqlite3|drizzle-orm|pg)/" },
    },
    {
      name: "web-through-store",
      comment:
        "pages, API routes, components and the JSON/CSV views read through the Store (lib/store/store.ts): of db/ they know only the factory db/sqlite-store.ts, and never the SQL driver",
      severity: "error",
      from: { path: "^(app|components|lib/(export|web))/" },
      to: { path: "^db/|node_modules/(better-sqlite3|drizzle-orm|pg)/", pathNot: "^db/sqlite-store\\.ts$" },
    },
    {
      name: "store-types-no-db",
      comment: "lib/store holds the shapes components draw; it knows no database",
      severity: "error",
      from: { path: "^lib/store/" },
      to: { path: "^(db|app|components)/|node_modules/(better-sqlite3|drizzle-orm|pg)/" },
    },
    {
      name: "db-no-pages",
      severity: "error",
      from: { path: "^db/" },
      to: { path: "^(app|components|lib/(cli|web|export|pipeline))/" },
    },
    {
      name: "scripts-not-tests",
      comment: "entry points do not reach into the test suite",
      severity: "error",
      from: { path: "^(scripts|lib|db|app|components)/" },
      to: { path: "^tests/" },
    },
    {
      name: "no-production-docx",
      comment: "the docx writer is a dev dependency for fixtures and the synthetic corpus",
      severity: "error",
      from: { path: "^(lib/(report|ingest|pipeline|cli|web|export)|db|app|components)/" },
      to: { path: "node_modules/docx/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|\\.next|tests/fixtures|tests/output|data)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
