/** Small helpers the rules share: number formatting and reading the report's money. */
import type { Report, WhatIf } from '../../report/types.js';

export function ms(x: number): string {
  if (x >= 10_000) return `${(x / 1000).toFixed(1)} s`;
  return `${Math.round(x)} ms`;
}

export function pct(r: number): string {
  const p = r * 100;
  return `${p >= 10 ? p.toFixed(0) : p >= 1 ? p.toFixed(1) : p.toFixed(2)}%`;
}

export function mb(bytes: number): string {
  const m = bytes / 2 ** 20;
  return m >= 1024 ? `${(m / 1024).toFixed(1)} GB` : `${m >= 10 ? m.toFixed(0) : m.toFixed(1)} MB`;
}

export function usd(x: number): string {
  return Math.abs(x) >= 0.01 || x === 0 ? `$${x.toFixed(2)}` : `$${x.toPrecision(2)}`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

export function whatIf(report: Report, id: string): WhatIf | null {
  return report.whatIf?.find((w) => w.id === id) ?? null;
}

/** Window-to-month scale from the cost section (30.44 days a month), or null without one. */
export function monthlyScale(report: Report): number | null {
  const d = report.cost?.windowDays;
  return d && d > 0 ? 30.44 / d : null;
}

/** Monthly money of `gbSeconds` of compute in the window, at the cost model's blended price. */
export function monthlyComputeOf(report: Report, gbSecondsInWindow: number): number | null {
  const price = report.cost?.usage?.effectiveUsdPerGbSecond ?? null;
  const scale = monthlyScale(report);
  if (price == null || scale == null) return null;
  return Math.round(gbSecondsInWindow * scale * price * 100) / 100;
}

export function memoryMb(report: Report): number | null {
  return report.memory.sizeMb ?? report.function.memoryMb ?? null;
}
