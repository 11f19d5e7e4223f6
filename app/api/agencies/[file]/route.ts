import { itemRoute } from "@/lib/export/routes";

/** `/api/agencies/<id>.csv[?table=…]` and `/api/agencies/<id>.json`. */
export const GET = itemRoute("agencies");
