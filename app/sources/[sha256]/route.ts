import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import { contentDisposition } from "@/lib/export/csv";
import { notFoundResponse, withStore } from "@/lib/export/routes";
import { DATA_POLICY } from "@/lib/web/security";

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A PDF opens in the browser's viewer (so #page=N works); anything else, HTML included, downloads, and if a
 * browser rendered it anyway the sandboxing policy keeps its scripts from running.
 */
const INLINE = new Set(["application/pdf"]);

/**
 * `/sources/<sha256>`: the original file, kept by the ingest under its hash (the Store says where).
 * Only 64 hex characters reach the file system, so no path can be built from the URL.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ sha256: string }> }) {
  const { sha256 } = await params;
  if (!SHA256.test(sha256)) return notFoundResponse();
  return withStore(async (store) => {
    const source = await store.sourceFile(sha256);
    if (!source || !existsSync(source.path)) return notFoundResponse("source file not found");
    const inline = INLINE.has(source.mediaType);
    return new Response(Readable.toWeb(createReadStream(source.path)) as ReadableStream<Uint8Array>, {
      headers: {
        "Content-Type": source.mediaType,
        "Content-Disposition": contentDisposition(source.fileName, inline ? "inline" : "attachment"),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "public, max-age=31536000, immutable",
        ...(inline ? {} : { "Content-Security-Policy": DATA_POLICY }),
      },
    });
  });
}
