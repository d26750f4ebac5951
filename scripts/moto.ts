/**
 * Starts and stops a moto_server (a Python package that speaks the AWS wire protocols) on
 * 127.0.0.1 for the integration suite. Loopback only: nothing here reaches the network.
 *
 *   import { startMoto } from '../../scripts/moto.js';
 *   const moto = await startMoto();   // { url, port, stop() }
 *   ...
 *   await moto.stop();
 *
 * Run directly (`tsx scripts/moto.ts`) it starts a server, prints its URL and keeps it up until
 * Ctrl-C, which is handy for poking at it with the AWS CLI (`--endpoint-url`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { request } from 'node:http';

export interface MotoServer {
  url: string;
  port: number;
  /** The moto_server process id, so a caller can tell which process is ours. */
  pid: number;
  /** Everything moto printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

export const MOTO_INSTALL_HINT = "moto_server was not found on PATH: install it with `pip install 'moto[server]'` (or set MOTO_SERVER to its path)";

/** A free TCP port on 127.0.0.1, found by listening on port 0 and reading what the OS gave. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('could not find a free port'))));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/moto-api/', method: 'GET', timeout: 1000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 0) > 0);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startMoto(opts: { timeoutMs?: number; command?: string } = {}): Promise<MotoServer> {
  const command = opts.command ?? process.env.MOTO_SERVER ?? 'moto_server';
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // A few attempts: another process may take the port between our probe and moto's bind.
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    let out = '';
    let child: ChildProcess;
    const spawned = await new Promise<ChildProcess | Error>((resolve) => {
      const c = spawn(command, ['-H', '127.0.0.1', '-p', String(port)], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
      });
      c.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT' ? new Error(MOTO_INSTALL_HINT) : e));
      c.once('spawn', () => resolve(c));
    });
    if (spawned instanceof Error) throw spawned;
    child = spawned;
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    let exited: number | null | undefined;
    child.once('exit', (code) => (exited = code ?? -1));

    const deadline = Date.now() + timeoutMs;
    let up = false;
    while (Date.now() < deadline && exited === undefined) {
      if ((await portOpen(port)) && (await answers(port))) {
        up = true;
        break;
      }
      await sleep(100);
    }
    if (up) {
      const proc = child;
      return {
        url: `http://127.0.0.1:${port}`,
        port,
        pid: proc.pid ?? -1,
        output: () => out,
        stop: () =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
            const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
            proc.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            proc.kill('SIGTERM');
          }),
      };
    }
    if (exited === undefined) child.kill('SIGKILL');
    if (/No module named|ModuleNotFoundError|command not found/i.test(out)) {
      throw new Error(`${MOTO_INSTALL_HINT}\n${out}`);
    }
    lastError = new Error(`moto_server did not answer on 127.0.0.1:${port} within ${timeoutMs} ms${exited !== undefined ? ` (it exited with ${exited})` : ''}\n${out}`);
  }
  throw lastError ?? new Error('moto_server did not start');
}

// Run directly: start, print the URL, stop on Ctrl-C.
if (import.meta.url === `file://${process.argv[1]}`) {
  const moto = await startMoto();
  process.stdout.write(`moto_server listening at ${moto.url} (pid ${moto.pid}); Ctrl-C to stop\n`);
  const stop = () => void moto.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
