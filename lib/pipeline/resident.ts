import { readFileSync } from "node:fs";

/**
 * The resident memory (RSS) of process `pid` in MB, from /proc/<pid>/status (VmRSS, in kB), or null where that
 * cannot be read (a system without /proc, a process that has ended). Read from outside the process, so it is seen
 * however long the process runs without yielding.
 */
export function residentMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}
