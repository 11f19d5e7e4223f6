"use client";

import type { RefObject } from "react";

/** A legend entry of an exported chart (the page's legend is HTML, outside the chart's SVG). */
export type LegendEntry = { name: string; color: string; dashed?: boolean };

const SVG_NS = "http://www.w3.org/2000/svg";
const TEXT = "#1f2328";
const LEGEND_ROW = 20;
const TITLE_HEIGHT = 28;

function element(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The chart as a file of its own: the drawn SVG on white, its title above and its legend below (one entry a line,
 * full names), text dark whatever the page's colour scheme.
 */
export function chartSvg(figure: HTMLElement, title: string, legend: LegendEntry[]): { text: string; width: number; height: number } | null {
  // A recharts chart's drawing, or a light one's (components/charts/light).
  const drawn = figure.querySelector(".recharts-wrapper > svg.recharts-surface, svg.light-surface");
  if (!drawn) return null;
  const width = Math.round(drawn.getBoundingClientRect().width) || 640;
  const plotHeight = Math.round(drawn.getBoundingClientRect().height) || 320;
  const height = TITLE_HEIGHT + plotHeight + legend.length * LEGEND_ROW + 8;
  const svg = element("svg", { xmlns: SVG_NS, width, height, viewBox: `0 0 ${width} ${height}`, style: `color:${TEXT};font-family:sans-serif` });
  svg.append(element("rect", { x: 0, y: 0, width, height, fill: "#ffffff" }));
  svg.append(element("text", { x: 8, y: 19, "font-size": 15, "font-weight": 600, fill: TEXT }, title));
  const plot = drawn.cloneNode(true) as SVGElement;
  plot.setAttribute("x", "0");
  plot.setAttribute("y", String(TITLE_HEIGHT));
  plot.setAttribute("width", String(width));
  plot.setAttribute("height", String(plotHeight));
  svg.append(plot);
  legend.forEach((entry, i) => {
    const y = TITLE_HEIGHT + plotHeight + i * LEGEND_ROW + 14;
    svg.append(
      element("line", { x1: 10, x2: 34, y1: y - 4, y2: y - 4, stroke: entry.color, "stroke-width": 4, ...(entry.dashed ? { "stroke-dasharray": "6 4" } : {}) }),
    );
    svg.append(element("text", { x: 42, y, "font-size": 12, fill: TEXT }, entry.name));
  });
  return { text: new XMLSerializer().serializeToString(svg), width, height };
}

function save(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

async function download(figure: HTMLElement | null, title: string, legend: LegendEntry[], format: "svg" | "png") {
  const svg = figure ? chartSvg(figure, title, legend) : null;
  if (!svg) return;
  const blob = new Blob([svg.text], { type: "image/svg+xml" });
  const name = `nianbao-${title.replace(/[\\/:*?"<>|\s]+/g, "_")}`;
  if (format === "svg") return save(blob, `${name}.svg`);
  const image = new Image();
  const url = URL.createObjectURL(blob);
  image.src = url;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = svg.width * 2;
  canvas.height = svg.height * 2;
  const context = canvas.getContext("2d")!;
  context.scale(2, 2);
  context.drawImage(image, 0, 0);
  URL.revokeObjectURL(url);
  canvas.toBlob((png) => png && save(png, `${name}.png`), "image/png");
}

/** 下载 PNG / SVG of the chart in `figure`. */
export function ChartDownloads({ figure, title, legend }: { figure: RefObject<HTMLElement | null>; title: string; legend: LegendEntry[] }) {
  return (
    <p className="chart-downloads">
      <span className="muted">下载此图：</span>
      {(["png", "svg"] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="link-button"
          data-chart-download={format}
          onClick={() => void download(figure.current, title, legend, format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
    </p>
  );
}
