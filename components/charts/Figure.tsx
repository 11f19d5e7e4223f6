"use client";

import { useRef, type ReactNode } from "react";
import { ChartDownloads, type LegendEntry } from "./ChartDownloads";
import "./charts.css";

/** The figure at its final height, and buttons that save it as PNG or SVG with its title and legend. */
export function Figure({ label, height, legend, children }: { label: string; height: number; legend: LegendEntry[]; children: ReactNode }) {
  const ref = useRef<HTMLElement>(null);
  return (
    <div className="chart-box">
      <figure ref={ref} className="chart" style={{ height }} aria-label={label}>
        {children}
      </figure>
      <ChartDownloads figure={ref} title={label} legend={legend} />
    </div>
  );
}
