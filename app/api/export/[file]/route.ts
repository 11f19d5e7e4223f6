import { databaseSnapshotResponse, zipResponse } from "@/lib/export/bulk";
import { notFoundResponse, withStore } from "@/lib/export/routes";

/** `/api/export/all.zip` (a CSV per table) and `/api/export/nianbao.db` (the SQLite file). */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (file !== "all.zip" && file !== "nianbao.db") return notFoundResponse();
  return withStore(async (store) => {
    // Asked before the download starts: a PostgreSQL server lost since gets a 503, not a 200 cut off mid-stream.
    await store.state();
    return file === "all.zip" ? zipResponse(store) : databaseSnapshotResponse(store);
  });
}
