import Link from "next/link";
import { hrefWith } from "@/lib/web/params";

type Props = { path: string; params: URLSearchParams; page: number; pageCount: number; total: number; unit: string };

export function Pager({ path, params, page, pageCount, total, unit }: Props) {
  return (
    <nav className="pager" aria-label="翻页">
      {page > 1 ? <Link href={hrefWith(path, params, { page: page - 1 })}>← 上一页</Link> : <span className="muted">← 上一页</span>}
      <span>
        第 {page} / {pageCount} 页，共 {total} {unit}
      </span>
      {page < pageCount ? <Link href={hrefWith(path, params, { page: page + 1 })}>下一页 →</Link> : <span className="muted">下一页 →</span>}
    </nav>
  );
}
