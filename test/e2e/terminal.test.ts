import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The built CLI in a real terminal: tmux runs a shell at 80x24, the shell runs
 * `lambda-insight report --replay ...`, and the test reads the screen, types keys, quits, and checks
 * that the terminal is left as it was found (main screen, cursor shown, the shell prompt back).
 * tmux is installed by .ci/run when missing.
 */
const session = `li-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForScreen(test: (s: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const start = Date.now();
  let last = '';
  while (Date.now() - start < timeoutMs) {
    last = screen();
    if (test(last)) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}

afterAll(() => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    /* already gone */
  }
});

describe('the dashboard in a real terminal', () => {
  it('opens on a replayed session, switches views, quits on q and leaves the terminal clean', { timeout: 60_000 }, async () => {
    // Prepare: the built CLI and a shell in an 80x24 tmux pane.
    expect(existsSync('dist/cli.js'), 'run npm run build first (npm test does)').toBe(true);
    tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '24', '-e', 'LANG=C.UTF-8', '-e', 'TERM=xterm-256color', 'sh');
    tmux('send-keys', '-t', session, 'PS1="ready$ "; clear', 'Enter');
    await waitForScreen((s) => s.includes('ready$'), 'the shell');

    // Act and assess: open, switch views, ask for help, quit.
    tmux('send-keys', '-t', session, 'node dist/cli.js report --replay fixtures/http-api-orders; echo "exit=$?"', 'Enter');
    const overview = await waitForScreen((s) => s.includes('60,066') && s.includes('Overview'), 'the overview');
    expect(overview.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(tmux('display', '-p', '-t', session, '#{alternate_on}').trim()).toBe('1');

    tmux('send-keys', '-t', session, '2');
    await waitForScreen((s) => s.includes('By init type'), 'the cold-start view');
    tmux('send-keys', '-t', session, 'Tab');
    await waitForScreen((s) => /Errors/.test(s) && s.includes('295'), 'the errors view');
    tmux('send-keys', '-t', session, '?');
    await waitForScreen((s) => s.includes('Press ? or Esc to close'), 'the help');
    // `?` again closes the help; q typed right after it may arrive in the same read.
    tmux('send-keys', '-t', session, '?q');

    const after = await waitForScreen((s) => s.includes('exit=0'), 'the CLI to exit');
    expect(after).not.toContain('60,066');
    expect(tmux('display', '-p', '-t', session, '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
  });
});
