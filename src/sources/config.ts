import type { AwsClients } from '../aws/clients.js';
import type { ProgressChannel } from '../core/progress.js';
import type { EventSourceInfo, FunctionInfo } from '../report/types.js';
import { explainAwsError } from '../cli/errors.js';

/**
 * The configuration source: what the Lambda API and CloudWatch Logs say about one function.
 * GetFunctionConfiguration is the only call the source cannot do without; every other call
 * (concurrency, async invoke config, provisioned concurrency, event source mappings, the log group,
 * account settings) runs in parallel with it, and one that fails leaves its part unavailable with
 * the reason while the rest stands. Read-only: no write API is ever called.
 */

/** What every optional source returns: evidence, or the reason its section is unavailable. */
export type SourceResult<E> = { ok: true; evidence: E } | { ok: false; reason: string; code?: FailureCode };

/** not-found: the resource does not exist; unsupported: the endpoint does not implement the API (an HTML 404, a 501). */
export type FailureCode = 'not-found' | 'access-denied' | 'unsupported' | 'failed';

interface SdkErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
}

/**
 * A replayed run with no recorded answer for a call must fail loudly (the design's rule for
 * replays), not leave a section quietly unavailable: collectors rethrow it.
 */
export function isReplayMiss(e: unknown): boolean {
  return (e as { name?: unknown } | null)?.name === 'ReplayMissError';
}

/** Classifies an SDK error and writes one line on it, for `sources.unavailable[].reason`. */
export function failureOf(e: unknown, what: string): { reason: string; code: FailureCode } {
  const err = (e ?? {}) as SdkErrorLike;
  const name = err.name ?? 'Error';
  const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
  const message = String(err.message ?? e).split('\n')[0] ?? '';
  // An endpoint that does not implement the API answers with an HTML page the SDK cannot parse
  // (moto's 404 for ListProvisionedConcurrencyConfigs and GetAccountSettings, its 500 for a
  // percentile GetMetricData), or with an explicit "not implemented".
  const html = name === 'SyntaxError' || /<!doctype|<html|Deserialization error|not valid JSON/i.test(message);
  if (html || status === 501 || /not implemented/i.test(message)) {
    const how = html ? `an HTML page${status ? ` (HTTP ${status})` : ''} instead of an AWS answer` : `${name}${status ? ` (HTTP ${status})` : ''}: ${message}`;
    return { reason: `${what}: the endpoint does not support it (it answered ${how})`, code: 'unsupported' };
  }
  if (name === 'ResourceNotFoundException' || name === 'ResourceNotFound' || (status === 404 && !html)) {
    return { reason: `${what}: not found (${name}: ${message})`, code: 'not-found' };
  }
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(name) || status === 403) {
    return { reason: `${what}: access denied (${name}: ${message})`, code: 'access-denied' };
  }
  const explained = explainAwsError(e, what);
  return { reason: explained.message, code: 'failed' };
}

/** `my-fn`, `my-fn:prod`, or a function ARN, to the bare function name that metrics and log groups use. */
export function normalizeFunctionName(nameOrArn: string): string {
  const arn = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(?::.*)?$/.exec(nameOrArn);
  if (arn) return arn[1]!;
  const partial = /^(?:\d{12}:)?function:([^:]+)/.exec(nameOrArn);
  if (partial) return partial[1]!;
  return nameOrArn.split(':')[0]!;
}

/** The function's log group: LoggingConfig.LogGroup when set, else `/aws/lambda/<name>`. */
export function logGroupOf(config: { FunctionName?: string; LoggingConfig?: { LogGroup?: string } } | ConfigEvidence | string): string {
  if (typeof config === 'string') return `/aws/lambda/${normalizeFunctionName(config)}`;
  if ('logGroup' in config && typeof config.logGroup === 'string') return config.logGroup;
  const raw = config as { FunctionName?: string; LoggingConfig?: { LogGroup?: string } };
  const custom = raw.LoggingConfig?.LogGroup;
  if (custom) return custom;
  return `/aws/lambda/${normalizeFunctionName(raw.FunctionName ?? '')}`;
}

export interface ProvisionedConcurrencyConfig {
  /** The alias or version it is configured on. */
  qualifier: string;
  requested: number | null;
  allocated: number | null;
  available: number | null;
  status: string | null;
}

export interface EventInvokeSettings {
  /** false: no GetFunctionEventInvokeConfig (Lambda's defaults apply: 2 retries, 6 hours). */
  configured: boolean;
  retryAttempts: number;
  maxEventAgeSec: number;
  onSuccess: string | null;
  onFailure: string | null;
}

export interface LogGroupInfo {
  name: string;
  exists: boolean;
  logGroupClass: string | null;
  retentionDays: number | null;
  storedBytes: number | null;
}

/** The `function.*` fields this source fills; assign them onto the report's FunctionInfo. */
export type ConfigFunctionFields = Partial<Omit<FunctionInfo, 'name' | 'region'>>;

export interface ConfigEvidence {
  functionName: string;
  functionArn: string | null;
  /** Ready to merge into `report.function`. */
  function: ConfigFunctionFields;
  logGroup: string;
  logFormat: 'text' | 'json' | null;
  tracingMode: 'Active' | 'PassThrough' | null;
  /** null: no reserved concurrency (the function draws on the account's unreserved pool). */
  reservedConcurrency: number | null;
  /** null when it could not be read (see `unavailable`). */
  provisioned: ProvisionedConcurrencyConfig[] | null;
  eventInvoke: EventInvokeSettings | null;
  /** DeadLetterConfig.TargetArn; null when the answer has none (moto never returns it). */
  dlqTarget: string | null;
  eventSources: EventSourceInfo[] | null;
  logGroupInfo: LogGroupInfo | null;
  account: { concurrentExecutions: number | null; unreservedConcurrentExecutions: number | null } | null;
  /** Parts that could not be read, with the reason. */
  unavailable: { part: string; reason: string; code: FailureCode }[];
  notes: string[];
}

export interface ConfigOptions {
  functionName: string;
  /** An alias or version to read instead of $LATEST. */
  qualifier?: string;
  progress?: ProgressChannel;
  /**
   * Redrive targets (DLQs) of SQS event-source queues, by queue ARN, when they are known up front.
   * Lambda's API does not say them; the report reads them from the SQS API once the mappings are
   * known (src/sources/sqs.ts, `withRedriveTargets`).
   */
  redriveTargets?: Record<string, string>;
}

const DEFAULT_RETRIES = 2;
const DEFAULT_MAX_EVENT_AGE_SEC = 21600;

function eventSourceType(arn: string | undefined, selfManaged: boolean): string {
  if (selfManaged) return 'kafka';
  if (!arn) return 'other';
  const service = arn.split(':')[2] ?? '';
  if (service === 'sqs') return 'sqs';
  if (service === 'kinesis') return 'kinesis';
  if (service === 'dynamodb') return 'dynamodb';
  if (service === 'kafka') return 'kafka';
  if (service === 'mq') return 'mq';
  if (service === 'rds') return 'docdb';
  return 'other';
}

function qualifierOf(functionArn: string | undefined): string {
  if (!functionArn) return '';
  const parts = functionArn.split(':');
  return parts.length >= 8 ? parts.slice(7).join(':') : '';
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/**
 * Reads the function's configuration. Never throws: a failure of GetFunctionConfiguration is
 * `{ ok: false }` (code `not-found` when the function does not exist); a failure of any other call
 * leaves its part null and listed in `evidence.unavailable`.
 */
export async function collectConfig(clients: AwsClients, opts: ConfigOptions): Promise<SourceResult<ConfigEvidence>> {
  const progress = opts.progress;
  progress?.emit({ kind: 'source-start', source: 'config' });
  try {
    const result = await collect(clients, opts);
    if (result.ok) progress?.emit({ kind: 'source-done', source: 'config', detail: result.evidence.unavailable.length ? `${result.evidence.unavailable.length} part(s) unavailable` : undefined });
    else progress?.emit({ kind: 'source-failed', source: 'config', reason: result.reason });
    return result;
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const { reason, code } = failureOf(e, 'reading the function configuration');
    progress?.emit({ kind: 'source-failed', source: 'config', reason });
    return { ok: false, reason, code };
  }
}

async function collect(clients: AwsClients, opts: ConfigOptions): Promise<SourceResult<ConfigEvidence>> {
  const sdk = await import('@aws-sdk/client-lambda');
  const logsSdk = await import('@aws-sdk/client-cloudwatch-logs');
  const [lambda, logs] = await Promise.all([clients.lambda(), clients.logs()]);
  const name = normalizeFunctionName(opts.functionName);
  const fnId = opts.functionName;
  const qualifier = opts.qualifier ? { Qualifier: opts.qualifier } : {};

  const describeLogGroup = async (groupName: string): Promise<LogGroupInfo> => {
    for await (const page of logsSdk.paginateDescribeLogGroups({ client: logs }, { logGroupNamePrefix: groupName })) {
      const hit = page.logGroups?.find((g) => g.logGroupName === groupName);
      if (hit) {
        return {
          name: groupName,
          exists: true,
          // Older answers have no class: those groups are Standard (the only class before 2023).
          logGroupClass: hit.logGroupClass ?? 'STANDARD',
          retentionDays: hit.retentionInDays ?? null,
          storedBytes: hit.storedBytes ?? null,
        };
      }
    }
    return { name: groupName, exists: false, logGroupClass: null, retentionDays: null, storedBytes: null };
  };

  // Everything starts at once; the default log group is described optimistically, and again only
  // if the configuration names another one.
  const defaultLogGroup = `/aws/lambda/${name}`;
  const pConfig = settle(lambda.send(new sdk.GetFunctionConfigurationCommand({ FunctionName: fnId, ...qualifier })));
  const pConcurrency = settle(lambda.send(new sdk.GetFunctionConcurrencyCommand({ FunctionName: fnId })));
  const pInvoke = settle(lambda.send(new sdk.GetFunctionEventInvokeConfigCommand({ FunctionName: fnId, ...qualifier })));
  const pProvisioned = settle(
    (async () => {
      const out: ProvisionedConcurrencyConfig[] = [];
      for await (const page of sdk.paginateListProvisionedConcurrencyConfigs({ client: lambda }, { FunctionName: fnId })) {
        for (const c of page.ProvisionedConcurrencyConfigs ?? []) {
          out.push({
            qualifier: qualifierOf(c.FunctionArn),
            requested: c.RequestedProvisionedConcurrentExecutions ?? null,
            allocated: c.AllocatedProvisionedConcurrentExecutions ?? null,
            available: c.AvailableProvisionedConcurrentExecutions ?? null,
            status: c.Status ?? null,
          });
        }
      }
      return out;
    })(),
  );
  const pMappings = settle(
    (async () => {
      const out: EventSourceInfo[] = [];
      for await (const page of sdk.paginateListEventSourceMappings({ client: lambda }, { FunctionName: fnId })) {
        for (const m of page.EventSourceMappings ?? []) {
          const type = eventSourceType(m.EventSourceArn, Boolean(m.SelfManagedEventSource));
          const redrive = m.EventSourceArn ? opts.redriveTargets?.[m.EventSourceArn] ?? null : null;
          out.push({
            uuid: m.UUID ?? '',
            type,
            sourceArn: m.EventSourceArn ?? null,
            state: m.State ?? null,
            batchSize: m.BatchSize ?? null,
            onFailure: m.DestinationConfig?.OnFailure?.Destination ?? null,
            redriveTarget: redrive,
            redriveTargetKnown: type === 'sqs' ? redrive !== null : false,
          });
        }
      }
      return out;
    })(),
  );
  const pDefaultLogGroup = settle(describeLogGroup(defaultLogGroup));
  const pAccount = settle(lambda.send(new sdk.GetAccountSettingsCommand({})));

  const config = await pConfig;
  if (!config.ok) {
    // Let the other calls finish (and be recorded) before answering; their results do not matter.
    const rest = await Promise.all([pConcurrency, pInvoke, pProvisioned, pMappings, pDefaultLogGroup, pAccount]);
    for (const r of [config, ...rest]) if (!r.ok && isReplayMiss(r.error)) throw r.error;
    const { reason, code } = failureOf(config.error, `GetFunctionConfiguration for ${fnId}`);
    return { ok: false, reason, code };
  }
  const c = config.value;
  const logGroup = logGroupOf({ FunctionName: c.FunctionName ?? name, LoggingConfig: c.LoggingConfig });
  const pLogGroup = logGroup === defaultLogGroup ? pDefaultLogGroup : settle(describeLogGroup(logGroup));

  const [concurrency, invoke, provisioned, mappings, logGroupInfo, account] = await Promise.all([
    pConcurrency,
    pInvoke,
    pProvisioned,
    pMappings,
    pLogGroup,
    pAccount,
  ]);

  for (const r of [concurrency, invoke, provisioned, mappings, logGroupInfo, account]) if (!r.ok && isReplayMiss(r.error)) throw r.error;
  const unavailable: ConfigEvidence['unavailable'] = [];
  const notes: string[] = [];
  const miss = (part: string, e: unknown) => {
    const f = failureOf(e, part);
    unavailable.push({ part, reason: f.reason, code: f.code });
  };

  let reservedConcurrency: number | null = null;
  if (concurrency.ok) reservedConcurrency = concurrency.value.ReservedConcurrentExecutions ?? null;
  else miss('GetFunctionConcurrency', concurrency.error);

  let eventInvoke: EventInvokeSettings | null = null;
  if (invoke.ok) {
    const v = invoke.value;
    eventInvoke = {
      configured: true,
      retryAttempts: v.MaximumRetryAttempts ?? DEFAULT_RETRIES,
      maxEventAgeSec: v.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SEC,
      onSuccess: v.DestinationConfig?.OnSuccess?.Destination ?? null,
      onFailure: v.DestinationConfig?.OnFailure?.Destination ?? null,
    };
  } else if (failureOf(invoke.error, '').code === 'not-found') {
    // Not configured is not an error: Lambda's defaults apply.
    eventInvoke = { configured: false, retryAttempts: DEFAULT_RETRIES, maxEventAgeSec: DEFAULT_MAX_EVENT_AGE_SEC, onSuccess: null, onFailure: null };
  } else miss('GetFunctionEventInvokeConfig', invoke.error);

  let pcs: ProvisionedConcurrencyConfig[] | null = null;
  if (provisioned.ok) pcs = provisioned.value;
  else miss('ListProvisionedConcurrencyConfigs', provisioned.error);

  let eventSources: EventSourceInfo[] | null = null;
  if (mappings.ok) {
    // An SQS source's redrive target is set on the queue, which only the SQS API reads
    // (sqs:GetQueueAttributes): it stays unknown here unless given; the SQS source fills it in.
    eventSources = mappings.value;
  } else miss('ListEventSourceMappings', mappings.error);

  let lg: LogGroupInfo | null = null;
  if (logGroupInfo.ok) {
    lg = logGroupInfo.value;
    if (!lg.exists) notes.push(`the log group ${logGroup} does not exist (the function has never logged, or logs elsewhere)`);
  } else miss('DescribeLogGroups', logGroupInfo.error);

  let acct: ConfigEvidence['account'] = null;
  if (account.ok) {
    acct = {
      concurrentExecutions: account.value.AccountLimit?.ConcurrentExecutions ?? null,
      unreservedConcurrentExecutions: account.value.AccountLimit?.UnreservedConcurrentExecutions ?? null,
    };
  } else miss('GetAccountSettings', account.error);

  const logFormat = c.LoggingConfig?.LogFormat === 'JSON' ? 'json' : c.LoggingConfig?.LogFormat === 'Text' ? 'text' : null;
  const tracingMode = c.TracingConfig?.Mode === 'Active' ? 'Active' : c.TracingConfig?.Mode === 'PassThrough' ? 'PassThrough' : null;
  const dlqTarget = c.DeadLetterConfig?.TargetArn ?? null;
  const arch = c.Architectures?.[0];
  const provisionedTotal = pcs === null ? null : pcs.reduce((n, p) => n + (p.allocated ?? p.requested ?? 0), 0);

  const fields: ConfigFunctionFields = {
    arn: c.FunctionArn ?? null,
    logGroup,
    runtime: c.Runtime ?? null,
    architecture: arch === 'arm64' ? 'arm64' : arch === 'x86_64' ? 'x86_64' : c.Architectures ? null : 'x86_64',
    memoryMb: c.MemorySize ?? null,
    timeoutSec: c.Timeout ?? null,
    packageType: c.PackageType === 'Image' ? 'Image' : c.PackageType === 'Zip' ? 'Zip' : null,
    codeSizeBytes: c.CodeSize ?? null,
    layers: (c.Layers ?? []).map((l) => ({ arn: l.Arn ?? '', codeSizeBytes: l.CodeSize ?? null })),
    tracingMode,
    snapStart: c.SnapStart?.ApplyOn ?? null,
    reservedConcurrency,
    provisionedConcurrency: provisionedTotal,
    provisionedConcurrencyConfigs: pcs ? pcs.map((p) => ({ qualifier: p.qualifier, requested: p.requested, allocated: p.allocated, status: p.status })) : null,
    retryAttempts: eventInvoke?.retryAttempts ?? null,
    maxEventAgeSec: eventInvoke?.maxEventAgeSec ?? null,
    destinations: { onSuccess: eventInvoke?.onSuccess ?? null, onFailure: eventInvoke?.onFailure ?? null },
    dlqTarget,
    logGroupClass: lg?.logGroupClass ?? null,
    logRetentionDays: lg?.retentionDays ?? null,
    logStoredBytes: lg?.storedBytes ?? null,
    lastModified: c.LastModified ?? null,
    ephemeralStorageMb: c.EphemeralStorage?.Size ?? null,
    vpcConfigured: c.VpcConfig ? Boolean(c.VpcConfig.VpcId || c.VpcConfig.SubnetIds?.length) : false,
    systemLogLevel: c.LoggingConfig?.SystemLogLevel ?? null,
    applicationLogLevel: c.LoggingConfig?.ApplicationLogLevel ?? null,
    eventSources,
  };
  if (logFormat) {
    fields.logFormat = logFormat;
    fields.logFormatSource = 'configuration';
  }

  return {
    ok: true,
    evidence: {
      functionName: c.FunctionName ?? name,
      functionArn: c.FunctionArn ?? null,
      function: fields,
      logGroup,
      logFormat,
      tracingMode,
      reservedConcurrency,
      provisioned: pcs,
      eventInvoke,
      dlqTarget,
      eventSources,
      logGroupInfo: lg,
      account: acct,
      unavailable,
      notes,
    },
  };
}

/** The parts that could not be read, as `sources.unavailable[]` entries. */
export function configUnavailable(ev: ConfigEvidence): { source: string; reason: string }[] {
  return ev.unavailable.map((u) => ({ source: `config: ${u.part}`, reason: u.reason }));
}

/** Queue name of an SQS ARN (`arn:aws:sqs:<region>:<account>:<name>`); null for anything else. */
export function sqsQueueName(arn: string | null | undefined): string | null {
  if (!arn) return null;
  const m = /^arn:aws[a-z-]*:sqs:[^:]*:[^:]*:(.+)$/.exec(arn);
  return m ? m[1]! : null;
}

/** `sqs`, `sns` or `other` for a DLQ or destination ARN. */
export function targetKind(arn: string | null | undefined): 'sqs' | 'sns' | 'other' | null {
  if (!arn) return null;
  const service = arn.split(':')[2];
  return service === 'sqs' ? 'sqs' : service === 'sns' ? 'sns' : 'other';
}
