import { describe, expect, it, vi } from 'vitest';

// Force chalk (inside ink) to emit colour in this file, so "no colour" below is a real check:
// without this, vitest's non-TTY stdout makes every frame colourless anyway.
vi.hoisted(() => {
  process.env['FORCE_COLOR'] = '3';
});

import { FakeStdin, FakeStdout, makeReport, renderDashboard, waitFor } from './helpers.js';
import { runDashboard } from '../../src/ui/run.js';
import { VIEWS } from '../../src/ui/views.js';

const ESC = '\u001B';
// eslint-disable-next-line no-control-regex
const SGR = /\u001B\[[0-9;]*m/;

describe('colour', () => {
  it('colours the dashboard when colour is on', () => {
    const r = renderDashboard({ theme: { color: true, unicode: true, redact: true } });
    expect(r.lastFrame()).toMatch(SGR);
    r.unmount();
  });

  it.each(VIEWS.map((v) => v.id))('%s: writes no escape sequence at all when colour is off', (view) => {
    const r = renderDashboard({ view, theme: { color: false, unicode: true, redact: true } });
    expect(r.lastFrame()).not.toContain(ESC);
    r.unmount();
  });

  it('runDashboard writes no colour when NO_COLOR is set, even if colour was asked for', async () => {
    const stdout = new FakeStdout(80, 24, false);
    const stdin = new FakeStdin();
    const done = runDashboard({
      title: 'orders-api',
      load: async () => makeReport(),
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      patchConsole: false,
      color: true,
      env: { NO_COLOR: '1', LANG: 'en_US.UTF-8' },
    });
    await waitFor(() => expect(stdout.output).toContain('49,870'));
    stdin.write('q');
    await done;
    expect(stdout.output).not.toMatch(SGR);
  });

  it('runDashboard colours when colour is asked for and NO_COLOR is not set', async () => {
    const stdout = new FakeStdout(80, 24, false);
    const stdin = new FakeStdin();
    const done = runDashboard({
      title: 'orders-api',
      load: async () => makeReport(),
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      patchConsole: false,
      color: true,
      env: { LANG: 'en_US.UTF-8' },
    });
    await waitFor(() => expect(stdout.output).toContain('49,870'));
    stdin.write('q');
    await done;
    expect(stdout.output).toMatch(SGR);
  });
});
