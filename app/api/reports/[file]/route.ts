import { itemRoute } from "@/lib/export/routes";

/** `/api/reports/<id>.csv[?table=…]` and `/api/reports/<id>.json`. */
export const GET = itemRoute("reports");
