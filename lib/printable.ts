/**
 * A name from outside (a file name) made safe to print on one line and to show on a page: a line break would
 * forge a progress line, a bidi control (U+202E) would show `gpj.exe` as `exe.jpg`, a terminal escape could
 * rewrite the screen. Each such character is written as a visible escape; everything else is kept.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

export function printableName(name: string): string {
  return name.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`);
}
