"use client";

import { type ReactNode, useEffect, useRef, useState } from "react";

/**
 * A wide table's scrolling box: reachable by keyboard (a named region, `tabindex="0"`, so arrow keys scroll it), and,
 * once the browser knows it is wider than the screen, a fade at each edge that has more and a short hint below it.
 * The table's header row and label column stick inside it (app/globals.css, `.table-scroll`).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ start: false, end: false });
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => {
      const hidden = element.scrollWidth - element.clientWidth;
      const start = element.scrollLeft > 1;
      const end = element.scrollLeft < hidden - 1;
      setMore((old) => (old.start === start && old.end === end ? old : { start, end }));
    };
    update();
    element.addEventListener("scroll", update, { passive: true });
    const resized = new ResizeObserver(update);
    resized.observe(element);
    return () => {
      element.removeEventListener("scroll", update);
      resized.disconnect();
    };
  }, []);
  const wide = more.start || more.end;
  return (
    <>
      <div className="table-frame" data-more-start={more.start || undefined} data-more-end={more.end || undefined}>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus for keyboard users to scroll it */}
        <div className="table-scroll" ref={box} tabIndex={0} role="region" aria-label={`${label}，可左右滚动`}>
          {children}
        </div>
      </div>
      {wide && (
        <p className="scroll-hint" aria-hidden="true">
          {more.start ? "← " : ""}左右滑动查看更多列{more.end ? " →" : ""}
        </p>
      )}
    </>
  );
}
