import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { AwsClients } from '../aws/clients.js';
import { UserError, explainAwsError } from '../cli/errors.js';
import type { LogFormat } from '../report/types.js';

/**
 * The one Lambda call every report needs before it can query logs: where the function logs and in
 * which format. When the configuration cannot be read (no permission), the report goes on with
 * /aws/lambda/<name> and says so.
 */
export interface FunctionTarget {
  name: string;
  logGroup: string;
  logFormat: LogFormat | null;
  config: FunctionConfiguration | null;
  unavailableReason: string | null;
}

export function defaultLogGroup(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}

/** A function may be named by name, by ARN, or by partial ARN; its log group uses the bare name. */
export function bareFunctionName(nameOrArn: string): string {
  const m = /^arn:aws[a-z-]*:lambda:[^:]*:\d{12}:function:([^:]+)/.exec(nameOrArn) ?? /^\d{12}:function:([^:]+)/.exec(nameOrArn);
  return m?.[1] ?? nameOrArn.split(':')[0]!;
}

export async function resolveFunction(clients: AwsClients, nameOrArn: string): Promise<FunctionTarget> {
  const { GetFunctionConfigurationCommand } = await import('@aws-sdk/client-lambda');
  const name = bareFunctionName(nameOrArn);
  const lambda = await clients.lambda();
  try {
    const config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: nameOrArn }));
    const format = config.LoggingConfig?.LogFormat;
    return {
      name: config.FunctionName ?? name,
      logGroup: config.LoggingConfig?.LogGroup ?? defaultLogGroup(name),
      logFormat: format === 'JSON' ? 'json' : format === 'Text' ? 'text' : null,
      config,
      unavailableReason: null,
    };
  } catch (e) {
    const errName = (e as Error).name;
    if (errName === 'ResourceNotFoundException') {
      throw new UserError(
        `function ${nameOrArn} not found in ${clients.region}`,
        'check the name and --region (or AWS_REGION); `aws lambda list-functions` lists what exists',
        { cause: e },
      );
    }
    if (errName === 'AccessDeniedException' || errName === 'AccessDenied') {
      return {
        name,
        logGroup: defaultLogGroup(name),
        logFormat: null,
        config: null,
        unavailableReason: 'not permitted to call lambda:GetFunctionConfiguration',
      };
    }
    throw explainAwsError(e, `reading the configuration of ${nameOrArn}`);
  }
}
