import { describe, expect, it } from 'vitest';
import { runCli } from './helpers.js';
import { VERSION } from '../../src/version.js';

describe('the command line', () => {
  it('prints its version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('shows help for report with every documented flag', async () => {
    const r = await runCli(['report', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--since', '--start', '--end', '--format', '--json', '--out', '--record', '--replay', '--profile', '--region', '--endpoint-url']) {
      expect(r.stdout).toContain(flag);
    }
  });

  it('rejects an unknown flag in one line with what to do, and exit code 2', async () => {
    const r = await runCli(['report', 'fn', '--sinse', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: unknown option '--sinse'.*--since.*; run `lambda-insight --help`/);
  });

  it('rejects a bad format value naming the choices', async () => {
    const r = await runCli(['report', 'fn', '--format', 'yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/yaml.*tui, text, json, markdown/);
  });

  it('rejects a bad window before calling AWS, without a stack trace', async () => {
    const r = await runCli(['report', 'fn', '--since', 'yesterday']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: --since "yesterday" is not a duration; use a number and a unit: 30m, 24h, 7d (units s, m, h, d, w)\n');
    expect(r.stdout).toBe('');
  });

  it('shows the stack only when --debug asks', async () => {
    const r = await runCli(['report', 'fn', '--since', 'x', '--debug']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/at parseDuration/);
  });

  it('explains an unreadable recording in one line', async () => {
    const r = await runCli(['report', '--replay', 'fixtures/does-not-exist']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: cannot read the recording fixtures\/does-not-exist\/session.json: no such file; pass --replay a folder made by --record/);
  });

  it('prints a JSON error object on stdout when JSON was asked for', async () => {
    const r = await runCli(['report', '--replay', 'fixtures/does-not-exist', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { type: 'user', code: 2 } });
  });

  it('refuses a function name that cannot be one', async () => {
    const r = await runCli(['report', 'my function;rm', '--json'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a Lambda function name/);
  });

  it('lists the Insights queries and prints one ready to paste', async () => {
    const list = await runCli(['queries']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/timeline\s+text/);
    expect(list.stdout).toMatch(/durations\s+text/);
    const show = await runCli(['queries', 'show', 'timeline', '--bin', '5m']);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^# name: timeline/);
    expect(show.stdout).toContain('by bin(5m)');
    expect(show.stdout).not.toContain('{{');
  });

  it('says which queries exist when asked for one that does not', async () => {
    const r = await runCli(['queries', 'show', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no query named "nope".*lambda-insight queries/);
  });
});

describe('AWS set-up mistakes', () => {
  it('says when no region is set, before any call', async () => {
    const r = await runCli(['report', 'fn', '--endpoint-url', 'http://127.0.0.1:9'], { env: { HOME: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/nonexistent/config' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: no AWS region set; give --region, set AWS_REGION, or set a region in your AWS profile\n');
  });
});
