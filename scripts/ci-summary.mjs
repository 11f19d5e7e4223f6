#!/usr/bin/env node
// Reads vitest's JSON report and prints one closing line: `N passed, M failed` (`, K skipped` when any were
// skipped or todo). Exits 1 when the report is missing or unreadable, when anything failed, or when no test passed.
//
// Fields used (vitest JSON reporter): numPassedTests, numFailedTests, numPendingTests, numTodoTests, success, and
// testResults[] (name, status, message, assertionResults[].status/fullName). A test file that fails before any
// test runs (import or syntax error) has status "failed" and no failed assertions; it counts as one failure.
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? ".ci/vitest-report.json";

function fail(why) {
  console.log(`ci-summary: ${why}`);
  console.log("0 passed, 0 failed");
  process.exit(1);
}

let report;
try {
  report = JSON.parse(readFileSync(path, "utf8"));
} catch (e) {
  fail(`cannot read vitest report ${path}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
}
if (report === null || typeof report !== "object" || typeof report.numPassedTests !== "number" || typeof report.numFailedTests !== "number") {
  fail(`${path} is not a vitest JSON report (no numPassedTests/numFailedTests)`);
}

const count = (v) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const passed = count(report.numPassedTests);
let failed = count(report.numFailedTests);
const skipped = count(report.numPendingTests) + count(report.numTodoTests);
const files = Array.isArray(report.testResults) ? report.testResults : [];

for (const file of files) {
  const assertions = Array.isArray(file.assertionResults) ? file.assertionResults : [];
  for (const a of assertions) if (a.status === "failed") console.log(`FAIL ${file.name} > ${a.fullName ?? a.title}`);
  if (file.status === "failed" && !assertions.some((a) => a.status === "failed")) {
    failed += 1;
    console.log(`FAIL ${file.name}: ${String(file.message ?? "").split("\n")[0] || "test file failed"}`);
  }
}

let bad = failed > 0;
if (report.success === false && failed === 0) {
  console.log("ci-summary: vitest reported success=false");
  bad = true;
}
if (passed === 0) {
  console.log("ci-summary: no test passed");
  bad = true;
}

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`);
process.exit(bad ? 1 : 0);
