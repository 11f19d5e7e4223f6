import { webStore } from "@/db/sqlite-store";
import { databaseSnapshotResponse, zipResponse } from "@/lib/export/bulk";
import { missingDatabase, notFoundResponse } from "@/lib/export/routes";

/** `/api/export/all.zip` (a CSV per table) and `/api/export/nianbao.db` (the SQLite file). */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (file !== "all.zip" && file !== "nianbao.db") return notFoundResponse();
  const store = await webStore();
  if (!store) return missingDatabase();
  return file === "all.zip" ? zipResponse(store) : databaseSnapshotResponse(store);
}
