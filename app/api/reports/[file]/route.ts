import { ITEM_VIEWS } from "@/lib/export/views";
import { notFoundResponse, parseFileName, viewResponse, withDb } from "@/lib/export/routes";
import { routeId } from "@/lib/web/params";

/** `/api/reports/<id>.csv[?table=…]` and `/api/reports/<id>.json`. */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const parsed = parseFileName((await params).file);
  const id = parsed ? routeId(parsed.name) : undefined;
  if (!parsed || id === undefined) return notFoundResponse();
  const query = new URL(request.url).searchParams;
  return withDb((db) => {
    const view = ITEM_VIEWS.reports(db, id);
    return view ? viewResponse(view, parsed.format, query) : notFoundResponse();
  });
}
