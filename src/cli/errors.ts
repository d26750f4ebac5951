/**
 * Errors for people. Each kind has an exit code and a line on how to fix it; the cause is kept
 * for --debug. Nothing here prints: src/cli/main.ts decides how an error is shown.
 */

export const EXIT = {
  ok: 0,
  /** An AWS call failed, or something went wrong that the user did not cause. */
  failure: 1,
  /** The user asked for something that cannot be done: bad flag, bad window, missing file. */
  usage: 2,
  /** A threshold set with --fail-on was crossed. */
  threshold: 3,
  interrupted: 130,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly hint: string | null,
    readonly exitCode: number,
    readonly type: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Something the user can fix: a bad flag or value, a missing file, an unknown function. */
export class UserError extends CliError {
  constructor(message: string, hint: string | null = null, options?: { cause?: unknown }) {
    super(message, hint, EXIT.usage, 'user', options);
    this.name = 'UserError';
  }
}

/** AWS refused or failed: credentials, permissions, throttling, a missing resource. */
export class AwsError extends CliError {
  constructor(message: string, hint: string | null = null, options?: { cause?: unknown }) {
    super(message, hint, EXIT.failure, 'aws', options);
    this.name = 'AwsError';
  }
}

export class InterruptedError extends CliError {
  constructor() {
    super('interrupted', null, EXIT.interrupted, 'interrupted');
    this.name = 'InterruptedError';
  }
}

/**
 * Turns an SDK error into an AwsError with a hint, for the errors people actually meet.
 * `what` names what was being done ("starting the Insights query", "reading the function").
 */
export function explainAwsError(e: unknown, what: string): CliError {
  if (e instanceof CliError) return e;
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const name = err?.name ?? 'Error';
  const msg = (err?.message ?? String(e)).split('\n')[0] ?? '';
  const say = (hint: string) => new AwsError(`${what} failed: ${name}: ${msg}`, hint, { cause: e });
  const profile = /using profile: \[([^\]]+)\]|[Pp]rofile (\S+) could not be found/.exec(msg);
  if (profile) {
    return new AwsError(`AWS profile ${profile[1] ?? profile[2]} not found`, 'check the name against ~/.aws/config (aws configure list-profiles)', { cause: e });
  }
  if (name === 'CredentialsProviderError' || /Could not (load|resolve) credentials/i.test(msg)) {
    return new AwsError(
      'no AWS credentials found',
      'configure credentials (aws configure, AWS_PROFILE or --profile, or environment variables), or try the offline demo: lambda-insight report --replay fixtures/http-api-orders',
      { cause: e },
    );
  }
  if (/SSO session|sso.*expired|token.*expired|ExpiredToken/i.test(`${name} ${msg}`)) {
    return new AwsError(`your AWS session has expired (${name})`, 'run `aws sso login` (with --profile if you use one) and try again', { cause: e });
  }
  if (name === 'UnrecognizedClientException' || name === 'InvalidSignatureException' || name === 'InvalidClientTokenId') {
    return say('check that your credentials are valid for this account and region');
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || err?.$metadata?.httpStatusCode === 403) {
    return say('grant the read-only permissions listed in the README (logs:StartQuery, logs:GetQueryResults, ...) to the identity you use');
  }
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || name === 'LimitExceededException') {
    return say('AWS is rate-limiting this account; wait a minute and try again, or narrow the window');
  }
  if (err?.code === 'ENOTFOUND' || err?.code === 'ECONNREFUSED' || name === 'TimeoutError') {
    return say('check the network, --region, and --endpoint-url if you set one');
  }
  return say('run again with --debug for details');
}
