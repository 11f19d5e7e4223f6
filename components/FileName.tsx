import { printableName } from "@/lib/printable";

/** A stored file name as text, with line breaks, controls and bidi overrides shown as escapes (lib/printable.ts). */
export function FileName({ name }: { name: string }) {
  return <>{printableName(name)}</>;
}
