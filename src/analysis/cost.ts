/**
 * The cost model: what the window cost and what a month at that rate costs, by component, with
 * every price and assumption listed. Pure: no I/O, no clock.
 *
 * Compute is priced from billed duration summed per invocation (as `{memorySizeMb, billedMsSum,
 * invocations}` groups: exact, because billed ms x memory is linear when memory is constant within a
 * group), never from average duration x average memory. Billed Duration already holds the billed
 * INIT (since 2025-08-01) and SnapStart's billed restore, so nothing is added to it; INIT is modelled
 * only for the metrics-only estimate, where no billed duration exists.
 */
import type { CostAssumption, CostBreakdown, CostSection, CostUsage, Report } from '../report/types.js';
import { type PriceData, type PriceItem, type RegionPricer, resolveRegion, tieredCost, tierPhrase } from './prices.js';

/** A month, in days, for projections (365.25 / 12). */
export const DAYS_PER_MONTH = 30.44;
/** Lambda memory: GB = MB / 1024 (AWS's own examples divide by 1024). */
export const MB_PER_GB = 1024;
/** Log volumes: 1 GB = 2^30 bytes, AWS's billing convention. */
export const BYTES_PER_GB = 2 ** 30;
/** Since this date the INIT phase is billed for on-demand functions of every kind. */
export const INIT_BILLED_FROM = Date.parse('2025-08-01T00:00:00Z');
/** AWS Lambda's documented default X-Ray sampling: the first request each second, then 5% of the rest. */
export const XRAY_DEFAULT_RESERVOIR_PER_SECOND = 1;
export const XRAY_DEFAULT_RATE = 0.05;

/** Billed duration summed over the invocations that ran at one memory size. */
export interface BilledGroup {
  memorySizeMb: number;
  /** Sum of Billed Duration (ms) over these invocations, INIT and restore included as AWS billed them. */
  billedMsSum: number;
  invocations: number;
  /** Served by provisioned concurrency (its lower duration price) or on demand. Unknown: see CostInputs.provisioned. */
  kind?: 'on-demand' | 'provisioned';
}

/** For a metrics-only report: CloudWatch Duration (which excludes INIT) and counts, no billed duration. */
export interface MetricsEstimateInput {
  /** Sum of AWS/Lambda Duration over the window, ms. */
  durationMsSum: number;
  invocations: number;
  memorySizeMb?: number | null;
  coldStarts?: number | null;
  /** Sum of init durations, ms; when absent, cold starts x report.durations.init.avg. */
  initMsSum?: number | null;
}

export interface CostInputs {
  /** Exact billed-duration sums by memory size (Insights or the local parser). Preferred. */
  billed?: BilledGroup[] | null;
  /** Used only when no billed duration is available. */
  metrics?: MetricsEstimateInput | null;
  /** Request count; defaults to report.invocations.total, then the groups' invocations. */
  invocations?: number | null;
  /** Overrides report.function.region / architecture (for `analyze` of a file with --region, say). */
  region?: string | null;
  architecture?: 'x86_64' | 'arm64' | null;
  /** Throw on a region missing from the price file instead of falling back to us-east-1. */
  strictRegion?: boolean;
  logs?: {
    /** AWS/Logs IncomingBytes summed over the window. */
    incomingBytes?: number | null;
    storedBytes?: number | null;
    logGroupClass?: string | null;
  } | null;
  traces?: {
    /** Traces recorded in the window (X-Ray trace summaries counted in full). */
    recorded?: number | null;
    /** Traces this report retrieved or scanned (GetTraceSummaries scans, BatchGetTraces retrieves). */
    retrievedOrScanned?: number | null;
  } | null;
  provisioned?: {
    /** Configured provisioned concurrency; defaults to report.function.provisionedConcurrency. */
    concurrency?: number | null;
    /** Hours it was configured in the window; defaults to the whole window. */
    hoursInWindow?: number | null;
    /** ProvisionedConcurrencySpilloverInvocations: the invocations billed on demand. */
    spilloverInvocations?: number | null;
  } | null;
  /** How many times a month this report runs (its Insights scan and X-Ray reads recur); default 1. */
  reportsPerMonth?: number;
  /** The account's other monthly usage in the same tiers (tiers are account-wide); default 0. */
  accountMonthlyGbSecondsBefore?: number;
  accountMonthlyLogGbBefore?: number;
  /** Subtract the Lambda free tier (1M requests, 400,000 GB-s a month) from the monthly projection. */
  applyFreeTier?: boolean;
}

export type LogClass = 'STANDARD' | 'INFREQUENT_ACCESS';

/** The decision whether on-demand INIT is billed, for the places the tool must model it. */
export interface InitBilling {
  billed: boolean;
  why: string;
}

const MANAGED_RUNTIME_RE = /^(nodejs|python|java|dotnet|ruby)/i;

/**
 * Whether on-demand INIT time is billed for a function in a window. Since 2025-08-01: always.
 * Before: free only for ZIP functions on a managed runtime (custom runtimes, `provided*`, and
 * container images were always billed). A window that spans the date is treated as billed.
 */
export function initBilling(args: { windowStartMs: number; windowEndMs: number; runtime?: string | null; packageType?: 'Zip' | 'Image' | null }): InitBilling {
  if (args.windowEndMs > INIT_BILLED_FROM) {
    return args.windowStartMs >= INIT_BILLED_FROM
      ? { billed: true, why: 'INIT billed for on-demand functions of every kind since 2025-08-01' }
      : { billed: true, why: 'window spans 2025-08-01, when INIT billing began for every function kind; treated as billed' };
  }
  if (args.packageType === 'Image') return { billed: true, why: 'container-image functions had INIT billed before 2025-08-01' };
  const rt = args.runtime ?? null;
  if (rt && !MANAGED_RUNTIME_RE.test(rt)) return { billed: true, why: `custom runtime ${rt} had INIT billed before 2025-08-01` };
  if (!rt) return { billed: false, why: 'before 2025-08-01, runtime unknown: assumed a managed-runtime ZIP function, whose INIT was free' };
  return { billed: false, why: `before 2025-08-01, managed runtime ${rt} (ZIP): INIT was not billed` };
}

/** Billed GB-seconds of billed-duration groups: the per-invocation sum, exact per memory size. */
export function billedGbSeconds(groups: readonly BilledGroup[]): number {
  let s = 0;
  for (const g of groups) s += (g.billedMsSum / 1000) * (g.memorySizeMb / MB_PER_GB);
  return s;
}

/**
 * Billed ms estimated from metrics: Duration sum, plus half a millisecond per invocation for the
 * rounding up to 1 ms, plus INIT where billed (CloudWatch Duration excludes it).
 */
export function estimateBilledMsFromMetrics(m: MetricsEstimateInput, initBilled: boolean, initAvgMs: number | null): { billedMs: number; initMs: number } {
  const rounding = 0.5 * Math.max(0, m.invocations);
  let initMs = 0;
  if (initBilled) {
    if (m.initMsSum != null) initMs = m.initMsSum;
    else if (m.coldStarts != null && initAvgMs != null) initMs = m.coldStarts * initAvgMs;
  }
  return { billedMs: Math.max(0, m.durationMsSum) + rounding + initMs, initMs };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function fmtUsd(x: number): string {
  if (x === 0) return '$0';
  if (Math.abs(x) >= 0.01) return `$${x.toFixed(2)}`;
  return `$${x.toPrecision(3)}`;
}

function fmtPrice(item: PriceItem): string {
  const base = `$${item.usd} per ${item.unit}`;
  if (!item.tiers || item.tiers.length < 2) return base;
  const steps = item.tiers.map((t) => `${t.upTo === null ? 'then' : `to ${t.upTo.toLocaleString('en-US')}`} $${t.usd}`).join(', ');
  return `${base} (monthly tiers: ${steps})`;
}

function fmtNum(x: number, digits = 2): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: digits });
}

export function normalizeLogClass(raw: string | null | undefined): LogClass | null {
  if (!raw) return null;
  const s = raw.toUpperCase().replace(/[\s-]/g, '_');
  if (s === 'STANDARD') return 'STANDARD';
  if (s === 'INFREQUENT_ACCESS' || s === 'IA') return 'INFREQUENT_ACCESS';
  return null;
}

function windowDaysOf(report: Report): { days: number; startMs: number; endMs: number; known: boolean } {
  const startMs = Date.parse(report.window.start);
  const endMs = Date.parse(report.window.end);
  if (Number.isFinite(startMs) && Number.isFinite(endMs) && endMs > startMs) {
    return { days: (endMs - startMs) / 86_400_000, startMs, endMs, known: true };
  }
  return { days: DAYS_PER_MONTH, startMs: Number.isFinite(startMs) ? startMs : 0, endMs: Number.isFinite(endMs) ? endMs : 0, known: false };
}

function sanitizeGroups(groups: readonly BilledGroup[] | null | undefined): BilledGroup[] {
  if (!groups) return [];
  return groups.filter(
    (g) => Number.isFinite(g.memorySizeMb) && g.memorySizeMb > 0 && Number.isFinite(g.billedMsSum) && g.billedMsSum >= 0 && Number.isFinite(g.invocations) && g.invocations >= 0,
  );
}

function emptyBreakdown(): CostBreakdown {
  return { computeUsd: 0, requestsUsd: 0, provisionedConcurrencyUsd: 0, logsUsd: { ingestion: 0, storage: 0, insights: 0 }, tracesUsd: 0, totalUsd: 0 };
}

function total(b: CostBreakdown): number {
  return b.computeUsd + b.requestsUsd + (b.provisionedConcurrencyUsd ?? 0) + b.logsUsd.ingestion + b.logsUsd.storage + b.logsUsd.insights + b.tracesUsd;
}

function rounded(b: CostBreakdown): CostBreakdown {
  const out: CostBreakdown = {
    computeUsd: round6(b.computeUsd),
    requestsUsd: round6(b.requestsUsd),
    provisionedConcurrencyUsd: round6(b.provisionedConcurrencyUsd ?? 0),
    logsUsd: { ingestion: round6(b.logsUsd.ingestion), storage: round6(b.logsUsd.storage), insights: round6(b.logsUsd.insights) },
    tracesUsd: round6(b.tracesUsd),
    totalUsd: 0,
  };
  out.totalUsd = round6(total(b));
  return out;
}

/** Prices in the architecture's terms. */
export function archKeys(arch: 'x86_64' | 'arm64') {
  return arch === 'arm64'
    ? ({
        duration: 'lambdaDurationArm64PerGbSecond',
        pc: 'lambdaProvisionedConcurrencyArm64PerGbSecond',
        pcDuration: 'lambdaProvisionedDurationArm64PerGbSecond',
        fargateVcpu: 'fargateArm64PerVcpuHour',
        fargateGb: 'fargateArm64PerGbHour',
      } as const)
    : ({
        duration: 'lambdaDurationX86PerGbSecond',
        pc: 'lambdaProvisionedConcurrencyX86PerGbSecond',
        pcDuration: 'lambdaProvisionedDurationX86PerGbSecond',
        fargateVcpu: 'fargateX86PerVcpuHour',
        fargateGb: 'fargateX86PerGbHour',
      } as const);
}

/** Monthly on-demand compute cost of `monthlyGbSeconds` under the region's tiers for an architecture. */
export function monthlyComputeUsd(pricer: RegionPricer, arch: 'x86_64' | 'arm64', monthlyGbSeconds: number, accountBefore = 0): number {
  return tieredCost(pricer.get(archKeys(arch).duration).item, monthlyGbSeconds, accountBefore);
}

/** Monthly Lambda vended-log ingestion cost for a log class. */
export function monthlyIngestionUsd(pricer: RegionPricer, cls: LogClass, monthlyGb: number, accountBefore = 0): number {
  const key = cls === 'INFREQUENT_ACCESS' ? 'logsVendedIngestionInfrequentAccessPerGb' : 'logsVendedIngestionStandardPerGb';
  return tieredCost(pricer.get(key).item, monthlyGb, accountBefore);
}

/**
 * Builds `report.cost` from the report (configuration, window, Insights usage) and the collected
 * inputs. Every figure is for the window; `monthly` projects it to 30.44 days. Volume tiers are
 * applied to the projected month, and the window's share is the month's cost pro rata.
 */
export function buildCost(report: Report, inputs: CostInputs = {}, prices: PriceData): CostSection {
  const assumptions: (string | CostAssumption)[] = [];
  const missing: string[] = [];
  const used = new Map<string, CostAssumption>();
  const fn = report.function;

  const win = windowDaysOf(report);
  const scale = DAYS_PER_MONTH / win.days;
  if (!win.known) assumptions.push('window start/end unreadable: the window is taken as one month');
  assumptions.push({ what: 'window', value: `${fmtNum(win.days, 3)} days; monthly figures x${fmtNum(scale, 3)} (a month = ${DAYS_PER_MONTH} days)` });

  // Region and architecture.
  const regionIn = inputs.region ?? fn.region ?? null;
  const pricer = resolveRegion(prices, regionIn, { strict: inputs.strictRegion ?? false });
  assumptions.push({ what: 'region', value: pricer.region, source: regionIn ? (regionIn === pricer.region ? 'function configuration' : `asked for ${regionIn}`) : 'assumed' });
  for (const n of pricer.notes.splice(0)) assumptions.push(n);
  const archIn = inputs.architecture ?? fn.architecture ?? null;
  const arch: 'x86_64' | 'arm64' = archIn ?? 'x86_64';
  assumptions.push({ what: 'architecture', value: arch, source: archIn ? 'function configuration' : 'assumed (no configuration)' });
  if (!archIn && !regionIn) assumptions.push('no function configuration: priced as x86_64 in us-east-1');

  const usePrice = (key: Parameters<RegionPricer['get']>[0]): PriceItem => {
    const p = pricer.get(key);
    if (!used.has(key)) {
      used.set(key, {
        what: `price ${key}`,
        value: fmtPrice(p.item) + (p.fallback ? ` (${p.region} figure; none for ${p.fallback})` : ''),
        source: `${p.item.source}; checked ${p.item.checked}`,
      });
    }
    return p.item;
  };
  const window = emptyBreakdown();
  const monthly = emptyBreakdown();
  const keys = archKeys(arch);

  // ---- Compute.
  let groups = sanitizeGroups(inputs.billed);
  let computeSource: CostUsage['computeSource'] = 'none';
  let initBilled: boolean | null = null;
  const memFromReport = report.memory.sizeMb ?? fn.memoryMb ?? null;
  if (groups.length > 0) {
    computeSource = 'billed-duration';
    assumptions.push('compute from Billed Duration summed per invocation by memory size; billed INIT and SnapStart restore are already in it and are not added again');
  } else if (report.durations.billed.count > 0 && report.durations.billed.avg != null && memFromReport != null) {
    computeSource = 'report-billed-stats';
    groups = [{ memorySizeMb: memFromReport, billedMsSum: report.durations.billed.avg * report.durations.billed.count, invocations: report.durations.billed.count }];
    assumptions.push(`compute from the report's billed-duration stats (count x mean, mean rounded to 0.01 ms) at ${memFromReport} MB; billed INIT is already in Billed Duration`);
  } else if (inputs.metrics && inputs.metrics.invocations > 0) {
    computeSource = 'metrics-estimate';
    const mem = inputs.metrics.memorySizeMb ?? memFromReport;
    const ib = initBilling({ windowStartMs: win.startMs, windowEndMs: win.endMs, runtime: fn.runtime ?? null, packageType: fn.packageType ?? null });
    initBilled = ib.billed;
    const est = estimateBilledMsFromMetrics(inputs.metrics, ib.billed, report.durations.init.avg);
    if (mem == null) {
      missing.push('compute');
      assumptions.push('memory size unknown: compute not priced');
      groups = [];
    } else {
      groups = [{ memorySizeMb: mem, billedMsSum: est.billedMs, invocations: inputs.metrics.invocations }];
      assumptions.push({ what: 'compute (estimated)', value: `from CloudWatch Duration sum + 0.5 ms an invocation for rounding up to 1 ms${ib.billed ? ` + ${fmtNum(est.initMs, 0)} ms of INIT` : ''}; no billed duration was available` });
    }
    assumptions.push({ what: 'INIT billed', value: ib.billed ? 'yes' : 'no', source: ib.why });
  } else {
    missing.push('compute');
    assumptions.push('no billed duration, billed stats or metrics: compute not priced');
  }

  const pcConcurrency = inputs.provisioned?.concurrency ?? fn.provisionedConcurrency ?? null;
  const hasPc = pcConcurrency != null && pcConcurrency > 0;
  let odGbs = 0;
  let pcGbs = 0;
  let billedSeconds = 0;
  let groupInvocations = 0;
  let unknownKindGbs = 0;
  let unknownKindInv = 0;
  for (const g of groups) {
    const gbs = billedGbSeconds([g]);
    billedSeconds += g.billedMsSum / 1000;
    groupInvocations += g.invocations;
    if (g.kind === 'provisioned') pcGbs += gbs;
    else if (g.kind === 'on-demand' || !hasPc) odGbs += gbs;
    else {
      unknownKindGbs += gbs;
      unknownKindInv += g.invocations;
    }
  }
  if (unknownKindGbs > 0) {
    const spill = inputs.provisioned?.spilloverInvocations;
    if (spill != null && unknownKindInv > 0) {
      const share = Math.min(1, Math.max(0, spill / unknownKindInv));
      odGbs += unknownKindGbs * share;
      pcGbs += unknownKindGbs * (1 - share);
      assumptions.push(`provisioned concurrency: ${fmtNum(share * 100, 1)}% of billed GB-s taken as on-demand spillover (ProvisionedConcurrencySpilloverInvocations / invocations)`);
    } else {
      pcGbs += unknownKindGbs;
      assumptions.push('provisioned concurrency configured, spillover unknown: every invocation priced at the provisioned duration price');
    }
  }

  const monthlyOdGbs = odGbs * scale;
  let monthlyOdBillable = monthlyOdGbs;
  if (inputs.applyFreeTier) {
    monthlyOdBillable = Math.max(0, monthlyOdGbs - 400_000);
    assumptions.push('Lambda free tier applied to the monthly projection: 400,000 GB-s and 1M requests');
  } else {
    assumptions.push('free tiers not applied (they are account-wide)');
  }
  const tierOffset = inputs.accountMonthlyGbSecondsBefore ?? 0;
  if (odGbs > 0 || computeSource !== 'none') {
    const durItem = usePrice(keys.duration);
    monthly.computeUsd += tieredCost(durItem, monthlyOdBillable, tierOffset);
    assumptions.push({
      what: 'compute tier',
      value: `${fmtNum(monthlyOdGbs, 0)} on-demand GB-s a month: ${tierPhrase(durItem, monthlyOdBillable, tierOffset)}${tierOffset > 0 ? `, after ${fmtNum(tierOffset, 0)} GB-s of other account usage` : ' (tiers are account-wide; priced as if this function were the account\'s only usage)'}`,
    });
  }
  if (pcGbs > 0) {
    const pcd = usePrice(keys.pcDuration);
    monthly.computeUsd += pcGbs * scale * pcd.usd;
  }
  if (hasPc) {
    const memMb = memFromReport;
    if (memMb == null) {
      missing.push('provisionedConcurrency');
      assumptions.push('provisioned concurrency configured but memory size unknown: its charge is not priced');
    } else {
      const pcItem = usePrice(keys.pc);
      const hours = inputs.provisioned?.hoursInWindow ?? win.days * 24;
      const configuredGbs = pcConcurrency * (memMb / MB_PER_GB) * hours * 3600;
      window.provisionedConcurrencyUsd = configuredGbs * pcItem.usd;
      monthly.provisionedConcurrencyUsd = window.provisionedConcurrencyUsd * scale;
      assumptions.push({
        what: 'provisioned concurrency',
        value: `${pcConcurrency} x ${memMb} MB for ${fmtNum(hours, 1)} h${inputs.provisioned?.hoursInWindow == null ? ' (assumed configured for the whole window)' : ''}`,
      });
    }
  }
  window.computeUsd = monthly.computeUsd / scale;

  // ---- Requests.
  const invocations = inputs.invocations ?? (report.invocations.total > 0 ? report.invocations.total : groupInvocations);
  if (invocations > 0 || computeSource !== 'none') {
    const reqItem = usePrice('lambdaRequestsPerMillion');
    const monthlyReq = invocations * scale;
    const billable = inputs.applyFreeTier ? Math.max(0, monthlyReq - 1_000_000) : monthlyReq;
    monthly.requestsUsd = (billable / 1e6) * reqItem.usd;
    window.requestsUsd = monthly.requestsUsd / scale;
  }

  // ---- Logs: ingestion.
  const cls = normalizeLogClass(inputs.logs?.logGroupClass ?? fn.logGroupClass ?? null);
  const logClass: LogClass = cls ?? 'STANDARD';
  assumptions.push({ what: 'log group class', value: logClass, source: cls ? 'DescribeLogGroups' : 'assumed (unknown)' });
  let ingestedBytes = inputs.logs?.incomingBytes ?? null;
  if (ingestedBytes == null && report.sources.local && report.sources.local.bytes > 0) {
    ingestedBytes = report.sources.local.bytes;
    assumptions.push('log ingestion estimated from the bytes of raw events read (no AWS/Logs IncomingBytes)');
  }
  if (ingestedBytes != null && ingestedBytes >= 0) {
    const key = logClass === 'INFREQUENT_ACCESS' ? 'logsVendedIngestionInfrequentAccessPerGb' : 'logsVendedIngestionStandardPerGb';
    const item = usePrice(key);
    const monthlyGb = (ingestedBytes / BYTES_PER_GB) * scale;
    const off = inputs.accountMonthlyLogGbBefore ?? 0;
    monthly.logsUsd.ingestion = tieredCost(item, monthlyGb, off);
    window.logsUsd.ingestion = monthly.logsUsd.ingestion / scale;
    assumptions.push({ what: 'log ingestion tier', value: `${fmtNum(monthlyGb, 3)} GB a month: ${tierPhrase(item, monthlyGb, off)} (1 GB = 2^30 bytes; tiers are account-wide)` });
  } else {
    missing.push('logs.ingestion');
    assumptions.push('log ingestion unknown (no AWS/Logs IncomingBytes): counted as $0');
  }

  // ---- Logs: storage (a stock, billed per GB-month).
  const storedBytes = inputs.logs?.storedBytes ?? fn.logStoredBytes ?? null;
  if (storedBytes != null && storedBytes >= 0) {
    const item = usePrice('logsStoragePerGbMonth');
    monthly.logsUsd.storage = (storedBytes / BYTES_PER_GB) * item.usd;
    window.logsUsd.storage = monthly.logsUsd.storage / scale;
    const retention = fn.logRetentionDays ?? null;
    assumptions.push({
      what: 'log storage',
      value: `${fmtNum(storedBytes / BYTES_PER_GB, 3)} GB stored now, priced as held for the whole window and month${retention == null ? '; retention never expires, so it grows' : `; retention ${retention} days`}`,
    });
  } else {
    missing.push('logs.storage');
    assumptions.push('stored log bytes unknown (no DescribeLogGroups): storage counted as $0');
  }

  // ---- Logs Insights: this report's own scan.
  const reportsPerMonth = inputs.reportsPerMonth ?? 1;
  const scanned = Math.max(0, report.sources.insights.bytesScanned ?? 0);
  {
    const item = usePrice('insightsPerGbScanned');
    window.logsUsd.insights = (scanned / BYTES_PER_GB) * item.usd;
    monthly.logsUsd.insights = window.logsUsd.insights * reportsPerMonth;
    assumptions.push({
      what: 'Logs Insights',
      value: `this report's scan: ${fmtNum(scanned / BYTES_PER_GB, 3)} GB in ${report.sources.insights.queries} quer${report.sources.insights.queries === 1 ? 'y' : 'ies'}; monthly counts ${reportsPerMonth} such report${reportsPerMonth === 1 ? '' : 's'} and no other queries`,
    });
  }

  // ---- X-Ray.
  // X-Ray: recorded traces from the input, else the trace summaries the traces section counted;
  // this report scanned those summaries and retrieved the traces it analysed.
  const sampled = report.traces?.sampled ?? null;
  let recorded = inputs.traces?.recorded ?? sampled?.tracesInWindow ?? null;
  let rs = inputs.traces?.retrievedOrScanned ?? null;
  if (rs == null && sampled) {
    rs = (sampled.tracesInWindow ?? 0) + (sampled.tracesAnalyzed ?? 0);
    assumptions.push(`X-Ray: ${fmtNum(sampled.tracesInWindow ?? 0, 0)} trace summaries scanned and ${fmtNum(sampled.tracesAnalyzed ?? 0, 0)} traces retrieved by this report`);
  }
  if (recorded == null && fn.tracingMode === 'Active' && invocations > 0) {
    const seconds = win.days * 86400;
    const reservoir = Math.min(invocations, seconds * XRAY_DEFAULT_RESERVOIR_PER_SECOND);
    recorded = reservoir + XRAY_DEFAULT_RATE * (invocations - reservoir);
    assumptions.push(`traces recorded estimated from Lambda's default sampling (1 request a second + 5% of the rest): ${fmtNum(recorded, 0)}`);
  } else if (recorded == null && fn.tracingMode !== 'Active') {
    recorded = fn.tracingMode === 'PassThrough' ? 0 : null;
  }
  if (recorded != null || rs != null) {
    const rec = recorded ?? 0;
    const recItem = usePrice('xrayTracesRecordedPerMillion');
    const rsItem = usePrice('xrayTracesRetrievedOrScannedPerMillion');
    window.tracesUsd = (rec / 1e6) * recItem.usd + ((rs ?? 0) / 1e6) * rsItem.usd;
    monthly.tracesUsd = (rec * scale / 1e6) * recItem.usd + (((rs ?? 0) * reportsPerMonth) / 1e6) * rsItem.usd;
  }
  if (recorded == null) {
    if (fn.tracingMode == null) {
      missing.push('traces');
      assumptions.push('tracing configuration unknown: X-Ray counted as $0');
    }
  }

  const usage: CostUsage = {
    invocations,
    billedGbSeconds: odGbs + pcGbs,
    onDemandGbSeconds: odGbs,
    provisionedGbSeconds: pcGbs,
    billedSeconds,
    memorySizeMb: memFromReport ?? (groups.length === 1 ? groups[0]!.memorySizeMb : null),
    computeSource,
    initBilled,
    provisionedConcurrency: pcConcurrency,
    ingestedBytes,
    storedBytes,
    logGroupClass: logClass,
    insightsBytesScanned: scanned,
    tracesRecorded: recorded,
    tracesRetrievedOrScanned: rs,
    effectiveUsdPerGbSecond: odGbs + pcGbs > 0 ? monthly.computeUsd / ((odGbs + pcGbs) * scale) : null,
  };

  // Every price used, last, so the list reads: inputs, then prices.
  for (const a of used.values()) assumptions.push(a);
  for (const n of pricer.notes) assumptions.push(n);

  const w = rounded(window);
  const m = rounded(monthly);
  if (!hasPc) {
    delete w.provisionedConcurrencyUsd;
    delete m.provisionedConcurrencyUsd;
  }
  return {
    currency: 'USD',
    region: pricer.region,
    architecture: arch,
    windowDays: round6(win.days),
    ...w,
    monthlyUsd: m.totalUsd,
    monthly: m,
    usage,
    missing,
    assumptions,
  };
}

/** A one-line summary for renderers: "$12.34 in the window, $56.78 a month". */
export function costSummary(cost: CostSection): string {
  return `${fmtUsd(cost.totalUsd)} in the window, ${fmtUsd(cost.monthlyUsd)} a month`;
}

export { fmtUsd };
