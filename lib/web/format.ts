import type { Count } from "../report/measures";

/** How numbers are shown: a missing value or a rate over nothing is "—", never 0. */

export const MISSING = "—";

const integer = new Intl.NumberFormat("zh-CN", { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat("zh-CN", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(value: Count | undefined): string {
  return value === null || value === undefined ? MISSING : integer.format(value);
}

export function formatRate(value: Count | undefined): string {
  return value === null || value === undefined ? MISSING : percent.format(value);
}

export function formatValue(value: Count | undefined, isRate: boolean): string {
  return isRate ? formatRate(value) : formatCount(value);
}

/** A value in a chart's unit: rates as percentage points (so the chart only draws), counts as they are. */
export function chartValue(value: Count | undefined, isRate: boolean): number | null {
  if (value === null || value === undefined) return null;
  return isRate ? Math.round(value * 1000) / 10 : value;
}

export function regionName(region: { province: string | null; city: string | null; county: string | null }): string {
  return [region.province, region.city, region.county].filter(Boolean).join(" ") || "（地区未识别）";
}

/**
 * A value as the page shows it, for exports: a rate to the tenth of a percent it is shown with (0.333 for 33.3 %),
 * a count to the two decimals a sum of counts can show; no float noise (0.15000000000000002 is 0.15).
 */
export function shownValue(value: Count | undefined, isRate: boolean): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  return Number(value.toFixed(isRate ? 3 : 2));
}
