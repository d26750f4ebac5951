/**
 * The price data: data/prices.json (list prices with their source and the date checked), a
 * `--prices FILE` override merged on top, and per-region lookup with a stated fallback.
 *
 * Everything here is pure except `readPriceOverride`, which reads the override file.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../cli/errors.js';
import bundledPrices from '../../data/prices.json' with { type: 'json' };

/** The region whose figures stand in for a region the file does not have. */
export const FALLBACK_REGION = 'us-east-1';

/** Every price the tool knows, with the unit it is quoted in. An unknown key in a price file is an error. */
export const PRICE_KEYS = {
  lambdaRequestsPerMillion: '1M requests',
  lambdaDurationX86PerGbSecond: 'GB-second',
  lambdaDurationArm64PerGbSecond: 'GB-second',
  lambdaProvisionedConcurrencyX86PerGbSecond: 'GB-second configured',
  lambdaProvisionedConcurrencyArm64PerGbSecond: 'GB-second configured',
  lambdaProvisionedDurationX86PerGbSecond: 'GB-second',
  lambdaProvisionedDurationArm64PerGbSecond: 'GB-second',
  logsVendedIngestionStandardPerGb: 'GB ingested',
  logsVendedIngestionInfrequentAccessPerGb: 'GB ingested',
  logsStoragePerGbMonth: 'GB-month stored',
  insightsPerGbScanned: 'GB scanned',
  xrayTracesRecordedPerMillion: '1M traces recorded',
  xrayTracesRetrievedOrScannedPerMillion: '1M traces retrieved or scanned',
  fargateX86PerVcpuHour: 'vCPU-hour',
  fargateX86PerGbHour: 'GB-hour',
  fargateArm64PerVcpuHour: 'vCPU-hour',
  fargateArm64PerGbHour: 'GB-hour',
} as const;

export type PriceKey = keyof typeof PRICE_KEYS;

/** One step of a volume-tiered price: `usd` per unit up to `upTo` units a month (null: no bound). */
export interface PriceTier {
  upTo: number | null;
  usd: number;
}

/** One figure: `usd` per `unit`, where it came from and when it was checked. */
export interface PriceItem {
  usd: number;
  unit: string;
  source: string;
  checked: string;
  /** Monthly volume tiers, ascending; `usd` above is the first tier's price. */
  tiers?: PriceTier[];
}

export type RegionPrices = Partial<Record<PriceKey, PriceItem>>;

export interface PriceData {
  currency: 'USD';
  regions: Record<string, RegionPrices>;
  /** Where the figures came from: the bundled file, then each override applied. */
  origins: string[];
}

/** A price file that cannot be used. The message is one line and names the key. */
export class PriceFileError extends UserError {
  constructor(message: string, hint: string | null = null) {
    super(message, hint);
    this.name = 'PriceFileError';
  }
}

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function validateTiers(v: unknown, at: string, origin: string): PriceTier[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new PriceFileError(`${origin}: ${at} must be a non-empty array of {upTo, usd}, got ${describe(v)}`);
  }
  const tiers: PriceTier[] = [];
  let last = 0;
  v.forEach((t, i) => {
    const here = `${at}[${i}]`;
    if (!isObject(t)) throw new PriceFileError(`${origin}: ${here} must be an object {upTo, usd}, got ${describe(t)}`);
    for (const k of Object.keys(t)) {
      if (k !== 'upTo' && k !== 'usd') throw new PriceFileError(`${origin}: unknown key "${here}.${k}" (a tier has upTo and usd)`);
    }
    const usd = t['usd'];
    if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) {
      throw new PriceFileError(`${origin}: ${here}.usd must be a number >= 0, got ${describe(usd)}`);
    }
    const upTo = t['upTo'] ?? null;
    const isLast = i === v.length - 1;
    if (isLast) {
      if (upTo !== null) throw new PriceFileError(`${origin}: ${here}.upTo must be null on the last tier (no upper bound), got ${describe(upTo)}`);
    } else if (typeof upTo !== 'number' || !Number.isFinite(upTo) || upTo <= last) {
      throw new PriceFileError(`${origin}: ${here}.upTo must be a number above the previous tier's bound (${last}), got ${describe(upTo)}`);
    }
    if (typeof upTo === 'number') last = upTo;
    tiers.push({ upTo: typeof upTo === 'number' ? upTo : null, usd });
  });
  return tiers;
}

/**
 * Validates one price item. In an override (`partial`), only `usd` is required: `unit` is inherited,
 * `source` defaults to the override file and `checked` to "unknown".
 */
function validateItem(v: unknown, at: string, origin: string, partial: boolean): Partial<PriceItem> & { usd: number } {
  if (!isObject(v)) throw new PriceFileError(`${origin}: ${at} must be an object {usd, unit, source, checked}, got ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!['usd', 'unit', 'source', 'checked', 'tiers'].includes(k)) {
      throw new PriceFileError(`${origin}: unknown key "${at}.${k}" (a price has usd, unit, source, checked and optional tiers)`);
    }
  }
  const usd = v['usd'];
  if (typeof usd !== 'number' || !Number.isFinite(usd) || usd < 0) {
    throw new PriceFileError(`${origin}: ${at}.usd must be a number >= 0, got ${describe(usd)}`);
  }
  const out: Partial<PriceItem> & { usd: number } = { usd };
  for (const k of ['unit', 'source', 'checked'] as const) {
    const s = v[k];
    if (s === undefined) {
      if (!partial) throw new PriceFileError(`${origin}: ${at}.${k} is missing`, 'every price needs usd, unit, source and checked (YYYY-MM-DD)');
      continue;
    }
    if (typeof s !== 'string' || s.trim() === '') throw new PriceFileError(`${origin}: ${at}.${k} must be a non-empty string, got ${describe(s)}`);
    if (k === 'checked' && !DATE_RE.test(s)) throw new PriceFileError(`${origin}: ${at}.checked must be a date YYYY-MM-DD, got ${describe(s)}`);
    out[k] = s;
  }
  if (v['tiers'] !== undefined) {
    const tiers = validateTiers(v['tiers'], `${at}.tiers`, origin);
    if (tiers[0]!.usd !== usd) {
      throw new PriceFileError(`${origin}: ${at}.usd (${usd}) must equal the first tier's usd (${tiers[0]!.usd})`);
    }
    out.tiers = tiers;
  }
  return out;
}

function validateDocument(json: unknown, origin: string, partial: boolean): Record<string, Record<string, Partial<PriceItem> & { usd: number }>> {
  if (!isObject(json)) throw new PriceFileError(`${origin}: a price file must be a JSON object with "regions", got ${describe(json)}`);
  for (const k of Object.keys(json)) {
    if (!['$comment', '$schema', 'currency', 'regions'].includes(k)) {
      throw new PriceFileError(`${origin}: unknown key "${k}" (a price file has currency and regions)`);
    }
  }
  if (json['currency'] !== undefined && json['currency'] !== 'USD') {
    throw new PriceFileError(`${origin}: currency must be "USD", got ${describe(json['currency'])}`);
  }
  const regions = json['regions'];
  if (!isObject(regions)) throw new PriceFileError(`${origin}: "regions" must be an object keyed by region (us-east-1, ...), got ${describe(regions)}`);
  const out: Record<string, Record<string, Partial<PriceItem> & { usd: number }>> = {};
  for (const [region, items] of Object.entries(regions)) {
    if (!REGION_RE.test(region)) throw new PriceFileError(`${origin}: "regions.${region}" is not a region name like us-east-1`);
    if (!isObject(items)) throw new PriceFileError(`${origin}: regions.${region} must be an object of prices, got ${describe(items)}`);
    const r: Record<string, Partial<PriceItem> & { usd: number }> = {};
    for (const [key, item] of Object.entries(items)) {
      if (!(key in PRICE_KEYS)) {
        throw new PriceFileError(`${origin}: unknown key "regions.${region}.${key}"`, `known prices: ${Object.keys(PRICE_KEYS).join(', ')}`);
      }
      r[key] = validateItem(item, `regions.${region}.${key}`, origin, partial);
    }
    out[region] = r;
  }
  return out;
}

/** Validates a whole price file (every item complete). Throws PriceFileError naming the bad key. */
export function parsePriceData(json: unknown, origin: string): PriceData {
  const regions = validateDocument(json, origin, false) as Record<string, RegionPrices>;
  if (!regions[FALLBACK_REGION]) throw new PriceFileError(`${origin}: regions.${FALLBACK_REGION} is required (it is the fallback for every other region)`);
  return { currency: 'USD', regions, origins: [origin] };
}

/**
 * Merges an override (already-parsed JSON of a `--prices` file) onto `base`. An override replaces
 * whole items: one that gives `usd` without `tiers` is a flat price. Items may be partial: the unit
 * is inherited, the source defaults to the override file.
 */
export function mergePrices(base: PriceData, override: unknown, origin: string): PriceData {
  const over = validateDocument(override, origin, true);
  const regions: Record<string, RegionPrices> = {};
  for (const [r, items] of Object.entries(base.regions)) regions[r] = { ...items };
  for (const [r, items] of Object.entries(over)) {
    const target: RegionPrices = regions[r] ?? (regions[r] = {});
    for (const [key, item] of Object.entries(items)) {
      const k = key as PriceKey;
      const inherited = target[k] ?? base.regions[FALLBACK_REGION]?.[k];
      const merged: PriceItem = {
        usd: item.usd,
        unit: item.unit ?? inherited?.unit ?? PRICE_KEYS[k],
        source: item.source ?? `override from ${origin}`,
        checked: item.checked ?? 'unknown',
      };
      if (item.tiers) merged.tiers = item.tiers;
      target[k] = merged;
    }
  }
  return { currency: 'USD', regions, origins: [...base.origins, origin] };
}

let bundledCache: PriceData | null = null;

/** The bundled list prices (data/prices.json), validated once. */
export function defaultPrices(): PriceData {
  bundledCache ??= parsePriceData(bundledPrices as unknown, 'data/prices.json');
  return bundledCache;
}

/** Reads a `--prices FILE` and merges it onto the bundled prices. The only I/O in this module. */
export function readPriceOverride(path: string, base: PriceData = defaultPrices()): PriceData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new PriceFileError(`--prices ${path}: cannot read the file (${code ?? 'error'})`, 'check the path');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new PriceFileError(`--prices ${path}: not valid JSON (${(e as Error).message.split('\n')[0]})`, 'the file must be a JSON object like data/prices.json');
  }
  return mergePrices(base, json, path);
}

/** A price looked up for a region, with the region whose figure was actually used. */
export interface ResolvedPrice {
  key: PriceKey;
  item: PriceItem;
  region: string;
  /** Set when the figure came from another region than the one asked for. */
  fallback: string | null;
}

/** Prices for one region, falling back item by item to us-east-1 and saying so. */
export interface RegionPricer {
  requested: string | null;
  /** The region priced: the requested one when the file has it, else us-east-1. */
  region: string;
  /** Sentences for the report: which fallbacks were taken. */
  notes: string[];
  get(key: PriceKey): ResolvedPrice;
}

/** Thrown by `resolveRegion(..., {strict: true})` for a region the price file does not have. */
export class UnknownRegionError extends UserError {
  constructor(region: string, known: string[]) {
    super(
      `no prices for region "${region}" in the price file (known: ${known.join(', ')})`,
      'add the region to a --prices FILE (see data/prices.json for the shape); without strict checking it is priced at us-east-1 list prices',
    );
    this.name = 'UnknownRegionError';
  }
}

/**
 * Looks up a region. An unknown region (or none) falls back to us-east-1 with a stated note, or,
 * with `strict`, throws UnknownRegionError. Items the region lacks fall back one by one, noted.
 */
export function resolveRegion(prices: PriceData, region: string | null | undefined, opts: { strict?: boolean } = {}): RegionPricer {
  const known = Object.keys(prices.regions).sort();
  const notes: string[] = [];
  let used = FALLBACK_REGION;
  const requested = region ?? null;
  if (requested && prices.regions[requested]) {
    used = requested;
  } else if (requested) {
    if (opts.strict) throw new UnknownRegionError(requested, known);
    notes.push(`no prices for region ${requested} in the price file (known: ${known.join(', ')}); ${FALLBACK_REGION} list prices used`);
  } else {
    notes.push(`region unknown; ${FALLBACK_REGION} list prices used`);
  }
  const fellBack = new Set<PriceKey>();
  return {
    requested,
    region: used,
    notes,
    get(key: PriceKey): ResolvedPrice {
      const own = prices.regions[used]?.[key];
      if (own) return { key, item: own, region: used, fallback: null };
      const fb = prices.regions[FALLBACK_REGION]?.[key];
      if (!fb) throw new PriceFileError(`the price file has no ${key} for ${used} or ${FALLBACK_REGION}`);
      if (!fellBack.has(key)) {
        fellBack.add(key);
        notes.push(`${key}: no figure for ${used} in the price file; the ${FALLBACK_REGION} figure is used`);
      }
      return { key, item: fb, region: FALLBACK_REGION, fallback: used };
    },
  };
}

/**
 * Cost of `units` (a monthly volume) under a tiered price, starting `offset` units into the tiers
 * (the account's other usage that month; tiers are account-wide). A flat price has one tier.
 */
export function tieredCost(item: PriceItem, units: number, offset = 0): number {
  if (!(units > 0)) return 0;
  const tiers = item.tiers ?? [{ upTo: null, usd: item.usd }];
  let cost = 0;
  let from = Math.max(0, offset);
  const to = from + units;
  let lower = 0;
  for (const t of tiers) {
    const upper = t.upTo ?? Infinity;
    const a = Math.max(from, lower);
    const b = Math.min(to, upper);
    if (b > a) {
      cost += (b - a) * t.usd;
      from = b;
    }
    lower = upper;
    if (from >= to) break;
  }
  return cost;
}

/** Which tier(s) a monthly volume falls in, as a phrase for the assumptions list. */
export function tierPhrase(item: PriceItem, units: number, offset = 0): string {
  const tiers = item.tiers;
  if (!tiers || tiers.length < 2) return 'flat price';
  const start = Math.max(0, offset);
  const end = start + Math.max(0, units);
  const idx = (x: number): number => {
    for (let i = 0; i < tiers.length; i++) {
      if (x < (tiers[i]!.upTo ?? Infinity)) return i;
    }
    return tiers.length - 1;
  };
  const a = idx(start);
  const b = idx(end > start ? end - 1e-9 : end);
  return a === b ? `tier ${a + 1} of ${tiers.length}` : `tiers ${a + 1}-${b + 1} of ${tiers.length} (crosses a boundary)`;
}
