"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { CITATION_SOURCE, citationLine } from "@/lib/web/citation";

/**
 * The citation of the page shown (every page's footer): the source, the page's address and the day it was read,
 * with a button that copies the address. It follows client-side navigation (the layout is not rendered again).
 */
export function Citation() {
  const pathname = usePathname();
  const search = canonicalSearch(useSearchParams());
  const path = `${pathname}${search ? `?${search}` : ""}`;
  // The address and the day as the reader's browser has them; until then (the server's render) the path alone.
  const [origin, setOrigin] = useState("");
  const [today, setToday] = useState<string | null>(null);
  // What the button last did, and on which page (a new page shows the button afresh).
  const [copied, setCopied] = useState<{ path: string; ok: boolean } | null>(null);
  useEffect(() => {
    setOrigin(window.location.origin);
    setToday(new Date().toLocaleDateString("sv-SE"));
  }, []);
  const url = `${origin}${path}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      setCopied({ path, ok: true });
    } catch {
      setCopied({ path, ok: false });
    }
  };
  return (
    <p className="citation" data-testid="citation">
      引用：{today ? citationLine(url, today) : `${CITATION_SOURCE}，${url}`}
      <button type="button" className="button copy-link" onClick={copy} aria-live="polite">
        {copied?.path !== path ? "复制链接" : copied.ok ? "已复制链接" : "无法复制，请从地址栏复制"}
      </button>
    </p>
  );
}

/**
 * The query with its keys in order, each key's values in theirs: the server renders the query grouped by key while the
 * browser keeps the address's order (agency, measure, agency), and the two renders must print the same text.
 */
function canonicalSearch(params: URLSearchParams | Readonly<URLSearchParams>): string {
  const sorted = new URLSearchParams(params.toString());
  sorted.sort();
  return sorted.toString();
}
