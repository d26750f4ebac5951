import { SPARK_SUFFIX_W } from '../components/Charts.js';
import type { Report, TimelineBin } from '../../report/types.js';

export interface ViewProps {
  report: Report;
  width: number;
  height: number;
  /** Selected row in views with a list (errors, findings); views clamp it. */
  cursor: number;
}

export const LABEL_W = 14;

/** A series from the timeline; bins where the field is absent or null are no-data (null). */
export function series(bins: readonly TimelineBin[], pick: (b: TimelineBin) => number | null | undefined): (number | null)[] {
  return bins.map((b) => {
    const v = pick(b);
    return v == null ? null : v;
  });
}

export function hasData(values: readonly (number | null)[]): boolean {
  return values.some((v) => v != null);
}

/** The first row of a window of `rows` rows over `count` items that keeps the cursor in the middle. */
export function scrollStart(cursor: number, count: number, rows: number): number {
  if (count <= rows || rows <= 0) return 0;
  return Math.max(0, Math.min(cursor - Math.floor(rows / 2), count - rows));
}

export function clampCursor(cursor: number, count: number): number {
  if (count <= 0) return 0;
  return Math.min(Math.max(0, cursor), count - 1);
}

/** Width of the label column before a timeline chart. */
export const SPARK_LABEL_W = 12;

/** "per 60 s bin" (or "per ~2 min" when several bins share a chart cell). */
export function timelineNote(bins: number, chartWidth: number, binSeconds: number): string {
  const perCell = bins > chartWidth ? (bins / chartWidth) * binSeconds : binSeconds;
  const span = perCell < 60 ? `${Math.round(perCell)} s` : perCell < 3600 ? `${Math.round(perCell / 6) / 10} min` : `${Math.round(perCell / 360) / 10} h`;
  return bins > chartWidth ? `per ~${span}, right: highest` : `per ${span} bin, right: highest`;
}

/** Columns left for a timeline chart in a line of `width`. */
export function chartWidth(width: number): number {
  return Math.max(10, width - SPARK_LABEL_W - SPARK_SUFFIX_W);
}
