import { describe, expect, it } from "vitest";
import { readerFlags } from "../lib/pipeline/pool";

describe("the readers' V8 flags", () => {
  it("bound the heap and enlarge the young generation for every reader", () => {
    expect(readerFlags(1, 1024, 8)).toEqual(["--max-old-space-size=1024", "--max-semi-space-size=32"]);
  });

  it("turn V8's helper threads off only when the readers take every core", () => {
    expect(readerFlags(1, 512, 2)).not.toContain("--single-threaded");
    expect(readerFlags(2, 512, 2)).toContain("--single-threaded");
    expect(readerFlags(3, 512, 2)).toContain("--single-threaded");
    expect(readerFlags(2, 512, 4)).not.toContain("--single-threaded");
    expect(readerFlags(2, 512, 2)[0]).toBe("--max-old-space-size=512");
  });
});
