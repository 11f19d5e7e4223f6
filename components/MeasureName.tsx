import Link from "next/link";
import { measureLabel } from "@/lib/report/measures";
import { measureHref } from "@/lib/web/links";

/** A measure's name (the template's or the dictionary's label), linked to its formula on /methodology. */
export function MeasureName({ measure, label }: { measure: string; label?: string }) {
  return (
    <Link href={measureHref(measure)} className="measure-link" title="公式与分母">
      {label ?? measureLabel(measure)}
    </Link>
  );
}
