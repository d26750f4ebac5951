import { createClients, type AwsClients } from '../aws/clients.js';
import { loadRecording, liveTransport, RecordingTransport, ReplayTransport, type Recording, type Transport } from '../aws/transport.js';
import { normalizeFunctionName } from '../sources/config.js';
import { VERSION } from '../version.js';
import { UserError } from './errors.js';
import type { CliIO } from './main.js';

/**
 * What every command that talks to AWS sets up the same way: the function named (or the recorded
 * one), the run's clock (the recorded one on replay), the transport (live, --replay, --record), the
 * clients, and saving the recording at the end.
 */

export interface AwsSessionOptions {
  record?: string;
  replay?: string;
  profile?: string;
  region?: string;
  endpointUrl?: string;
}

export interface AwsSession {
  functionName: string;
  recording: Recording | null;
  /** The run's clock: the recorded one on replay. */
  now: number;
  /** The recorded window, on replay. */
  recordedWindow: { start: number; end: number } | undefined;
  clients: AwsClients;
  /** Writes the recording (with --record), naming the window the run read; a no-op otherwise. */
  saveRecording(window: { start: number; end: number }): Promise<void>;
}

export function checkFunctionName(name: string): void {
  if (!/^[A-Za-z0-9_:.\-$]+$/.test(name) || name.length > 170) {
    throw new UserError(`"${name}" is not a Lambda function name or ARN`, 'names use letters, digits, hyphens and underscores');
  }
}

export async function openAwsSession(command: string, fnArg: string | undefined, opts: AwsSessionOptions, io: CliIO): Promise<AwsSession> {
  if (opts.record && opts.replay) {
    throw new UserError('--record and --replay cannot be used together', 'record against AWS, then replay the folder');
  }
  const recording = opts.replay ? await loadRecording(opts.replay) : null;
  const functionName = fnArg ?? recording?.meta.functionName;
  if (!functionName) throw new UserError('no function named', `give one: lambda-insight ${command} my-function (or --replay a recording)`);
  checkFunctionName(functionName);

  const now = recording ? Date.parse(recording.meta.recordedAt) : io.now();
  const recordedWindow = recording ? { start: Date.parse(recording.meta.window.start), end: Date.parse(recording.meta.window.end) } : undefined;

  let transport: Transport = recording ? new ReplayTransport(recording, opts.replay) : io.transport ?? liveTransport;
  const recorder = opts.record ? new RecordingTransport(transport) : null;
  if (recorder) transport = recorder;
  const clients = createClients({ region: opts.region ?? recording?.meta.region, profile: opts.profile, endpoint: opts.endpointUrl, transport }, io.env);

  return {
    functionName,
    recording,
    now,
    recordedWindow,
    clients,
    async saveRecording(window) {
      if (!recorder || !opts.record) return;
      const file = await recorder.save(opts.record, {
        functionName: normalizeFunctionName(functionName),
        region: await clients.region(),
        window: { start: new Date(window.start).toISOString(), end: new Date(window.end).toISOString() },
        recordedAt: new Date(now).toISOString(),
        tool: `lambda-insight ${VERSION}`,
      });
      io.stderr.write(`recorded ${recorder.calls.length} AWS calls to ${file}\n`);
    },
  };
}
