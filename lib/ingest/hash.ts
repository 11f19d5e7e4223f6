import { createHash } from "node:crypto";

/** Lowercase hex sha256 of a file's original bytes: the identity of a stored file. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
