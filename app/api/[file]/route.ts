import { PAGE_VIEWS, type PageViewName } from "@/lib/export/views";
import { notFoundResponse, parseFileName, viewResponse, withStore } from "@/lib/export/routes";

/** `/api/<page>.csv?…` and `/api/<page>.json?…` for the pages /, /agencies, /compare, /coverage and /search. */
export async function GET(request: Request, { params }: { params: Promise<{ file: string }> }) {
  const parsed = parseFileName((await params).file);
  if (!parsed || !Object.hasOwn(PAGE_VIEWS, parsed.name)) return notFoundResponse();
  const query = new URL(request.url).searchParams;
  return withStore(async (store) => viewResponse(await PAGE_VIEWS[parsed.name as PageViewName](store, query), parsed.format, query, request.url));
}
