"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";

/** A form's fields as a query, each key's values together (agency=1&agency=2&measure=…), repeated values once. */
export function groupedQuery(fields: Iterable<[string, FormDataEntryValue]>): string {
  const byKey = new Map<string, Set<string>>();
  for (const [key, value] of fields) {
    if (typeof value !== "string") continue;
    byKey.set(key, (byKey.get(key) ?? new Set()).add(value));
  }
  const query = new URLSearchParams();
  for (const [key, values] of byKey) for (const value of values) query.append(key, value);
  return query.toString();
}

/**
 * Keeps the agencies ticked in the form `form` (ComparePick) in the page's URL as `agency` values, as each box
 * changes: the server then renders the pager, sort and facet links with them, and the ticks of other pages come
 * back as the form's hidden fields, so moving to another page of a list loses none of them. The form itself is
 * sent as a client-side navigation with each key's values together: the browser would interleave them (the
 * form's hidden agencies and measures, then the rows' boxes after it), an order the server's render does not keep.
 */
export function KeepTicked({ form }: { form: string }) {
  const router = useRouter();
  useEffect(() => {
    const onChange = (event: Event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement) || box.name !== "agency" || box.form?.id !== form) return;
      const ticked = new Set(new FormData(box.form).getAll("agency").map(String));
      const url = new URL(window.location.href);
      url.searchParams.delete("agency");
      for (const id of ticked) url.searchParams.append("agency", id);
      router.replace(`${url.pathname}${url.search}`, { scroll: false });
    };
    const onSubmit = (event: SubmitEvent) => {
      const sent = event.target;
      if (!(sent instanceof HTMLFormElement) || sent.id !== form) return;
      event.preventDefault();
      router.push(`${new URL(sent.action).pathname}?${groupedQuery(new FormData(sent))}`);
    };
    document.addEventListener("change", onChange);
    document.addEventListener("submit", onSubmit);
    return () => {
      document.removeEventListener("change", onChange);
      document.removeEventListener("submit", onSubmit);
    };
  }, [form, router]);
  return null;
}
