/** The frame around the views: header, tab bar, footer and the help screen. */
import { Fragment } from 'react';
import { VIEWS, type ViewId } from '../views.js';
import { padEnd, textWidth, truncate } from '../format.js';
import { Styled, useGlyphs, useTheme, type Tone } from '../theme.js';
import { Line } from './Line.js';

export function Header({ left, right, rightTone, width }: { left: string; right: string; rightTone: Tone; width: number }) {
  const glyphs = useGlyphs();
  const rw = textWidth(right);
  const lw = Math.max(0, width - rw - 1);
  return (
    <Line>
      <Styled tone="heading">{padEnd(truncate(left, lw, glyphs.ellipsis), lw)}</Styled>
      <Styled> </Styled>
      <Styled tone={rightTone}>{right}</Styled>
    </Line>
  );
}

/** Width of the tab bar with full or short labels. */
function tabBarWidth(short: boolean): number {
  // "1 Label" per tab, one space between, two more for the active tab's brackets.
  return VIEWS.reduce((w, v) => w + 2 + (short ? v.short : v.label).length, 0) + (VIEWS.length - 1) + 2;
}

export function TabBar({ active, width }: { active: ViewId; width: number }) {
  const theme = useTheme();
  const short = tabBarWidth(false) > width;
  return (
    <Line>
      {VIEWS.map((v, i) => {
        const text = `${i + 1} ${short ? v.short : v.label}`;
        const isActive = v.id === active;
        return (
          <Fragment key={v.id}>
            {i > 0 ? <Styled> </Styled> : null}
            {isActive ? (
              theme.color ? (
                <Styled tone="accent" inverse bold>{` ${text} `}</Styled>
              ) : (
                <Styled>{`[${text}]`}</Styled>
              )
            ) : (
              <Styled tone="muted">{text}</Styled>
            )}
          </Fragment>
        );
      })}
    </Line>
  );
}

export function Rule({ width }: { width: number }) {
  const glyphs = useGlyphs();
  return (
    <Line>
      <Styled tone="muted">{glyphs.rule.repeat(Math.max(0, width))}</Styled>
    </Line>
  );
}

export function Footer({ text, tone, width }: { text: string; tone: Tone; width: number }) {
  const glyphs = useGlyphs();
  return (
    <Line>
      <Styled tone={tone}>{truncate(text, width, glyphs.ellipsis)}</Styled>
    </Line>
  );
}

export function keyHints(unicode: boolean): string {
  return unicode
    ? 'Tab/←→ view · 1-8 jump · ↑↓ select · r refresh · ? help · q quit'
    : 'Tab/<-/-> view | 1-8 jump | up/down select | r refresh | ? help | q quit';
}

const HELP_KEYS: [string, string][] = [
  ['Tab, →', 'next view'],
  ['Shift-Tab, ←', 'previous view'],
  ['1 … 8', 'jump to a view'],
  ['↑ ↓, j k', 'move the selection (errors, findings)'],
  ['r', 'refresh: load the report again (stops the running load first)'],
  ['?', 'show or hide this help'],
  ['q, Ctrl-C', 'quit (running Insights queries are stopped)'],
];

export function Help({ width }: { width: number }) {
  const theme = useTheme();
  const keys = theme.unicode
    ? HELP_KEYS
    : HELP_KEYS.map(([k, v]): [string, string] => [k.replace('→', '->').replace('←', '<-').replace('↑ ↓', 'up down').replace('…', '..'), v]);
  return (
    <>
      <Line>
        <Styled tone="heading">Keys</Styled>
      </Line>
      {keys.map(([k, v]) => (
        <Line key={k}>
          <Styled tone="accent">{padEnd(`  ${k}`, 18)}</Styled>
          <Styled>{truncate(v, Math.max(0, width - 18))}</Styled>
        </Line>
      ))}
      <Line> </Line>
      <Line>
        <Styled tone="heading">Charts</Styled>
      </Line>
      <Line>
        <Styled>{`  ${theme.unicode ? '▁▂▃▄▅▆▇█' : '.:-=+*#@'} scaled to the largest value in the row; blank = none`}</Styled>
      </Line>
      <Line>
        <Styled>  Timelines are per bin of the report window; traces are samples, not totals.</Styled>
      </Line>
      <Line> </Line>
      <Line>
        <Styled tone="muted">Press ? or Esc to close.</Styled>
      </Line>
    </>
  );
}
