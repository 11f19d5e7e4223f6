"use client";

import { useEffect, useState, type ReactNode } from "react";

/**
 * A select whose empty choice sends nothing: named only once a value is chosen, so the form's URL stays
 * `?measure=grantRate&from=2019`, not `?measure=grantRate&measure=&from=2019&to=`. Without JavaScript it is named
 * from the start and an empty value is ignored by the page.
 */
export function OptionalSelect({ id, name, defaultValue, children }: { id: string; name: string; defaultValue: string; children: ReactNode }) {
  const [value, setValue] = useState(defaultValue);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <select id={id} name={!hydrated || value ? name : undefined} value={value} onChange={(event) => setValue(event.target.value)}>
      {children}
    </select>
  );
}
