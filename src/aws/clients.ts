import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { XRayClient } from '@aws-sdk/client-xray';
import { liveTransport, type Transport } from './transport.js';
import { UserError } from '../cli/errors.js';

/**
 * The client factory. Region, credentials and retries come from the SDK's default chain, with
 * --region, --profile and --endpoint-url mapped onto it (the SDK also honours AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE>). Clients are created lazily, with a dynamic import each, so a path
 * that needs no AWS (--version, analyze) never loads the SDK, and every client goes through the
 * run's Transport (live, record or replay).
 */

export interface AwsOptions {
  region?: string;
  profile?: string;
  endpoint?: string;
  transport?: Transport;
  /** Extra client config for tests (e.g. static dummy credentials). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts?: number;
}

export interface AwsClients {
  /** The region the SDK resolves: --region, AWS_REGION, or the profile's; an error when none. */
  region(): Promise<string>;
  logs(): Promise<CloudWatchLogsClient>;
  cloudwatch(): Promise<CloudWatchClient>;
  lambda(): Promise<LambdaClient>;
  xray(): Promise<XRayClient>;
  /** SQS, read-only: an event-source queue's redrive policy (GetQueueUrl, GetQueueAttributes). */
  sqs(): Promise<SQSClient>;
}

const SERVICE_OF: Record<string, string> = {
  CloudWatchLogsClient: 'logs',
  CloudWatchClient: 'cloudwatch',
  LambdaClient: 'lambda',
  XRayClient: 'xray',
  SQSClient: 'sqs',
};

interface MiddlewareTarget {
  middlewareStack: {
    add(mw: unknown, opts: { step: 'initialize'; name: string; priority?: 'high' | 'low' }): void;
  };
}

function attachTransport(client: MiddlewareTarget, transport: Transport): void {
  client.middlewareStack.add(
    (next: (args: { input: Record<string, unknown> }) => Promise<{ output: unknown }>, context: { clientName?: string; commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        const service = SERVICE_OF[context.clientName ?? ''] ?? context.clientName ?? 'unknown';
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        let response: { output: unknown } | undefined;
        const output = await transport.handle({ service, operation, input: { ...args.input } }, async () => {
          response = await next(args);
          return response.output;
        });
        return response ?? { output: { ...(output as object), $metadata: {} } };
      },
    { step: 'initialize', name: 'lambdaInsightTransport', priority: 'high' },
  );
}

/** Resolves the region the way the SDK would, so the report can name it before any call. */
export function resolveRegion(opts: AwsOptions, env: NodeJS.ProcessEnv): string | undefined {
  return opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? undefined;
}

export function createClients(opts: AwsOptions, env: NodeJS.ProcessEnv = process.env): AwsClients {
  // The SDK warns on Node 20 that a future release will need Node 22; that is not the user's
  // business while this tool runs, and it would land in the middle of the output.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const transport = opts.transport ?? liveTransport;
  // With no --region or AWS_REGION, the SDK takes the region from the profile's configuration.
  const explicitRegion = resolveRegion(opts, env);
  const config = {
    ...(explicitRegion ? { region: explicitRegion } : {}),
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials ? { credentials: opts.credentials } : {}),
    maxAttempts: opts.maxAttempts ?? 4,
  };
  const cache = new Map<string, Promise<unknown>>();
  function lazy<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = cache.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make().then((client) => {
        attachTransport(client as unknown as MiddlewareTarget, transport);
        return client;
      });
      cache.set(key, p);
    }
    return p;
  }
  let regionPromise: Promise<string> | null = null;
  const clients: AwsClients = {
    region: () =>
      (regionPromise ??= (async () => {
        if (explicitRegion) return explicitRegion;
        const client = await clients.lambda();
        try {
          return await client.config.region();
        } catch (e) {
          if (opts.profile) {
            throw new UserError(`no AWS region for profile ${opts.profile}`, 'check that the profile is in ~/.aws/config (aws configure list-profiles) and has a region, or give --region', { cause: e });
          }
          throw new UserError('no AWS region set', 'give --region, set AWS_REGION, or set a region in your AWS profile', { cause: e });
        }
      })()),
    logs: () => lazy('logs', async () => new (await import('@aws-sdk/client-cloudwatch-logs')).CloudWatchLogsClient(config)),
    cloudwatch: () => lazy('cloudwatch', async () => new (await import('@aws-sdk/client-cloudwatch')).CloudWatchClient(config)),
    lambda: () => lazy('lambda', async () => new (await import('@aws-sdk/client-lambda')).LambdaClient(config)),
    xray: () => lazy('xray', async () => new (await import('@aws-sdk/client-xray')).XRayClient(config)),
    // Requests go to the client's endpoint, not the QueueUrl's host: an event-source queue is in the
    // function's region, and the SDK would warn on the console whenever the two hosts differ.
    sqs: () => lazy('sqs', async () => new (await import('@aws-sdk/client-sqs')).SQSClient({ ...config, useQueueUrlAsEndpoint: false })),
  };
  return clients;
}
