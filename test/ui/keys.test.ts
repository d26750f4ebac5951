import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { INITIAL_UI, keyToAction, keysToActions, uiReducer, type KeyAction } from '../../src/ui/keys.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (k: Partial<Key>): Key => ({ ...NO_KEY, ...k });

describe('keyToAction', () => {
  it('maps Tab, Shift-Tab and the arrows to view changes', () => {
    expect(keyToAction('', key({ tab: true }))).toEqual({ type: 'next-view' });
    expect(keyToAction('', key({ tab: true, shift: true }))).toEqual({ type: 'prev-view' });
    expect(keyToAction('', key({ rightArrow: true }))).toEqual({ type: 'next-view' });
    expect(keyToAction('', key({ leftArrow: true }))).toEqual({ type: 'prev-view' });
  });

  it('maps digits 1-8 to views and ignores 9 and 0', () => {
    expect(keyToAction('1', NO_KEY)).toEqual({ type: 'goto-view', index: 0 });
    expect(keyToAction('8', NO_KEY)).toEqual({ type: 'goto-view', index: 7 });
    expect(keyToAction('9', NO_KEY)).toBeNull();
    expect(keyToAction('0', NO_KEY)).toBeNull();
  });

  it('maps ?, r, q and Ctrl-C', () => {
    expect(keyToAction('?', NO_KEY)).toEqual({ type: 'toggle-help' });
    expect(keyToAction('r', NO_KEY)).toEqual({ type: 'refresh' });
    expect(keyToAction('q', NO_KEY)).toEqual({ type: 'quit', interrupted: false });
    expect(keyToAction('c', key({ ctrl: true }))).toEqual({ type: 'quit', interrupted: true });
  });

  it('does not treat Ctrl-R as refresh', () => {
    expect(keyToAction('r', key({ ctrl: true }))).toBeNull();
  });
});

describe('uiReducer', () => {
  const run = (...actions: KeyAction[]) => actions.reduce(uiReducer, INITIAL_UI);

  it('wraps around the views in both directions', () => {
    expect(run({ type: 'prev-view' }).view).toBe('findings');
    expect(run({ type: 'goto-view', index: 7 }, { type: 'next-view' }).view).toBe('overview');
  });

  it('resets the selection when the view changes and closes help', () => {
    const s = run({ type: 'goto-view', index: 2 }, { type: 'move', delta: 3 }, { type: 'toggle-help' }, { type: 'next-view' });
    expect(s).toEqual({ view: 'throttles', showHelp: false, cursor: 0 });
  });

  it('toggles help and closes it with Escape', () => {
    expect(run({ type: 'toggle-help' }).showHelp).toBe(true);
    expect(run({ type: 'toggle-help' }, { type: 'toggle-help' }).showHelp).toBe(false);
    expect(run({ type: 'toggle-help' }, { type: 'close-help' }).showHelp).toBe(false);
  });

  it('never moves the selection above the first row', () => {
    expect(run({ type: 'move', delta: -1 }).cursor).toBe(0);
  });
});

describe('selection limits', () => {
  it('keeps the selection within the list it moves in', () => {
    const s = [1, 1, 1, 1, 1, 1].reduce((st) => uiReducer(st, { type: 'move', delta: 1, limit: 3 }), INITIAL_UI);
    expect(s.cursor).toBe(2);
    expect(uiReducer(s, { type: 'move', delta: -1, limit: 3 }).cursor).toBe(1);
  });
});

describe('keysToActions', () => {
  it('takes plain characters that arrive in one read one at a time, so "?q" opens the help and quits', () => {
    expect(keysToActions('?q', key({}))).toEqual([{ type: 'toggle-help' }, { type: 'quit', interrupted: false }]);
    expect(keysToActions('2x3', key({}))).toEqual([
      { type: 'goto-view', index: 1 },
      { type: 'goto-view', index: 2 },
    ]);
  });

  it('keeps a special key whole', () => {
    expect(keysToActions('', key({ tab: true }))).toEqual([{ type: 'next-view' }]);
    expect(keysToActions('c', key({ ctrl: true }))).toEqual([{ type: 'quit', interrupted: true }]);
  });
});
