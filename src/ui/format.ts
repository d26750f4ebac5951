/**
 * Number, time and text formatting for the dashboard. Pure; fixed locale ('en-US') and UTC so that
 * frames are the same on every machine.
 */

/** Logs Insights list price, USD per GB scanned (data/prices.json, us-east-1). */
export const INSIGHTS_USD_PER_GB = 0.005;
/** AWS bills data volumes in GB of 2^30 bytes; the progress estimate uses the same unit. */
export const BYTES_PER_GB = 1024 ** 3;

export function scanCostUsd(bytes: number, usdPerGb = INSIGHTS_USD_PER_GB): number {
  return (bytes / BYTES_PER_GB) * usdPerGb;
}

const NA = '—';

export function fmtInt(n: number | null | undefined, na = NA): string {
  if (n == null || !Number.isFinite(n)) return na;
  return Math.round(n).toLocaleString('en-US');
}

/** 950, 12.3k, 4.5M, 1.2B */
export function fmtCompact(n: number | null | undefined, na = NA): string {
  if (n == null || !Number.isFinite(n)) return na;
  const a = Math.abs(n);
  if (a < 1000) return String(Math.round(n));
  if (a < 1e6) return `${trim1(n / 1e3)}k`;
  if (a < 1e9) return `${trim1(n / 1e6)}M`;
  return `${trim1(n / 1e9)}B`;
}

function trim1(x: number): string {
  return Math.abs(x) >= 100 ? String(Math.round(x)) : x.toFixed(1).replace(/\.0$/, '');
}

/** Milliseconds, as people read them: 0.42 ms, 8.1 ms, 312 ms, 1.25 s, 2.5 min. */
export function fmtMs(ms: number | null | undefined, na = NA): string {
  if (ms == null || !Number.isFinite(ms)) return na;
  const a = Math.abs(ms);
  if (a < 1) return `${ms.toFixed(2)} ms`;
  if (a < 10) return `${ms.toFixed(1)} ms`;
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60_000) return `${(ms / 1000).toFixed(a < 10_000 ? 2 : 1)} s`;
  if (a < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/** A ratio (0..1) as a percentage, with more decimals for small values. */
export function fmtPct(ratio: number | null | undefined, na = NA): string {
  if (ratio == null || !Number.isFinite(ratio)) return na;
  const p = ratio * 100;
  if (p === 0) return '0%';
  const a = Math.abs(p);
  if (a < 0.1) return `${p.toFixed(3)}%`;
  if (a < 10) return `${p.toFixed(2)}%`;
  if (a < 100) return `${p.toFixed(1)}%`;
  return `${Math.round(p)}%`;
}

/** A share of a whole (0..1) as a whole percentage: 0%, <1%, 31%. */
export function fmtShare(ratio: number | null | undefined, na = NA): string {
  if (ratio == null || !Number.isFinite(ratio)) return na;
  if (ratio <= 0) return '0%';
  if (ratio < 0.01) return '<1%';
  return `${Math.round(ratio * 100)}%`;
}

export function fmtUsd(usd: number | null | undefined, na = NA): string {
  if (usd == null || !Number.isFinite(usd)) return na;
  const sign = usd < 0 ? '-' : '';
  const a = Math.abs(usd);
  if (a === 0) return '$0.00';
  if (a < 0.01) return `${sign}$${a.toFixed(4)}`;
  if (a < 1000) return `${sign}$${a.toFixed(2)}`;
  return `${sign}$${Math.round(a).toLocaleString('en-US')}`;
}

/** Scan costs are small: four decimals under a dollar ($0.0100), so a growing scan visibly grows. */
export function fmtScanUsd(usd: number | null | undefined, na = NA): string {
  if (usd == null || !Number.isFinite(usd)) return na;
  return usd < 1 ? `$${usd.toFixed(4)}` : fmtUsd(usd);
}

/** Bytes in binary units labelled as AWS labels them (KB, MB, GB of 1024). */
export function fmtBytes(bytes: number | null | undefined, na = NA): string {
  if (bytes == null || !Number.isFinite(bytes)) return na;
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  if (i === 0) return `${Math.round(v)} B`;
  return `${v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** A span of time: 45 s, 15 min, 1 h, 2 h 30 min, 7 d. */
export function fmtSpan(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return NA;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const rm = m % 60;
  if (h < 48) return rm ? `${h} h ${rm} min` : `${h} h`;
  const d = Math.round(h / 24);
  return `${d} d`;
}

function isoParts(iso: string): { date: string; time: string } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const d = new Date(t).toISOString();
  return { date: d.slice(0, 10), time: d.slice(11, 16) };
}

/** 2026-11-20 10:00 UTC */
export function fmtTime(iso: string): string {
  const p = isoParts(iso);
  return p ? `${p.date} ${p.time} UTC` : iso;
}

/** 10:00 (or 11-20 10:00 when the window spans days) */
export function fmtClock(iso: string, withDate: boolean): string {
  const p = isoParts(iso);
  if (!p) return iso;
  return withDate ? `${p.date.slice(5)} ${p.time}` : p.time;
}

/** 2026-11-20 10:00 → 11:00 UTC (1 h) */
export function fmtWindow(start: string, end: string, arrow = '→'): string {
  const a = isoParts(start);
  const b = isoParts(end);
  if (!a || !b) return `${start} ${arrow} ${end}`;
  const span = fmtSpan(Date.parse(end) - Date.parse(start));
  const right = a.date === b.date ? b.time : `${b.date} ${b.time}`;
  return `${a.date} ${a.time} ${arrow} ${right} UTC (${span})`;
}

// ---------------------------------------------------------------------------------------------
// Display width, truncation and padding (terminal columns, not UTF-16 units)
// ---------------------------------------------------------------------------------------------

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) ||
    (cp >= 0x1ab0 && cp <= 0x1aff) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0x200d ||
    cp === 0x200c
  );
}

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  if (isZeroWidth(cp)) return 0;
  return isWide(cp) ? 2 : 1;
}

export function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** Cut `s` to at most `width` columns, ending with `ellipsis` when cut. */
export function truncate(s: string, width: number, ellipsis = '…'): string {
  if (width <= 0) return '';
  if (textWidth(s) <= width) return s;
  const ew = textWidth(ellipsis);
  if (width <= ew) return ellipsis.slice(0, width);
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = charWidth(ch);
    if (w + cw > width - ew) break;
    out += ch;
    w += cw;
  }
  return out + ellipsis;
}

export function padEnd(s: string, width: number, ellipsis = '…'): string {
  const t = truncate(s, width, ellipsis);
  return t + ' '.repeat(Math.max(0, width - textWidth(t)));
}

export function padStart(s: string, width: number, ellipsis = '…'): string {
  const t = truncate(s, width, ellipsis);
  return ' '.repeat(Math.max(0, width - textWidth(t))) + t;
}

/** Word-wrap to `width` columns, at most `maxLines` lines (the last one truncated). */
export function wrapText(s: string, width: number, maxLines: number, ellipsis = '…'): string[] {
  if (width <= 0 || maxLines <= 0) return [];
  const words = s.split(/\s+/).filter((w) => w.length > 0);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (textWidth(line) > width) {
      // A single word longer than the line: hard-break it.
      let head = '';
      let w = 0;
      let rest = '';
      let cut = false;
      for (const ch of line) {
        if (!cut && w + charWidth(ch) <= width) {
          head += ch;
          w += charWidth(ch);
        } else {
          cut = true;
          rest += ch;
        }
      }
      lines.push(head);
      line = rest;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] ?? '';
  kept[maxLines - 1] = truncate(`${last} ${ellipsis}`, width, ellipsis);
  return kept;
}
