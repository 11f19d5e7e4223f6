/**
 * The overview's charts without recharts (about 110 KB gzipped, more than half of the page's JavaScript): the
 * server draws them (LightPlot), the browser only sizes them and shows the tooltip. Same figure, legend, tooltip
 * and PNG/SVG downloads as the recharts charts of `@/components/charts`, which the other pages keep.
 */

import type { LegendEntry } from "../ChartDownloads";
import { Figure } from "../Figure";
import { CHART_HEIGHT, legendOf, type ChartRow, type ChartSeries } from "../palette";
import LightPlot from "./LightPlot";

type Common = { data: ChartRow[]; series: ChartSeries[]; unit?: string; label: string };

/** The legend under the plot, in series order (a stack's order, first at the bottom): full names in the text colour. */
function Legend({ entries }: { entries: LegendEntry[] }) {
  return (
    <ul className="light-legend">
      {entries.map((entry) => (
        <li key={entry.name}>
          <span className={entry.dashed ? "chart-swatch dashed" : "chart-swatch"} style={{ background: entry.color }} aria-hidden="true" />
          <span className="chart-legend-text">{entry.name}</span>
        </li>
      ))}
    </ul>
  );
}

/** Vertical bars by category, stacked or side by side. */
export function LightBars(props: Common & { categoryKey: string; stacked?: boolean; max?: number }) {
  const legend = props.series.length > 1 ? legendOf(props.series) : [];
  return (
    <Figure label={props.label} height={CHART_HEIGHT} legend={legend}>
      <LightPlot kind="bars" {...props} />
      {legend.length > 0 && <Legend entries={legend} />}
    </Figure>
  );
}

/** Lines across years (`year` of each row), one per series. */
export function LightLines(props: Common) {
  const legend = legendOf(props.series);
  return (
    <Figure label={props.label} height={CHART_HEIGHT} legend={legend}>
      <LightPlot kind="lines" categoryKey="year" {...props} />
      <Legend entries={legend} />
    </Figure>
  );
}
