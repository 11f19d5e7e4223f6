import { it } from "vitest";
import { readFileSync } from "node:fs";
import { parseReport } from "../lib/report/parse";
import { ReportSchema } from "../lib/report/schema";
it("x", () => {
  const seed = readFileSync("tests/fixtures/seed-000/input.txt", "utf8");
  for (const digits of ["9".repeat(400), "1".repeat(25), "12345678901234567890123"]) {
    const t = seed.replace("(一) 予以公开\t2\t", `(一) 予以公开\t${digits}\t`);
    const o = parseReport(t);
    console.log(o.ok ? [o.report.applications.granted.naturalPerson, o.report.issues.map(i => i.code).join(","), ReportSchema.safeParse(o.report).success] : o.reason);
  }
  // glued long digits
  const g = seed.replace("(一) 予以公开\t2\t0\t0\t0\t0\t0\t2", "(一) 予以公开\t" + "20000002".repeat(30));
  let t0 = performance.now(); const o2 = parseReport(g); console.log(performance.now() - t0, o2.ok && o2.report.issues.map(i => i.code));
  const big = seed.repeat(200); t0 = performance.now(); const o3 = parseReport(big); console.log("x200", big.length, performance.now() - t0, o3.ok);
});
