/**
 * Which parser read a report, stored beside it (reports.parser_version) so that `npm run reparse` can tell what an
 * older parser read. A number plus a hash of lib/report and lib/ingest (lib/cli/parser-version.ts): written by
 * `npm run parser:version`, never by hand; tests/parser-version.test.ts fails until it is run after a change.
 */
export const PARSER_VERSION = "54-341b164b4b6a";
