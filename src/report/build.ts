import type { AwsClients } from '../aws/clients.js';
import type { ProgressChannel } from '../core/progress.js';
import { binLiteral, type Window } from '../core/window.js';
import { durationsFromRows, histogramBuckets, mergeDurations, timelineFromRows } from '../analysis/from-insights.js';
import { InsightsRunner, type InsightsQuery, type QueryResult } from '../sources/insights.js';
import { getQuery, renderQuery } from '../sources/query-files.js';
import { collectConfig, configUnavailable, logGroupOf, normalizeFunctionName } from '../sources/config.js';
import { collectMetrics, metricsUnavailable } from '../sources/metrics.js';
import { collectSqs, redriveQueues, sqsUnavailable, withRedriveTargets } from '../sources/sqs.js';
import { collectXRay } from '../sources/xray.js';
import { collectErrorSamples } from '../sources/error-samples.js';
import { sampleLogFormats } from '../sources/log-format.js';
import { analyzeThrottles, mergeTimeline, metricBins } from '../analysis/throttles.js';
import { analyzeAsyncRetries } from '../analysis/retries-async.js';
import { analyzeTraces } from '../analysis/traces.js';
import { buildCost } from '../analysis/cost.js';
import { buildWhatIfs } from '../analysis/whatif.js';
import { defaultThresholds, runFindings, type Thresholds } from '../analysis/findings/index.js';
import { defaultPrices, resolveRegion, type PriceData } from '../analysis/prices.js';
import { UserError } from '../cli/errors.js';
import { SCHEMA_VERSION, type LogFormat, type Report, type Unavailable } from './types.js';
import { VERSION } from '../version.js';

/**
 * The report pipeline: plan → collect (sources in parallel) → analyze (pure) → Report.
 */

export interface BuildOptions {
  clients: AwsClients;
  functionName: string;
  window: Window;
  progress?: ProgressChannel;
  signal?: AbortSignal;
  /** Injected so replays never sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** The run's clock (the recorded one on replay), for generatedAt. */
  now: number;
}

/** What this report's own Insights scan cost, at the region's price per GB scanned (GB = 2^30 bytes). */
export function insightsCostUsd(bytes: number, prices: PriceData, region: string): number {
  const price = resolveRegion(prices, region).get('insightsPerGbScanned').item.usd;
  return Math.round((bytes / 2 ** 30) * price * 1e6) / 1e6;
}

export function planQueries(logGroup: string, format: LogFormat, window: Window): InsightsQuery[] {
  const common = {
    logGroupNames: [logGroup],
    startTime: Math.floor(window.start / 1000),
    // StartQuery's endTime is inclusive, in seconds; the window's end is exclusive.
    endTime: Math.ceil(window.end / 1000) - 1,
  };
  return [
    { name: 'timeline', queryString: renderQuery(getQuery('timeline', format), { bin: binLiteral(window.binSeconds) }), ...common, limit: 10000 },
    { name: 'durations', queryString: renderQuery(getQuery('durations', format)), ...common },
  ];
}

export interface AnalysisOptions {
  /** Prices (data/prices.json, or merged with --prices). */
  prices?: PriceData;
  /** Findings thresholds (.lambda-insight.json or --config). */
  thresholds?: Thresholds;
}

export async function buildReport(opts: BuildOptions & AnalysisOptions): Promise<Report> {
  const { clients, window, progress, functionName } = opts;
  const unavailable: Unavailable[] = [];
  const notes: string[] = [];
  const win = { start: new Date(window.start), end: new Date(window.end) };
  const region = await clients.region();

  // Every source starts now and runs in parallel. Only the Insights queries wait, for the
  // configuration: it names the log group and its format. Metrics start with the function's own
  // series and add the configuration-dependent ones (queues, log group) when it arrives. The SQS
  // source reads the redrive targets of SQS event-source queues once the mappings are known, and
  // metrics add those queues' depth when it has.
  const pConfig = collectConfig(clients, { functionName, progress });
  const pSqs = collectSqs(clients, { config: pConfig, progress });
  const pMetrics = collectMetrics(clients, {
    functionName,
    window: win,
    binSeconds: window.binSeconds,
    config: pConfig,
    extraQueues: pSqs.then(redriveQueues),
    now: new Date(opts.now),
    progress,
  });
  const pXRay = collectXRay(clients, { functionName, window: win, progress });
  // If the run fails before they are awaited, their rejections must not go unhandled.
  for (const p of [pConfig, pSqs, pMetrics, pXRay] as Promise<unknown>[]) p.catch(() => undefined);

  const config = await pConfig;
  if (!config.ok && config.code === 'not-found') {
    throw new UserError(
      `function ${functionName} not found in ${region}`,
      'check the name and --region (or AWS_REGION); `aws lambda list-functions` lists what exists',
    );
  }
  const cfg = config.ok ? config.evidence : null;
  const name = cfg?.functionName ?? normalizeFunctionName(functionName);
  const logGroup = cfg?.logGroup ?? logGroupOf(name);
  if (!config.ok) {
    unavailable.push({ source: 'config', reason: config.reason });
    notes.push(`Function configuration unavailable; assumed log group ${logGroup}.`);
  }

  // The log format decides which queries run. The configuration says it; when it cannot (no
  // permission), or when the function changed inside the window and may have switched format, a
  // sample of the log group says which formats are there. Both present: both query sets run.
  let formats: LogFormat[] = cfg?.logFormat ? [cfg.logFormat] : [];
  let formatSource: 'configuration' | 'sampled' | 'assumed' | 'mixed' = 'configuration';
  const lastModified = cfg?.function.lastModified ? Date.parse(cfg.function.lastModified.replace(/\+0000$/, 'Z')) : NaN;
  if (formats.length === 0 || (lastModified > window.start && lastModified < window.end)) {
    const sampled = await sampleLogFormats(clients, { logGroup, window });
    if (sampled && sampled.length > 0) {
      if (formats.length === 0 || sampled.length > 1) formatSource = sampled.length > 1 ? 'mixed' : 'sampled';
      formats = sampled.length > 1 ? sampled : formats.length ? formats : sampled;
    }
  }
  if (formats.length === 0) {
    formats = ['text'];
    formatSource = 'assumed';
    notes.push('Log format not known from the configuration nor from a sample of the log group; assumed the text format.');
  }
  if (formatSource === 'mixed') notes.push('The log group holds both text- and JSON-format platform lines in the window (the format was switched): both were read and their counts added.');
  const format: LogFormat = formats[0]!;

  // The top error messages come from FilterLogEvents, alongside the Insights scan.
  const pErrors = collectErrorSamples(clients, { logGroup, format, window, progress });
  pErrors.catch(() => undefined);
  const logs = await clients.logs();
  const runner = new InsightsRunner(logs, { progress, signal: opts.signal, sleep: opts.sleep });
  const onAbort = () => void runner.stopAll();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  progress?.emit({ kind: 'source-start', source: 'insights', detail: logGroup });
  let results: QueryResult[];
  try {
    const plans = formats.flatMap((f) => planQueries(logGroup, f, window).map((q) => (formats.length > 1 ? { ...q, name: `${q.name}:${f}` } : q)));
    results = await runner.runAll(plans);
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  progress?.emit({ kind: 'source-done', source: 'insights' });

  const rowsOf = (name: string) => results.filter((r) => r.name === name || r.name.startsWith(`${name}:`));
  const { timeline, byInitType, errors } = timelineFromRows(rowsOf('timeline').flatMap((r) => r.rows), window);
  const parts = rowsOf('durations').map((r) => durationsFromRows(r.rows));
  const { merged: d, percentilesFrom } = mergeDurations(parts);
  if (parts.length > 1) notes.push(`Percentiles are those of the ${formats[percentilesFrom]}-format part, the larger; counts, averages and maxima cover both.`);
  const total = timeline.reduce((s, b) => s + b.invocations, 0);
  const coldStarts = timeline.reduce((s, b) => s + b.coldStarts, 0);
  if (d.invocations !== total) {
    notes.push(`The timeline counted ${total} invocations and the duration query ${d.invocations}; logs may still have been arriving.`);
  }
  const bytesScanned = results.reduce((s, r) => s + r.bytesScanned, 0);
  const prices = opts.prices ?? defaultPrices();

  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    generatedAt: new Date(opts.now).toISOString(),
    tool: { name: 'lambda-insight', version: VERSION },
    function: {
      name,
      region,
      logGroup,
      logFormat: format,
      logFormatSource: formatSource,
    },
    window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString(), binSeconds: window.binSeconds },
    invocations: {
      total,
      coldStarts,
      coldStartRate: total > 0 ? coldStarts / total : null,
      // Provisioned INITs ran ahead of traffic: not cold starts. Text-format logs cannot tell them apart (null).
      byInitType,
    },
    durations: { init: d.init, handlerCold: d.handlerCold, handlerWarm: d.handlerWarm, billed: d.billed, restore: d.restore.count > 0 ? d.restore : null },
    memory: { sizeMb: d.memorySizeMb ?? cfg?.function.memoryMb ?? null, maxUsedMb: d.maxUsedMb },
    timeline,
    histogram: d.invocations > 0 ? { of: 'handler', buckets: histogramBuckets(d.histogram) } : null,
    errors: { ...errors, top: [] },
    sources: {
      insights: {
        queries: results.length,
        bytesScanned,
        recordsScanned: results.reduce((s, r) => s + r.recordsScanned, 0),
        costUsd: insightsCostUsd(bytesScanned, prices, region),
      },
      unavailable,
    },
    notes,
  };
  if (cfg) {
    Object.assign(report.function, cfg.function);
    // The log format the queries used stays the one decided above.
    report.function.logFormat = format;
    report.function.logFormatSource = formatSource;
    unavailable.push(...configUnavailable(cfg));
    notes.push(...cfg.notes);
  }

  const [metrics, xray, samples, sqs] = await Promise.all([pMetrics, pXRay, pErrors, pSqs]);
  // The SQS event sources' redrive targets, as the SQS API has them.
  const cfgSqs = cfg ? withRedriveTargets(cfg, sqs) : null;
  if (cfgSqs && cfgSqs !== cfg) report.function.eventSources = cfgSqs.function.eventSources ?? null;
  unavailable.push(...sqsUnavailable(sqs));
  if (sqs.ok) notes.push(...sqs.evidence.notes);
  if (samples.ok) {
    report.errors = { ...errors, top: samples.evidence.top };
    if (samples.evidence.truncated) {
      notes.push(`The top error messages are from the first ${samples.evidence.eventsRead} error lines of the window, a sample.`);
    }
  } else {
    unavailable.push({ source: 'errors', reason: `top error messages: ${samples.reason}` });
  }
  const m = metrics.ok ? metrics.evidence : null;
  if (m) {
    unavailable.push(...metricsUnavailable(m));
    notes.push(...m.notes);
    report.timeline = mergeTimeline(report.timeline, metricBins(m));
  } else if (!metrics.ok) {
    unavailable.push({ source: 'metrics', reason: metrics.reason });
  }
  const th = analyzeThrottles(m, cfg);
  report.throttles = th.throttles;
  notes.push(...th.notes);
  const ra = analyzeAsyncRetries(m, cfgSqs);
  report.retries = { ...(report.retries ?? {}), async: ra.async, dlq: ra.dlq, eventSources: ra.eventSources };
  notes.push(...ra.notes);
  if (xray.ok) {
    const t = analyzeTraces(xray.evidence, { functionName: name, functionArn: cfg?.functionArn, tracingMode: cfg?.tracingMode ?? null });
    report.traces = t.traces;
    notes.push(...t.notes);
  } else {
    report.traces = null;
    unavailable.push({ source: 'xray', reason: xray.reason });
  }

  // Platform events dropped by the system log level are missing, not zero: say so, and take the
  // invocation count from the Invocations metric where there is one.
  const systemLevel = cfg?.function.systemLogLevel ?? null;
  const metricInvocations = m?.series.invocations?.dataPoints ? m.series.invocations.sum : null;
  if (report.invocations.total === 0 && (metricInvocations ?? 0) > 0) {
    const why =
      formats.includes('json') && systemLevel && systemLevel !== 'DEBUG' && systemLevel !== 'INFO'
        ? `SystemLogLevel ${systemLevel} drops Lambda's platform events (platform.report) from the log group`
        : 'no platform REPORT events were found in the log group for the invocations the metrics count';
    unavailable.push({ source: 'platform-events', reason: why });
    notes.push(`${why}: cold starts, durations and memory are missing, not zero; ${metricInvocations} invocations come from the Invocations metric.`);
    report.invocations = { ...report.invocations, total: metricInvocations!, coldStartRate: null, byInitType: null };
  }

  report.cost = buildCost(
    report,
    {
      billed: d.invocations > 0 && d.memorySizeMb ? [{ memorySizeMb: d.memorySizeMb, billedMsSum: d.billedSumMs, invocations: d.invocations }] : null,
      logs: {
        incomingBytes: m?.series.logIncomingBytes?.dataPoints ? m.series.logIncomingBytes.sum : null,
        storedBytes: cfg?.logGroupInfo?.storedBytes ?? null,
        logGroupClass: cfg?.logGroupInfo?.logGroupClass ?? null,
      },
      traces: xray.ok
        ? { recorded: xray.evidence.summaries.matched + xray.evidence.summaries.undetermined, retrievedOrScanned: xray.evidence.traces.length }
        : null,
    },
    prices,
  );
  report.whatIf = buildWhatIfs(report, prices);
  report.findings = runFindings(report, opts.thresholds ?? defaultThresholds());
  return report;
}
