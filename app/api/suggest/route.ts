import { jsonResponse } from "@/lib/export/csv";
import { withStore } from "@/lib/export/routes";
import { suggestQueryOf } from "@/lib/web/params";
import { regionName } from "@/lib/web/format";

/**
 * `/api/suggest?q=济南`: at most 10 agencies whose name contains the text, with their region, for the comparison
 * builder's type-ahead. One bounded query (the agencies list's, one page of 10), never every agency.
 */
export async function GET(request: Request) {
  const query = suggestQueryOf(new URL(request.url).searchParams);
  if (!query.q) return jsonResponse({ q: "", rows: [] });
  return withStore(async (store) => {
    const page = await store.listAgencies(query);
    return jsonResponse({
      q: query.q,
      total: page.total,
      rows: page.rows.map(({ id, name, province, city, county }) => ({ id, name, province, city, county, region: regionName({ province, city, county }) })),
    });
  });
}
