import { createHash } from 'node:crypto';
import { AwsServiceError, type AwsCall, type Transport } from '../aws/transport.js';
import { runInsightsQuery, type EngineResult, type LogEvent } from './insights-engine.js';

/**
 * A simulated AWS account for the fixture generator: it answers the calls lambda-insight makes
 * from a simulated function's log events and configuration, the way AWS would. The generator runs
 * the real CLI against it with --record, so a fixture holds exactly the calls the code makes.
 */

export interface SimAccountSpec {
  functionName: string;
  region: string;
  logGroup: string;
  /** GetFunctionConfiguration's answer. */
  configuration: Record<string, unknown>;
  /** Log events of the function's log group, sorted by timestamp. */
  events: LogEvent[];
  /** How many GetQueryResults polls answer Running before Complete (default 2). */
  pollsBeforeComplete?: number;
}

function lowerBound(events: LogEvent[], t: number): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.timestamp < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SimTransport implements Transport {
  private readonly queries = new Map<string, { result: EngineResult; polls: number }>();
  private readonly arn: string;

  constructor(private readonly spec: SimAccountSpec) {
    this.arn = `arn:aws:lambda:${spec.region}:123456789012:function:${spec.functionName}`;
  }

  async handle(call: AwsCall): Promise<unknown> {
    const key = `${call.service}.${call.operation}`;
    const input = call.input;
    switch (key) {
      case 'lambda.GetFunctionConfiguration': {
        const name = String(input.FunctionName);
        if (name !== this.spec.functionName && name !== this.arn) {
          throw new AwsServiceError('ResourceNotFoundException', `Function not found: ${name}`, 404);
        }
        return { ...this.spec.configuration };
      }
      case 'logs.StartQuery': {
        const groups = (input.logGroupNames as string[] | undefined) ?? [];
        if (!groups.includes(this.spec.logGroup)) {
          throw new AwsServiceError('ResourceNotFoundException', 'The specified log group does not exist.', 400);
        }
        const start = Number(input.startTime) * 1000;
        const end = (Number(input.endTime) + 1) * 1000;
        const from = lowerBound(this.spec.events, start);
        const to = lowerBound(this.spec.events, end);
        const result = runInsightsQuery(String(input.queryString), this.spec.events.slice(from, to), this.spec.logGroup);
        const queryId = createHash('sha256').update(`${input.queryString}|${start}|${end}`).digest('hex');
        const id = `${queryId.slice(0, 8)}-${queryId.slice(8, 12)}-${queryId.slice(12, 16)}-${queryId.slice(16, 20)}-${queryId.slice(20, 32)}`;
        this.queries.set(id, { result, polls: 0 });
        return { queryId: id };
      }
      case 'logs.GetQueryResults': {
        const q = this.queries.get(String(input.queryId));
        if (!q) throw new AwsServiceError('ResourceNotFoundException', 'Query does not exist.', 400);
        q.polls += 1;
        const total = this.spec.pollsBeforeComplete ?? 2;
        const { result } = q;
        if (q.polls <= total) {
          // While running, Insights reports statistics so far and no rows.
          const share = q.polls / (total + 1);
          return {
            status: q.polls === 1 ? 'Scheduled' : 'Running',
            results: [],
            statistics: {
              recordsScanned: Math.floor(result.recordsScanned * share),
              recordsMatched: Math.floor(result.recordsMatched * share),
              bytesScanned: Math.floor(result.bytesScanned * share),
            },
          };
        }
        return {
          status: 'Complete',
          results: result.rows,
          statistics: { recordsScanned: result.recordsScanned, recordsMatched: result.recordsMatched, bytesScanned: result.bytesScanned },
        };
      }
      case 'logs.StopQuery':
        return { success: this.queries.has(String(input.queryId)) };
      default:
        throw new AwsServiceError('UnsupportedOperation', `the simulator does not answer ${call.service} ${call.operation}`, 501);
    }
  }
}

/** GetFunctionConfiguration's answer for a simulated function, shaped like the real API's. */
export function functionConfiguration(sim: {
  functionName: string;
  region: string;
  config?: {
    runtime: string;
    architecture: string;
    memorySizeMb: number;
    timeoutSec: number;
    logFormat: 'text' | 'json';
    tracingActive: boolean;
    snapStart: boolean;
    onFailureTarget?: string | null;
    deployments?: { at: number; version: string }[];
  };
}): Record<string, unknown> {
  const c = sim.config;
  const lastDeploy = c?.deployments?.at(-1);
  return {
    FunctionName: sim.functionName,
    FunctionArn: `arn:aws:lambda:${sim.region}:123456789012:function:${sim.functionName}`,
    Runtime: c?.runtime ?? 'nodejs20.x',
    Role: `arn:aws:iam::123456789012:role/${sim.functionName}-role`,
    Handler: 'index.handler',
    CodeSize: 5_242_880,
    Description: '',
    Timeout: c?.timeoutSec ?? 30,
    MemorySize: c?.memorySizeMb ?? 512,
    LastModified: new Date(lastDeploy?.at ?? Date.parse('2026-11-01T09:00:00Z')).toISOString().replace('Z', '+0000'),
    CodeSha256: 'd0a1d4d1a1b1c1e1f1a1b1c1d1e1f1a1b1c1d1e1f1a=',
    Version: '$LATEST',
    TracingConfig: { Mode: c?.tracingActive ? 'Active' : 'PassThrough' },
    State: 'Active',
    LastUpdateStatus: 'Successful',
    PackageType: 'Zip',
    Architectures: [c?.architecture ?? 'x86_64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: c?.snapStart ? 'PublishedVersions' : 'None', OptimizationStatus: c?.snapStart ? 'On' : 'Off' },
    RuntimeVersionConfig: { RuntimeVersionArn: `arn:aws:lambda:${sim.region}::runtime:0b8f8e1d3b5c4a0f9e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f` },
    LoggingConfig: { LogFormat: c?.logFormat === 'json' ? 'JSON' : 'Text', LogGroup: `/aws/lambda/${sim.functionName}`, ...(c?.logFormat === 'json' ? { ApplicationLogLevel: 'INFO', SystemLogLevel: 'INFO' } : {}) },
  };
}
