import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, RULE_IDS, THRESHOLD_SPECS, defaultThresholds, parseFindingsConfig, readFindingsConfig } from '../../../src/analysis/findings/config.js';
import { RULES } from '../../../src/analysis/findings/index.js';

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

describe('threshold defaults', () => {
  it('has a spec, with enabled, for every rule, and a rule for every spec', () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_IDS].sort());
    const d = defaultThresholds();
    for (const id of RULE_IDS) expect(d[id].enabled).toBe(true);
    expect(d['cold-start-surprises'].maxColdStartRate).toBe(THRESHOLD_SPECS['cold-start-surprises'].maxColdStartRate.default);
  });
});

describe('parseFindingsConfig', () => {
  it('overrides only what the file says', () => {
    const t = parseFindingsConfig({ findings: { 'cold-start-surprises': { maxColdStartRate: 0.02 }, 'tracing-off': false } }, '.lambda-insight.json');
    expect(t['cold-start-surprises'].maxColdStartRate).toBe(0.02);
    expect(t['cold-start-surprises'].maxInitP99Ms).toBe(1000);
    expect(t['tracing-off'].enabled).toBe(false);
    expect(t.throttling).toEqual(defaultThresholds().throttling);
  });

  it('accepts an empty file and a file without findings', () => {
    expect(parseFindingsConfig({}, 'c')).toEqual(defaultThresholds());
    expect(parseFindingsConfig({ $schema: 'x', findings: {} }, 'c')).toEqual(defaultThresholds());
  });

  it('an unknown rule is a one-line error naming the key, with a suggestion', () => {
    const e = errorOf(() => parseFindingsConfig({ findings: { 'cold-starts-surprises': { maxColdStartRate: 0.1 } } }, '.lambda-insight.json'));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe('.lambda-insight.json: unknown key "findings.cold-starts-surprises" (did you mean "cold-start-surprises"?)');
    expect(e.message).not.toContain('\n');
  });

  it('an unknown threshold is a one-line error naming the key', () => {
    const e = errorOf(() => parseFindingsConfig({ findings: { throttling: { maxRate: 0.1 } } }, 'ci.json'));
    expect(e.message).toMatch(/^ci\.json: unknown key "findings\.throttling\.maxRate"/);
    expect((e as ConfigError).hint).toBe('thresholds of throttling: enabled, minThrottles, highRate');
  });

  it('an unknown top-level key is an error unless another part of the tool owns it', () => {
    expect(errorOf(() => parseFindingsConfig({ failOn: {} }, 'c')).message).toBe('c: unknown key "failOn"');
    expect(() => parseFindingsConfig({ failOn: {} }, 'c', { otherSections: ['failOn'] })).not.toThrow();
  });

  it('bad values are one-line errors naming the key and what it must be', () => {
    expect(errorOf(() => parseFindingsConfig({ findings: { 'cold-start-surprises': { maxColdStartRate: 5 } } }, 'c')).message).toBe(
      'c: findings.cold-start-surprises.maxColdStartRate must be a number from 0 to 1, got 5',
    );
    expect(errorOf(() => parseFindingsConfig({ findings: { 'cold-start-surprises': { maxInitP99Ms: '1s' } } }, 'c')).message).toBe(
      'c: findings.cold-start-surprises.maxInitP99Ms must be a number, got "1s"',
    );
    expect(errorOf(() => parseFindingsConfig({ findings: { throttling: { minThrottles: 1.5 } } }, 'c')).message).toBe(
      'c: findings.throttling.minThrottles must be a whole number of at least 0, got 1.5',
    );
    expect(errorOf(() => parseFindingsConfig({ findings: { 'heavy-init-in-handler': { coldToWarmRatio: 0.5 } } }, 'c')).message).toBe(
      'c: findings.heavy-init-in-handler.coldToWarmRatio must be a number of at least 1, got 0.5',
    );
    expect(errorOf(() => parseFindingsConfig({ findings: { 'tracing-off': { enabled: 'no' } } }, 'c')).message).toBe('c: findings.tracing-off.enabled must be true or false, got "no"');
    expect(errorOf(() => parseFindingsConfig({ findings: { 'tracing-off': 3 } }, 'c')).message).toBe('c: findings.tracing-off must be an object of thresholds or true/false, got 3');
    expect(errorOf(() => parseFindingsConfig([], 'c')).message).toBe('c: the config must be a JSON object, got an array');
  });
});

describe('readFindingsConfig', () => {
  it('uses the defaults when there is no .lambda-insight.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'li-cfg-'));
    expect(readFindingsConfig({ cwd: dir })).toEqual({ thresholds: defaultThresholds(), origin: null });
  });

  it('reads .lambda-insight.json from the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'li-cfg-'));
    writeFileSync(join(dir, '.lambda-insight.json'), JSON.stringify({ findings: { throttling: { highRate: 0.05 } } }));
    const got = readFindingsConfig({ cwd: dir });
    expect(got.origin).toBe('.lambda-insight.json');
    expect(got.thresholds.throttling.highRate).toBe(0.05);
  });

  it('reads --config PATH, which must exist, and reports bad JSON in one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'li-cfg-'));
    const path = join(dir, 'ci.json');
    writeFileSync(path, '{ "findings": { "throttling": false } }');
    expect(readFindingsConfig({ cwd: '/', configPath: path }).thresholds.throttling.enabled).toBe(false);
    expect(() => readFindingsConfig({ cwd: '/', configPath: join(dir, 'nope.json') })).toThrow(/nope\.json: cannot read the file \(ENOENT\)/);
    writeFileSync(path, '{ "findings": ');
    const e = errorOf(() => readFindingsConfig({ cwd: '/', configPath: path }));
    expect(e.message).toMatch(/ci\.json: not valid JSON/);
    expect(e.message).not.toContain('\n');
  });
});
