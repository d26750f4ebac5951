import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

import { FakeStdin, FakeStdout, waitFor } from '../ui/helpers.js';

/** The report path at a terminal: the dashboard opens on the replayed session and quits cleanly. */

describe('report at a terminal', () => {
  it('opens the dashboard on the replayed session, switches view, and quits with q', { timeout: 30_000 }, async () => {
    const stdout = new FakeStdout(100, 30, true);
    const stdin = new FakeStdin();
    let stderr = '';
    const run = main(['report', '--replay', 'fixtures/http-api-orders'], {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      stderr: { write: (s: string) => (stderr += s) },
      env: { TERM: 'xterm-256color', LANG: 'en_US.UTF-8' },
      now: () => 0,
    });
    await waitFor(() => expect(stdout.output).toContain('60,066'), 15_000);
    stdin.write('2');
    await waitFor(() => expect(stdout.output).toContain('By init type'), 5_000);
    stdin.write('q');
    expect(await run).toBe(0);
    expect(stderr).toBe('');
  });

  it('prints plain text, not the dashboard, when stdout is not a terminal', async () => {
    const stdout = new FakeStdout(100, 30, false);
    const code = await main(['report', '--replay', 'fixtures/http-api-orders'], {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stderr: { write: () => true },
      env: {},
      now: () => 0,
    });
    expect(code).toBe(0);
    expect(stdout.output).toMatch(/^lambda-insight report: orders-api\n/);
    expect(stdout.output).not.toMatch(/\u001b\[/);
  });
});
