import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** The process and its descendants, from /proc. */
export function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree;
}

/** The open-file flags (octal, from /proc/PID/fdinfo) of every descriptor of these processes open on the file. */
export function openFlags(pids: number[], file: string): number[] {
  const flags: number[] = [];
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== file) continue;
        const line = readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8")
          .split("\n")
          .find((l) => l.startsWith("flags:"))!;
        flags.push(parseInt(line.split(/\s+/)[1]!, 8));
      } catch {
        // closed meanwhile
      }
    }
  }
  return flags;
}
