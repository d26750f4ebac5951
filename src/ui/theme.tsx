import { createContext, useContext, type ReactNode } from 'react';
import { Text } from 'ink';
import { safeText } from '../report/safe.js';

/**
 * How to draw: colour or not, Unicode block characters or ASCII, and whether strings from logs are
 * redacted. Decided once (in run.tsx from the `color` option, NO_COLOR and the locale) and passed
 * down through context, so every component draws the same way and tests can fix it.
 */
export interface Theme {
  color: boolean;
  unicode: boolean;
  redact: boolean;
}

export const DEFAULT_THEME: Theme = { color: false, unicode: true, redact: true };

export const ThemeContext = createContext<Theme>(DEFAULT_THEME);

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

export interface Glyphs {
  /** Sparkline / histogram levels, lowest first (8 levels). */
  levels: readonly string[];
  full: string;
  /** Horizontal partial blocks, 1/8 to 7/8. Empty in ASCII: bars round to whole cells. */
  partials: readonly string[];
  track: string;
  rule: string;
  sep: string;
  ok: string;
  fail: string;
  running: string;
  /** Separator between items on a line. */
  dot: string;
  arrow: string;
  ellipsis: string;
  dash: string;
  pointer: string;
  warn: string;
}

export const UNICODE_GLYPHS: Glyphs = {
  levels: ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'],
  full: '█',
  partials: ['▏', '▎', '▍', '▌', '▋', '▊', '▉'],
  track: '░',
  rule: '─',
  sep: '│',
  ok: '✓',
  fail: '✗',
  running: '◌',
  dot: '·',
  arrow: '→',
  ellipsis: '…',
  dash: '—',
  pointer: '›',
  warn: '!',
};

export const ASCII_GLYPHS: Glyphs = {
  levels: ['.', ':', '-', '=', '+', '*', '#', '@'],
  full: '#',
  partials: [],
  track: '.',
  rule: '-',
  sep: '|',
  ok: '+',
  fail: 'x',
  running: '~',
  dot: '|',
  arrow: '->',
  ellipsis: '...',
  dash: '-',
  pointer: '>',
  warn: '!',
};

export function glyphsFor(theme: Pick<Theme, 'unicode'>): Glyphs {
  return theme.unicode ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

export function useGlyphs(): Glyphs {
  return glyphsFor(useTheme());
}

export type Tone = 'plain' | 'accent' | 'muted' | 'good' | 'warn' | 'bad' | 'critical' | 'heading';

const TONE_COLOR: Record<Tone, string | undefined> = {
  plain: undefined,
  accent: 'cyan',
  muted: 'gray',
  good: 'green',
  warn: 'yellow',
  bad: 'red',
  critical: 'redBright',
  heading: 'whiteBright',
};

export interface StyledProps {
  tone?: Tone;
  bold?: boolean;
  inverse?: boolean;
  children?: ReactNode;
}

const ASCII_FALLBACK: Record<string, string> = {
  '—': '-',
  '–': '-',
  '…': '...',
  '→': '->',
  '←': '<-',
  '↑': '^',
  '↓': 'v',
  '·': '|',
  '│': '|',
  '─': '-',
  '✓': '+',
  '✗': 'x',
  '◌': '~',
  '›': '>',
  '░': '.',
  '█': '#',
};
const ASCII_FALLBACK_RE = new RegExp(`[${Object.keys(ASCII_FALLBACK).join('')}]`, 'g');

/** The dashboard's own symbols in ASCII, for terminals without Unicode. Text from the report is left alone. */
export function asciiFallback(s: string): string {
  return s.replace(ASCII_FALLBACK_RE, (ch) => ASCII_FALLBACK[ch] ?? ch);
}

function mapStrings(children: ReactNode, f: (s: string) => string): ReactNode {
  if (typeof children === 'string') return f(children);
  if (Array.isArray(children)) return children.map((c: ReactNode) => (typeof c === 'string' ? f(c) : c));
  return children;
}

/**
 * Inline text in a tone, for use inside a <Line>. Without colour it is plain Text: no colour, no
 * bold, no inverse, so a NO_COLOR frame carries no escape sequence at all.
 */
export function Styled({ tone = 'plain', bold, inverse, children: raw }: StyledProps) {
  const theme = useTheme();
  // A safety net for ASCII terminals: symbols that slipped past the glyph sets (a default "—").
  const children = theme.unicode ? raw : mapStrings(raw, asciiFallback);
  if (!theme.color) return <Text>{children}</Text>;
  const color = TONE_COLOR[tone];
  return (
    <Text
      {...(color ? { color } : {})}
      {...(bold || tone === 'heading' ? { bold: true } : {})}
      {...(inverse ? { inverse: true } : {})}
    >
      {children}
    </Text>
  );
}

/** Clean a string for display: always neutralise escape sequences; redact as the theme says. */
export function useClean(): (s: string | null | undefined) => string {
  const { redact } = useTheme();
  return (s) => (s == null ? '' : safeText(s, { redact }));
}
