/**
 * Keys to actions, and the dashboard's own state (view, help, selection). Pure, so both are tested
 * without a terminal.
 */
import type { Key } from 'ink';
import { VIEWS, nextView, viewAt, type ViewId } from './views.js';

export type KeyAction =
  | { type: 'next-view' }
  | { type: 'prev-view' }
  | { type: 'goto-view'; index: number }
  | { type: 'toggle-help' }
  | { type: 'close-help' }
  /** `limit`: rows in the current view's list, when known; the selection stays within it. */
  | { type: 'move'; delta: number; limit?: number }
  | { type: 'refresh' }
  | { type: 'quit'; interrupted: boolean };

export function keyToAction(input: string, key: Key): KeyAction | null {
  if (key.ctrl && input === 'c') return { type: 'quit', interrupted: true };
  if (key.tab) return key.shift ? { type: 'prev-view' } : { type: 'next-view' };
  if (key.rightArrow) return { type: 'next-view' };
  if (key.leftArrow) return { type: 'prev-view' };
  if (key.upArrow) return { type: 'move', delta: -1 };
  if (key.downArrow) return { type: 'move', delta: 1 };
  if (key.pageUp) return { type: 'move', delta: -10 };
  if (key.pageDown) return { type: 'move', delta: 10 };
  if (key.escape) return { type: 'close-help' };
  if (key.ctrl || key.meta) return null;
  switch (input) {
    case 'q':
    case 'Q':
      return { type: 'quit', interrupted: false };
    case 'r':
    case 'R':
      return { type: 'refresh' };
    case '?':
    case 'h':
      return { type: 'toggle-help' };
    case 'j':
      return { type: 'move', delta: 1 };
    case 'k':
      return { type: 'move', delta: -1 };
    case 'l':
      return { type: 'next-view' };
    default:
      break;
  }
  if (/^[1-9]$/.test(input)) {
    const index = Number(input) - 1;
    if (index < VIEWS.length) return { type: 'goto-view', index };
  }
  return null;
}

/**
 * A read from the terminal may hold several keys typed quickly (or pasted): `?q` arrives as one
 * input. Plain characters are taken one at a time; a special key (arrows, Tab, Escape, Ctrl) is one.
 */
export function keysToActions(input: string, key: Key): KeyAction[] {
  const plain = !key.ctrl && !key.meta && !key.tab && !key.escape && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown;
  const keys = plain && input.length > 1 ? [...input] : [input];
  return keys.map((k) => keyToAction(k, key)).filter((a): a is KeyAction => a !== null);
}

export interface UiState {
  view: ViewId;
  showHelp: boolean;
  cursor: number;
}

export const INITIAL_UI: UiState = { view: 'overview', showHelp: false, cursor: 0 };

/** Apply the view/help/selection part of an action; refresh and quit are the app's business. */
export function uiReducer(state: UiState, action: KeyAction): UiState {
  switch (action.type) {
    case 'next-view':
      return { view: nextView(state.view, 1), showHelp: false, cursor: 0 };
    case 'prev-view':
      return { view: nextView(state.view, -1), showHelp: false, cursor: 0 };
    case 'goto-view':
      return { view: viewAt(action.index), showHelp: false, cursor: state.view === viewAt(action.index) ? state.cursor : 0 };
    case 'toggle-help':
      return { ...state, showHelp: !state.showHelp };
    case 'close-help':
      return { ...state, showHelp: false };
    case 'move':
      return {
        ...state,
        cursor: Math.max(0, Math.min(state.cursor + action.delta, action.limit != null ? action.limit - 1 : Number.MAX_SAFE_INTEGER)),
      };
    default:
      return state;
  }
}
