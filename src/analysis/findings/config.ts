/**
 * Finding thresholds: the defaults, and their overrides from `.lambda-insight.json` (in the working
 * directory) or `--config PATH`. The file's `findings` section maps a rule id to its thresholds:
 *
 *   { "findings": { "cold-start-surprises": { "maxColdStartRate": 0.02 }, "tracing-off": false } }
 *
 * `false` turns a rule off (same as `{ "enabled": false }`). An unknown key or a bad value is an
 * error whose one line names the key. Everything is pure except `readFindingsConfig`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../cli/errors.js';

type Kind = 'bool' | 'ratio' | 'factor' | 'ms' | 'count' | 'bytes' | 'usd' | 'mb';

interface Spec {
  default: number | boolean;
  kind: Kind;
  help: string;
}

const on = { default: true, kind: 'bool', help: 'run this rule' } as const;

/** Every rule's thresholds: default, kind (for validation) and meaning. */
export const THRESHOLD_SPECS = {
  'heavy-init-in-handler': {
    enabled: on,
    coldToWarmRatio: { default: 3, kind: 'factor', help: 'first-invocation handler p50 at least this many times the warm p50' },
    minExtraMs: { default: 100, kind: 'ms', help: 'and at least this many ms slower' },
    highExtraMs: { default: 1000, kind: 'ms', help: 'high severity from this many extra ms' },
    minColdSamples: { default: 3, kind: 'count', help: 'cold invocations needed to judge' },
    minWarmSamples: { default: 20, kind: 'count', help: 'warm invocations needed to judge' },
    initShareMax: { default: 0.1, kind: 'ratio', help: 'init p50 at most this share of the warm handler p50 ...' },
    minWarmP50Ms: { default: 1000, kind: 'ms', help: '... while the warm handler p50 is at least this long' },
  },
  'no-failure-destination': {
    enabled: on,
    minAsyncEvents: { default: 1, kind: 'count', help: 'async events received that make a function async-invoked' },
  },
  'connection-pool-exhaustion': {
    enabled: on,
    minErrors: { default: 3, kind: 'count', help: 'connection-exhaustion errors needed' },
    concurrencyRiseFactor: { default: 1.5, kind: 'factor', help: 'peak concurrency this many times the median counts as rising' },
  },
  'cold-start-surprises': {
    enabled: on,
    maxColdStartRate: { default: 0.05, kind: 'ratio', help: 'cold-start rate above this fires' },
    highColdStartRate: { default: 0.2, kind: 'ratio', help: 'high severity from this rate' },
    minInvocations: { default: 100, kind: 'count', help: 'invocations needed to judge the rate' },
    maxInitP99Ms: { default: 1000, kind: 'ms', help: 'init p99 above this fires' },
    highInitP99Ms: { default: 3000, kind: 'ms', help: 'high severity from this init p99' },
    minColdStarts: { default: 3, kind: 'count', help: 'cold starts needed to judge init p99' },
  },
  'large-deployment-package': {
    enabled: on,
    maxPackageMb: { default: 20, kind: 'mb', help: 'code plus layers above this many MB (zipped) ...' },
    slowInitP50Ms: { default: 500, kind: 'ms', help: '... with init p50 at least this long' },
  },
  'no-idempotency': {
    enabled: on,
    minDuplicateRequestIds: { default: 1, kind: 'count', help: 'request ids seen more than once' },
    highDuplicateShare: { default: 0.01, kind: 'ratio', help: 'high severity when this share of invocations repeat' },
  },
  'lambda-for-everything': {
    enabled: on,
    minMonthlySavingsUsd: { default: 20, kind: 'usd', help: 'Fargate must save at least this much a month' },
    maxTrafficCv: { default: 0.5, kind: 'ratio', help: 'steady: invocations per bin vary at most this much (coefficient of variation)' },
    minBins: { default: 12, kind: 'count', help: 'timeline bins needed to judge steadiness' },
  },
  'memory-over-provisioned': {
    enabled: on,
    maxUsedRatio: { default: 0.5, kind: 'ratio', help: 'max memory used at most this share of the size' },
    minSizeMb: { default: 256, kind: 'mb', help: 'only for sizes of at least this many MB' },
    minInvocations: { default: 100, kind: 'count', help: 'invocations needed to trust max memory used' },
    mediumSavingsUsd: { default: 25, kind: 'usd', help: 'medium severity from this monthly saving' },
  },
  'memory-under-provisioned': {
    enabled: on,
    minUsedRatio: { default: 0.9, kind: 'ratio', help: 'max memory used at least this share of the size' },
  },
  'timeout-near-limit': {
    enabled: on,
    nearRatio: { default: 0.8, kind: 'ratio', help: 'handler p99 at least this share of the timeout' },
  },
  throttling: {
    enabled: on,
    minThrottles: { default: 1, kind: 'count', help: 'throttled requests needed' },
    highRate: { default: 0.01, kind: 'ratio', help: 'high severity from this throttle rate' },
  },
  'dlq-messages-waiting': {
    enabled: on,
    minMessages: { default: 1, kind: 'count', help: 'messages visible in the DLQ' },
  },
  'plain-text-logs': { enabled: on },
  'log-retention-never-expires': {
    enabled: on,
    minStoredMb: { default: 1, kind: 'mb', help: 'stored log MB below which it is not worth saying' },
  },
  'tracing-off': { enabled: on },
} as const satisfies Record<string, Record<string, Spec>>;

type Specs = typeof THRESHOLD_SPECS;
export type RuleId = keyof Specs;
/** The thresholds every rule reads: `thresholds[ruleId].key`. */
export type Thresholds = {
  [R in RuleId]: { [K in keyof Specs[R]]: Specs[R][K] extends { kind: 'bool' } ? boolean : number };
};

export const RULE_IDS = Object.keys(THRESHOLD_SPECS) as RuleId[];

/** A config file that cannot be used. One line, naming the key. */
export class ConfigError extends UserError {
  constructor(message: string, hint: string | null = null) {
    super(message, hint);
    this.name = 'ConfigError';
  }
}

export function defaultThresholds(): Thresholds {
  const out: Record<string, Record<string, number | boolean>> = {};
  for (const [rule, specs] of Object.entries(THRESHOLD_SPECS)) {
    const r: Record<string, number | boolean> = {};
    for (const [k, s] of Object.entries(specs as Record<string, Spec>)) r[k] = s.default;
    out[rule] = r;
  }
  return out as Thresholds;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function distance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}

function didYouMean(key: string, known: readonly string[]): string {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(key, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best && bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

function checkValue(v: unknown, spec: Spec, at: string, origin: string): number | boolean {
  const bad = (want: string) => new ConfigError(`${origin}: ${at} must be ${want}, got ${show(v)}`, `${at}: ${spec.help}`);
  if (spec.kind === 'bool') {
    if (typeof v !== 'boolean') throw bad('true or false');
    return v;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a number');
  switch (spec.kind) {
    case 'ratio':
      if (v < 0 || v > 1) throw bad('a number from 0 to 1');
      break;
    case 'factor':
      if (v < 1) throw bad('a number of at least 1');
      break;
    case 'count':
      if (v < 0 || !Number.isInteger(v)) throw bad('a whole number of at least 0');
      break;
    default:
      if (v < 0) throw bad('a number of at least 0');
  }
  return v;
}

export interface ParseOptions {
  /** Top-level sections other parts of the tool own; they are left alone. */
  otherSections?: readonly string[];
}

/**
 * Validates a parsed config file and returns the thresholds (defaults overridden). `origin` names
 * the file in messages. Throws ConfigError with one line naming the key.
 */
export function parseFindingsConfig(json: unknown, origin: string, opts: ParseOptions = {}): Thresholds {
  const t = defaultThresholds() as unknown as Record<string, Record<string, number | boolean>>;
  if (!isObject(json)) throw new ConfigError(`${origin}: the config must be a JSON object, got ${show(json)}`, 'write it like { "findings": { "cold-start-surprises": { "maxColdStartRate": 0.02 } } }');
  const top = ['$schema', '$comment', 'findings', ...(opts.otherSections ?? [])];
  for (const k of Object.keys(json)) {
    if (!top.includes(k)) throw new ConfigError(`${origin}: unknown key "${k}"${didYouMean(k, top)}`, `known top-level keys: ${top.join(', ')}`);
  }
  const findings = json['findings'];
  if (findings === undefined) return t as unknown as Thresholds;
  if (!isObject(findings)) throw new ConfigError(`${origin}: findings must be an object keyed by rule id, got ${show(findings)}`);
  for (const [rule, value] of Object.entries(findings)) {
    const specs = (THRESHOLD_SPECS as Record<string, Record<string, Spec>>)[rule];
    if (!specs) throw new ConfigError(`${origin}: unknown key "findings.${rule}"${didYouMean(rule, RULE_IDS)}`, `rules: ${RULE_IDS.join(', ')}`);
    if (typeof value === 'boolean') {
      t[rule]!['enabled'] = value;
      continue;
    }
    if (!isObject(value)) throw new ConfigError(`${origin}: findings.${rule} must be an object of thresholds or true/false, got ${show(value)}`);
    for (const [k, v] of Object.entries(value)) {
      const spec = specs[k];
      const known = Object.keys(specs);
      if (!spec) throw new ConfigError(`${origin}: unknown key "findings.${rule}.${k}"${didYouMean(k, known)}`, `thresholds of ${rule}: ${known.join(', ')}`);
      t[rule]![k] = checkValue(v, spec, `findings.${rule}.${k}`, origin);
    }
  }
  return t as unknown as Thresholds;
}

/** The config file name looked for in the working directory. */
export const CONFIG_FILE = '.lambda-insight.json';

/**
 * Reads the thresholds: `--config PATH` when given (it must exist), else `.lambda-insight.json` in
 * `cwd` when present, else the defaults. The only I/O in the findings code.
 */
export function readFindingsConfig(args: { configPath?: string | null; cwd: string; otherSections?: readonly string[] }): { thresholds: Thresholds; origin: string | null } {
  const explicit = args.configPath ?? null;
  const path = explicit ?? join(args.cwd, CONFIG_FILE);
  const origin = explicit ? explicit : CONFIG_FILE;
  if (!explicit && !existsSync(path)) return { thresholds: defaultThresholds(), origin: null };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`--config ${origin}: cannot read the file (${(e as { code?: string }).code ?? 'error'})`, 'check the path');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${origin}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  return { thresholds: parseFindingsConfig(json, origin, { otherSections: args.otherSections ?? [] }), origin };
}
