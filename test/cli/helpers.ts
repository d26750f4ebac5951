import { main, type CliIO } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the whole CLI in-process with captured output, as a user would at a terminal or in a pipe. */
export async function runCli(argv: string[], opts: { tty?: boolean; env?: NodeJS.ProcessEnv; io?: Partial<CliIO> } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false, columns: 100 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: opts.env ?? {},
    now: () => Date.parse('2026-11-26T00:00:00Z'),
    sleep: async () => undefined,
    ...opts.io,
  });
  return { code, stdout, stderr };
}
