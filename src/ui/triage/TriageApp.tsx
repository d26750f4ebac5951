/**
 * The triage screen wired to its effects: the state the command pushes (through a TriageStore),
 * the terminal size and the keys. What it draws is <TriageView>, a pure component.
 */
import { useRef, useState, useSyncExternalStore } from 'react';
import { useApp, useInput } from 'ink';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import type { Theme } from '../theme.js';
import { TriageView, type TriageViewState } from './TriageView.js';

/** A tiny store: the command sets state as the run goes; the app re-renders on each change. */
export class TriageStore {
  private listeners = new Set<() => void>();
  constructor(private state: TriageViewState) {}

  get = (): TriageViewState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  update(patch: Partial<TriageViewState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

export const EXIT_OK = 0;
export const EXIT_INTERRUPTED = 130;

/** What a key does on the triage screen. Pure, so it is tested without a terminal. */
export function triageKey(input: string, key: { ctrl?: boolean; meta?: boolean; escape?: boolean }): 'quit' | 'interrupt' | 'help' | 'close-help' | null {
  if (key.ctrl && input === 'c') return 'interrupt';
  if (key.escape) return 'close-help';
  if (key.ctrl || key.meta) return null;
  if (input === 'q' || input === 'Q') return 'quit';
  if (input === '?' || input === 'h') return 'help';
  return null;
}

export interface TriageAppProps {
  title: string;
  store: TriageStore;
  theme: Theme;
  /** Called once when the user quits, with the exit code (0 q, 130 Ctrl-C), before the app exits. */
  onQuit: (code: number) => void;
  /** Fixed size instead of the terminal's (tests). */
  size?: { columns: number; rows: number };
}

export function TriageApp({ title, store, theme, onQuit, size }: TriageAppProps) {
  const { exit } = useApp();
  const state = useSyncExternalStore(store.subscribe, store.get, store.get);
  const terminal = useTerminalSize();
  const [showHelp, setShowHelp] = useState(false);
  const quitting = useRef(false);

  useInput((input, key) => {
    if (quitting.current) return;
    const action = triageKey(input, key);
    if (action === 'quit' || action === 'interrupt') {
      quitting.current = true;
      onQuit(action === 'interrupt' ? EXIT_INTERRUPTED : EXIT_OK);
      exit();
    } else if (action === 'help') {
      setShowHelp((v) => !v);
    } else if (action === 'close-help') {
      setShowHelp(false);
    }
  });

  const columns = size?.columns ?? terminal.columns;
  const rows = size?.rows ?? terminal.rows;
  return (
    <TriageView
      {...state}
      title={title}
      theme={theme}
      width={Math.max(20, columns)}
      // One row short of the terminal: a frame as tall as the screen makes ink clear and redraw it.
      height={Math.max(8, rows - 1)}
      showHelp={showHelp}
    />
  );
}
