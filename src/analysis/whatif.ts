/**
 * What-ifs: what a change would save a month, from `report.cost` and the price data. Each is a
 * small pure function that returns one WhatIf or null when it does not apply; `buildWhatIfs` runs
 * them all. Savings are monthly; a negative figure means the change would cost more.
 */
import type { Report, WhatIf } from '../report/types.js';
import { BYTES_PER_GB, DAYS_PER_MONTH, MB_PER_GB, archKeys, fmtUsd, monthlyComputeUsd, monthlyIngestionUsd } from './cost.js';
import { type PriceData, type RegionPricer, resolveRegion } from './prices.js';

export interface WhatIfOptions {
  /** Headroom over max memory used when right-sizing (0.2 = 20%). */
  memoryHeadroom?: number;
  /** Share of application log bytes a higher log level would drop. */
  logLevelReduction?: number;
  /** Platform bytes (START/END/REPORT or their JSON events) an invocation writes; default by log format. */
  platformBytesPerInvocation?: number;
  /** The retention the retention what-if proposes, days. */
  retentionDays?: number;
  /** Stored (gzip level 6, + 26 bytes an event) bytes per ingested byte. Assumed, not measured. */
  storedPerIngestedByte?: number;
  /** Fargate capacity over average Lambda concurrency, for peaks. */
  fargateHeadroom?: number;
  /** Fargate floor: this many tasks of 0.25 vCPU / 0.5 GB always on, for availability. */
  fargateMinTasks?: number;
}

export const WHATIF_DEFAULTS: Required<Omit<WhatIfOptions, 'platformBytesPerInvocation'>> = {
  memoryHeadroom: 0.2,
  logLevelReduction: 0.5,
  retentionDays: 30,
  storedPerIngestedByte: 0.15,
  fargateHeadroom: 2,
  fargateMinTasks: 2,
};

/** Estimated platform log bytes an invocation writes: text START/END/REPORT lines, or JSON platform events. */
export const PLATFORM_BYTES_PER_INVOCATION = { text: 300, json: 900 } as const;
/** Lambda gives a function one full vCPU at 1,769 MB; CPU scales linearly with memory. */
export const MB_PER_VCPU = 1769;
const HOURS_PER_MONTH = DAYS_PER_MONTH * 24;

interface Ctx {
  report: Report;
  cost: NonNullable<Report['cost']>;
  pricer: RegionPricer;
  scale: number;
  opt: Required<Omit<WhatIfOptions, 'platformBytesPerInvocation'>> & { platformBytesPerInvocation?: number };
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

function gb(bytes: number): string {
  const g = bytes / BYTES_PER_GB;
  return g >= 10 ? `${g.toFixed(0)} GB` : g >= 0.1 ? `${g.toFixed(1)} GB` : `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

function makeCtx(report: Report, prices: PriceData, options: WhatIfOptions): Ctx | null {
  const cost = report.cost;
  if (!cost) return null;
  const pricer = resolveRegion(prices, cost.region);
  const scale = DAYS_PER_MONTH / (cost.windowDays > 0 ? cost.windowDays : DAYS_PER_MONTH);
  return { report, cost, pricer, scale, opt: { ...WHATIF_DEFAULTS, ...options } };
}

/** arm64 (Graviton) at the same billed durations. */
export function whatIfArm64(ctx: Ctx): WhatIf | null {
  const { cost, pricer, scale } = ctx;
  if (cost.architecture === 'arm64') return null;
  const u = cost.usage;
  if (u.billedGbSeconds <= 0 && !(cost.monthly.provisionedConcurrencyUsd ?? 0)) return null;
  const monthlyOd = u.onDemandGbSeconds * scale;
  const x = archKeys('x86_64');
  const a = archKeys('arm64');
  let cur = monthlyComputeUsd(pricer, 'x86_64', monthlyOd);
  let alt = monthlyComputeUsd(pricer, 'arm64', monthlyOd);
  if (u.provisionedGbSeconds > 0) {
    cur += u.provisionedGbSeconds * scale * pricer.get(x.pcDuration).item.usd;
    alt += u.provisionedGbSeconds * scale * pricer.get(a.pcDuration).item.usd;
  }
  const pc = cost.monthly.provisionedConcurrencyUsd ?? 0;
  if (pc > 0) {
    cur += pc;
    alt += pc * (pricer.get(a.pc).item.usd / pricer.get(x.pc).item.usd);
  }
  const savings = cur - alt;
  return {
    id: 'arm64',
    title: 'Run on arm64 (Graviton)',
    monthlySavingsUsd: cents(savings),
    reasoning: `The same billed durations on arm64 cost ${fmtUsd(alt)} a month instead of ${fmtUsd(cur)} (${Math.round((savings / (cur || 1)) * 100)}% less); test native dependencies first, and CPU-bound code often runs as fast or faster.`,
  };
}

/** Right-size memory from max memory used, at the same billed durations. */
export function whatIfRightSizeMemory(ctx: Ctx): WhatIf | null {
  const { report, cost, opt } = ctx;
  const size = cost.usage.memorySizeMb ?? report.memory.sizeMb;
  const maxUsed = report.memory.maxUsedMb.max;
  if (size == null || maxUsed == null || maxUsed <= 0) return null;
  const rec = Math.max(128, Math.ceil((maxUsed * (1 + opt.memoryHeadroom)) / 64) * 64);
  if (rec >= size) return null;
  const monthlyCompute = cost.monthly.computeUsd + (cost.monthly.provisionedConcurrencyUsd ?? 0);
  if (monthlyCompute <= 0) return null;
  const savings = monthlyCompute * (1 - rec / size);
  return {
    id: 'right-size-memory',
    title: `Right-size memory: ${size} MB to ${rec} MB`,
    monthlySavingsUsd: cents(savings),
    reasoning: `Max memory used ${maxUsed} MB of ${size} MB; at ${rec} MB (${Math.round(opt.memoryHeadroom * 100)}% headroom) the same durations cost ${fmtUsd(savings)} less a month, but CPU scales with memory, so a CPU-bound function may run longer and save less: measure (e.g. AWS Lambda Power Tuning).`,
  };
}

/** Log less: a higher application log level. */
export function whatIfLogLevel(ctx: Ctx): WhatIf | null {
  const { report, cost, pricer, scale, opt } = ctx;
  const ingested = cost.usage.ingestedBytes;
  if (ingested == null || ingested <= 0) return null;
  const level = (report.function.applicationLogLevel ?? '').toUpperCase();
  if (level === 'WARN' || level === 'ERROR' || level === 'FATAL') return null;
  const format = report.function.logFormat ?? 'text';
  const perInv = opt.platformBytesPerInvocation ?? PLATFORM_BYTES_PER_INVOCATION[format];
  const platform = Math.min(ingested, cost.usage.invocations * perInv);
  const app = ingested - platform;
  if (app <= 0) return null;
  const dropped = app * opt.logLevelReduction;
  const monthlyGb = (ingested / BYTES_PER_GB) * scale;
  const afterGb = ((ingested - dropped) / BYTES_PER_GB) * scale;
  const cls = cost.usage.logGroupClass;
  const savings = monthlyIngestionUsd(pricer, cls, monthlyGb) - monthlyIngestionUsd(pricer, cls, afterGb);
  const appShare = Math.round((app / ingested) * 100);
  return {
    id: 'log-level',
    title: 'Log less: raise the application log level',
    monthlySavingsUsd: cents(savings),
    reasoning: `About ${appShare}% of the ${gb(ingested * scale)} logged a month is application output (platform lines taken as ${perInv} B an invocation); dropping ${Math.round(opt.logLevelReduction * 100)}% of it (LoggingConfig.ApplicationLogLevel=WARN, which needs the JSON log format) saves ${fmtUsd(savings)} a month; keep SystemLogLevel at INFO so REPORT lines stay.`,
  };
}

/** The Infrequent Access log class. */
export function whatIfInfrequentAccess(ctx: Ctx): WhatIf | null {
  const { cost, pricer, scale } = ctx;
  const ingested = cost.usage.ingestedBytes;
  if (cost.usage.logGroupClass !== 'STANDARD' || ingested == null || ingested <= 0) return null;
  const monthlyGb = (ingested / BYTES_PER_GB) * scale;
  const std = monthlyIngestionUsd(pricer, 'STANDARD', monthlyGb);
  const ia = monthlyIngestionUsd(pricer, 'INFREQUENT_ACCESS', monthlyGb);
  const iaFirst = pricer.get('logsVendedIngestionInfrequentAccessPerGb').item.usd;
  const stdFirst = pricer.get('logsVendedIngestionStandardPerGb').item.usd;
  return {
    id: 'log-infrequent-access',
    title: 'Use the Infrequent Access log class',
    monthlySavingsUsd: cents(std - ia),
    reasoning: `Ingestion at $${iaFirst}/GB instead of $${stdFirst}/GB (${fmtUsd(ia)} vs ${fmtUsd(std)} a month); Insights still works (not pattern/diff), but Live Tail, metric and subscription filters do not, and the class is fixed when a log group is created: create a new group and point LoggingConfig.LogGroup at it.`,
  };
}

/** A retention that ends, for a log group that never expires. */
export function whatIfRetention(ctx: Ctx): WhatIf | null {
  const { report, cost, pricer, scale, opt } = ctx;
  const stored = cost.usage.storedBytes;
  const ingested = cost.usage.ingestedBytes;
  if (report.function.logRetentionDays != null || stored == null || stored <= 0 || ingested == null) return null;
  const perDay = ingested / cost.windowDays;
  const kept = perDay * opt.storedPerIngestedByte * opt.retentionDays;
  const price = pricer.get('logsStoragePerGbMonth').item.usd;
  const savings = (Math.max(0, stored - kept) / BYTES_PER_GB) * price;
  const growth = ingested * scale * opt.storedPerIngestedByte;
  return {
    id: 'log-retention',
    title: `Set a ${opt.retentionDays}-day log retention`,
    monthlySavingsUsd: cents(savings),
    reasoning: `The log group never expires: ${gb(stored)} stored (${fmtUsd((stored / BYTES_PER_GB) * price)} a month) and about ${gb(growth)} more each month; ${opt.retentionDays} days would keep about ${gb(kept)} (stored bytes taken as ${Math.round(opt.storedPerIngestedByte * 100)}% of ingested after gzip), and the saving grows every month.`,
  };
}

/** Lambda vs an always-on Fargate service for the same work. */
export interface FargateComparison {
  avgConcurrency: number;
  lambdaMonthlyUsd: number;
  fargateMonthlyUsd: number;
  fargateVcpu: number;
  fargateGb: number;
  /** Average concurrency above which Fargate is cheaper; null: never, at this memory size and headroom. */
  breakEvenConcurrency: number | null;
  breakEvenRequestsPerSecond: number | null;
  pricesFrom: string;
}

export function fargateComparison(ctx: Ctx): FargateComparison | null {
  const { cost, pricer, opt } = ctx;
  const u = cost.usage;
  const mem = u.memorySizeMb;
  if (mem == null || u.billedSeconds <= 0 || u.invocations <= 0) return null;
  const windowSeconds = cost.windowDays * 86400;
  const c = u.billedSeconds / windowSeconds;
  const lambdaMonthly = cost.monthly.computeUsd + cost.monthly.requestsUsd + (cost.monthly.provisionedConcurrencyUsd ?? 0);
  const keys = archKeys(cost.architecture);
  const vcpuP = pricer.get(keys.fargateVcpu);
  const gbP = pricer.get(keys.fargateGb);
  const vcpuPerEnv = mem / MB_PER_VCPU;
  const gbPerEnv = mem / MB_PER_GB;
  const perConcurrencyMonth = (vcpuPerEnv * vcpuP.item.usd + gbPerEnv * gbP.item.usd) * HOURS_PER_MONTH;
  const kF = opt.fargateHeadroom * perConcurrencyMonth;
  const floor = opt.fargateMinTasks * (0.25 * vcpuP.item.usd + 0.5 * gbP.item.usd) * HOURS_PER_MONTH;
  const variable = kF * c;
  const fargate = Math.max(floor, variable);
  const kL = lambdaMonthly / c;
  // Fargate is cheaper when kL*c > max(floor, kF*c): it needs kL > kF, and then c > floor/kL.
  const breakEven = kL > kF ? floor / kL : null;
  const avgBilledSec = u.billedSeconds / u.invocations;
  return {
    avgConcurrency: c,
    lambdaMonthlyUsd: lambdaMonthly,
    fargateMonthlyUsd: fargate,
    fargateVcpu: Math.max(opt.fargateMinTasks * 0.25, opt.fargateHeadroom * c * vcpuPerEnv),
    fargateGb: Math.max(opt.fargateMinTasks * 0.5, opt.fargateHeadroom * c * gbPerEnv),
    breakEvenConcurrency: breakEven,
    breakEvenRequestsPerSecond: breakEven == null ? null : breakEven / avgBilledSec,
    pricesFrom: vcpuP.fallback ? `${vcpuP.region} Fargate prices (none for ${vcpuP.fallback})` : `${vcpuP.region} Fargate prices`,
  };
}

function n(x: number, d = 1): string {
  return x >= 100 ? x.toFixed(0) : x.toFixed(d);
}

/** ECS/Fargate for steady traffic, with the break-even. */
export function whatIfFargate(ctx: Ctx): WhatIf | null {
  const f = fargateComparison(ctx);
  if (!f) return null;
  const savings = f.lambdaMonthlyUsd - f.fargateMonthlyUsd;
  const be =
    f.breakEvenConcurrency == null
      ? 'at this memory size Fargate never costs less'
      : `break-even at average concurrency ${n(f.breakEvenConcurrency, 2)} (about ${n(f.breakEvenRequestsPerSecond ?? 0, 2)} requests/s)`;
  return {
    id: 'fargate',
    title: 'Run it as an always-on ECS/Fargate service',
    monthlySavingsUsd: cents(savings),
    reasoning: `Average concurrency ${n(f.avgConcurrency, 2)}: Lambda compute+requests ${fmtUsd(f.lambdaMonthlyUsd)} a month vs Fargate ${n(f.fargateVcpu, 2)} vCPU/${n(f.fargateGb, 2)} GB (${ctx.opt.fargateHeadroom}x headroom, at least ${ctx.opt.fargateMinTasks} tasks) ${fmtUsd(f.fargateMonthlyUsd)}; ${be}; ${f.pricesFrom}; excludes load balancer, NAT and the work of running containers.`,
  };
}

export const WHATIFS = [whatIfArm64, whatIfRightSizeMemory, whatIfLogLevel, whatIfInfrequentAccess, whatIfRetention, whatIfFargate] as const;

/** Every what-if that applies to this report. Needs `report.cost` (from buildCost); [] without it. */
export function buildWhatIfs(report: Report, prices: PriceData, options: WhatIfOptions = {}): WhatIf[] {
  const ctx = makeCtx(report, prices, options);
  if (!ctx) return [];
  const out: WhatIf[] = [];
  for (const w of WHATIFS) {
    const r = w(ctx);
    if (r) out.push(r);
  }
  return out;
}

/** For tests and rules that need one what-if's context. */
export function whatIfContext(report: Report, prices: PriceData, options: WhatIfOptions = {}): Ctx | null {
  return makeCtx(report, prices, options);
}

export type { Ctx as WhatIfContext };
