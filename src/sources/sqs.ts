import type { AwsClients } from '../aws/clients.js';
import type { ProgressChannel } from '../core/progress.js';
import type { EventSourceInfo } from '../report/types.js';
import { failureOf, isReplayMiss, sqsQueueName, type ConfigEvidence, type FailureCode, type SourceResult } from './config.js';
import type { QueueRef } from './metrics.js';

/**
 * The SQS source: what the SQS API says about the function's SQS event-source queues. Lambda's API
 * does not say a source queue's redrive target (its DLQ): it is the queue's RedrivePolicy, read with
 * GetQueueUrl then GetQueueAttributes (sqs:GetQueueUrl, sqs:GetQueueAttributes), both read-only.
 *
 * It needs the event source mappings, so it starts when the configuration settles, alongside the
 * rest; the redrive targets' depth then comes from the metrics source (AWS/SQS
 * ApproximateNumberOfMessagesVisible), which takes them as extra queues. A function with no SQS
 * event source makes no call and loads no SQS client. A queue that cannot be read (no permission,
 * an endpoint without the API) leaves its redrive target unknown, with the reason.
 */

export interface SourceQueueInfo {
  /** The event source's queue ARN. */
  sourceArn: string;
  queueName: string;
  queueUrl: string;
  /** RedrivePolicy.deadLetterTargetArn; null when the queue has no redrive policy. */
  redriveTarget: string | null;
  /** RedrivePolicy.maxReceiveCount: receives before a message moves to the redrive target. */
  maxReceiveCount: number | null;
  /** ApproximateNumberOfMessages when it was read: the queue now, not over the report's window. */
  messagesNow: number | null;
}

export interface SqsEvidence {
  /** One per SQS event-source queue that could be read. */
  queues: SourceQueueInfo[];
  /** Queues that could not be read, with the reason. */
  unavailable: { part: string; queueArn: string; reason: string; code: FailureCode }[];
  notes: string[];
  /** SQS calls made. */
  calls: number;
}

export interface SqsOptions {
  /**
   * The configuration (a promise is best: the lookup starts the moment its event source mappings
   * are known). Without one, or without mappings, nothing is read.
   */
  config: Promise<SourceResult<ConfigEvidence>> | SourceResult<ConfigEvidence> | null;
  progress?: ProgressChannel;
}

/** The attributes read from a source queue. */
export const QUEUE_ATTRIBUTES = ['RedrivePolicy', 'ApproximateNumberOfMessages'] as const;

/** Account id of an SQS ARN (`arn:aws:sqs:<region>:<account>:<name>`). */
function accountOf(arn: string | null | undefined): string | null {
  return arn ? (/^arn:aws[a-z-]*:[a-z0-9-]+:[^:]*:(\d{12}):/.exec(arn)?.[1] ?? null) : null;
}

/**
 * RedrivePolicy is a JSON string: `{"deadLetterTargetArn":"arn:...","maxReceiveCount":5}` (the count
 * a number or, as CloudFormation users often set it, a string). Null when absent or unreadable.
 */
export function parseRedrivePolicy(text: string | undefined): { target: string | null; maxReceiveCount: number | null } | null {
  if (!text) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const p = parsed as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  const target = typeof p.deadLetterTargetArn === 'string' && p.deadLetterTargetArn !== '' ? p.deadLetterTargetArn : null;
  const n = typeof p.maxReceiveCount === 'number' ? p.maxReceiveCount : typeof p.maxReceiveCount === 'string' ? Number(p.maxReceiveCount) : NaN;
  return { target, maxReceiveCount: Number.isFinite(n) ? n : null };
}

/** SQS's own not-found answers (QueueDoesNotExist, 400) are not-found too. */
function classify(e: unknown, what: string): { reason: string; code: FailureCode } {
  const f = failureOf(e, what);
  const name = (e as { name?: string } | null)?.name ?? '';
  if (f.code === 'failed' && /QueueDoesNotExist|NonExistentQueue/.test(name)) {
    const message = String((e as { message?: string }).message ?? '').split('\n')[0];
    return { reason: `${what}: not found (${name}: ${message})`, code: 'not-found' };
  }
  return f;
}

/**
 * Reads the redrive policy of each SQS event-source queue. Never throws (a replay miss aside):
 * `{ ok: false }` only when there were queues to read and none could be read.
 */
export async function collectSqs(clients: AwsClients, opts: SqsOptions): Promise<SourceResult<SqsEvidence>> {
  const config = opts.config ? await opts.config : null;
  const ev = config?.ok ? config.evidence : null;
  const sources = [...new Set((ev?.eventSources ?? []).filter((m) => m.type === 'sqs' && sqsQueueName(m.sourceArn)).map((m) => m.sourceArn!))];
  const empty: SqsEvidence = { queues: [], unavailable: [], notes: [], calls: 0 };
  if (sources.length === 0) return { ok: true, evidence: empty };

  const progress = opts.progress;
  progress?.emit({ kind: 'source-start', source: 'sqs', detail: `${sources.length} event-source queue(s)` });
  try {
    const result = await collect(clients, sources, accountOf(ev?.functionArn));
    if (result.ok) progress?.emit({ kind: 'source-done', source: 'sqs', detail: result.evidence.unavailable.length ? `${result.evidence.unavailable.length} queue(s) unavailable` : undefined });
    else progress?.emit({ kind: 'source-failed', source: 'sqs', reason: result.reason });
    return result;
  } catch (e) {
    if (isReplayMiss(e)) throw e;
    const { reason, code } = failureOf(e, 'reading the SQS event-source queues');
    progress?.emit({ kind: 'source-failed', source: 'sqs', reason });
    return { ok: false, reason, code };
  }
}

/** Which call failed, with the error it failed with. */
class StepFailed extends Error {
  constructor(
    readonly part: 'GetQueueUrl' | 'GetQueueAttributes',
    readonly error: unknown,
  ) {
    super(part);
  }
}

async function collect(clients: AwsClients, sources: string[], functionAccount: string | null): Promise<SourceResult<SqsEvidence>> {
  const sdk = await import('@aws-sdk/client-sqs');
  const sqs = await clients.sqs();
  const evidence: SqsEvidence = { queues: [], unavailable: [], notes: [], calls: 0 };

  const step = async <T>(part: 'GetQueueUrl' | 'GetQueueAttributes', run: () => Promise<T>): Promise<T> => {
    evidence.calls += 1;
    try {
      return await run();
    } catch (e) {
      throw new StepFailed(part, e);
    }
  };

  const read = async (arn: string): Promise<SourceQueueInfo> => {
    const queueName = sqsQueueName(arn)!;
    const owner = accountOf(arn);
    // The owner is named only for another account's queue (or when the function's account is not
    // known): the caller's own account is the default, and a recording keeps no account id outside
    // an ARN or a queue URL.
    const named = owner !== null && (functionAccount === null || owner !== functionAccount);
    const url = await step('GetQueueUrl', () => sqs.send(new sdk.GetQueueUrlCommand({ QueueName: queueName, ...(named ? { QueueOwnerAWSAccountId: owner } : {}) })));
    const queueUrl = url.QueueUrl;
    if (!queueUrl) throw new StepFailed('GetQueueUrl', new Error('the answer has no QueueUrl'));
    const out = await step('GetQueueAttributes', () => sqs.send(new sdk.GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: [...QUEUE_ATTRIBUTES] })));
    const attributes = out.Attributes ?? {};
    const policy = parseRedrivePolicy(attributes.RedrivePolicy);
    // A policy that is there but unreadable leaves the target unknown, not absent.
    if (attributes.RedrivePolicy && !policy) throw new StepFailed('GetQueueAttributes', new Error(`its RedrivePolicy is not JSON: ${attributes.RedrivePolicy.slice(0, 80)}`));
    const visible = attributes.ApproximateNumberOfMessages === undefined ? NaN : Number(attributes.ApproximateNumberOfMessages);
    return {
      sourceArn: arn,
      queueName,
      queueUrl,
      redriveTarget: policy?.target ?? null,
      maxReceiveCount: policy?.maxReceiveCount ?? null,
      messagesNow: Number.isFinite(visible) ? visible : null,
    };
  };

  // Every queue at once; each is two calls in a row.
  const settled = await Promise.allSettled(sources.map(read));
  settled.forEach((s, i) => {
    const arn = sources[i]!;
    if (s.status === 'fulfilled') {
      evidence.queues.push(s.value);
      return;
    }
    const failed = s.reason instanceof StepFailed ? s.reason : null;
    const cause = failed ? failed.error : s.reason;
    if (isReplayMiss(cause)) throw cause;
    const name = sqsQueueName(arn);
    const call = failed?.part ?? 'GetQueueAttributes';
    const { reason, code } = classify(cause, `${call} for the SQS queue ${name}`);
    evidence.unavailable.push({ part: `${call} (${name})`, queueArn: arn, reason, code });
  });
  if (evidence.queues.length === 0) {
    const first = evidence.unavailable[0]!;
    const more = evidence.unavailable.length - 1;
    return { ok: false, reason: more > 0 ? `${first.reason} (and ${more} more queue(s) not read)` : first.reason, code: first.code };
  }
  return { ok: true, evidence };
}

/** The redrive targets that are SQS queues, for the metrics source's `extraQueues`. */
export function redriveQueues(result: SourceResult<SqsEvidence> | null): QueueRef[] {
  if (!result?.ok) return [];
  const out: QueueRef[] = [];
  for (const q of result.evidence.queues) {
    const name = sqsQueueName(q.redriveTarget);
    if (name && !out.some((r) => r.name === name)) out.push({ name, arn: q.redriveTarget, role: 'redrive-target' });
  }
  return out;
}

/**
 * The configuration with each SQS event source's redrive target filled from what SQS said: known
 * (a target, or null when the queue has none) for the queues read, unknown for the rest.
 */
export function withRedriveTargets(config: ConfigEvidence, result: SourceResult<SqsEvidence> | null): ConfigEvidence {
  if (!result?.ok || !config.eventSources) return config;
  const byArn = new Map(result.evidence.queues.map((q) => [q.sourceArn, q]));
  const fill = (m: EventSourceInfo): EventSourceInfo => {
    const q = m.type === 'sqs' && m.sourceArn ? byArn.get(m.sourceArn) : undefined;
    if (!q) return m;
    return { ...m, redriveTarget: q.redriveTarget, redriveTargetKnown: true, redriveMaxReceiveCount: q.maxReceiveCount };
  };
  const eventSources = config.eventSources.map(fill);
  return { ...config, eventSources, function: { ...config.function, eventSources } };
}

/** The queues that could not be read, as `sources.unavailable[]` entries. */
export function sqsUnavailable(result: SourceResult<SqsEvidence>): { source: string; reason: string }[] {
  if (!result.ok) return [{ source: 'sqs', reason: result.reason }];
  return result.evidence.unavailable.map((u) => ({ source: `sqs: ${u.part}`, reason: u.reason }));
}
