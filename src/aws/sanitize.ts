import type { Json } from './codec.js';

/**
 * Sanitizes recorded AWS calls as they are written, so a recording can be shared or committed.
 * Replacements are consistent within a recording (the same account id always becomes the same
 * fake id), so relations between calls survive and the recording still replays.
 *
 * Replaced: account ids (in ARNs, queue URLs and account-ish fields), IPv4 addresses, AWS access key
 * ids, secret keys and session tokens, environment variable values, and request/response payloads.
 */

const ARN_ACCOUNT = /(arn:aws[a-z-]*:[a-z0-9-]*:[a-z0-9-]*:)(\d{12})(?=[:/])/g;
const URL_ACCOUNT = /(amazonaws\.com(?:\.cn)?\/)(\d{12})(?=\/)/g;
const IPV4 = /(?<![\d.])((?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3})(?![\d.])/g;
const ACCESS_KEY = /\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{16})\b/g;

const ACCOUNT_KEYS = /^(AccountId|OwnerId|Owner|AwsAccountId|QueueOwnerAWSAccountId|accountId|account_id|account)$/;
const SECRET_KEYS = /^(SecretAccessKey|SessionToken|secretAccessKey|sessionToken|Password|password)$/;
const PAYLOAD_KEYS = /^(Payload|payload|body|Body|requestBody|RequestPayload)$/;

export class Sanitizer {
  private readonly accounts = new Map<string, string>();
  private readonly ips = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  private account(real: string): string {
    let fake = this.accounts.get(real);
    if (!fake) {
      fake = String(this.accounts.size + 1).padStart(12, '0');
      this.accounts.set(real, fake);
    }
    return fake;
  }

  private ip(real: string): string {
    // Loopback and documentation ranges carry no secret; keep them so local setups stay readable.
    if (real.startsWith('127.') || real.startsWith('192.0.2.') || real === '0.0.0.0') return real;
    let fake = this.ips.get(real);
    if (!fake) {
      const n = this.ips.size + 1;
      fake = `192.0.2.${n % 254 || 254}`;
      this.ips.set(real, fake);
    }
    return fake;
  }

  private accessKey(real: string): string {
    let fake = this.keys.get(real);
    if (!fake) {
      fake = `${real.slice(0, 4)}EXAMPLE${String(this.keys.size + 1).padStart(9, '0')}`;
      this.keys.set(real, fake);
    }
    return fake;
  }

  text(s: string): string {
    return s
      .replace(ARN_ACCOUNT, (_m, pre: string, acct: string) => pre + this.account(acct))
      .replace(URL_ACCOUNT, (_m, pre: string, acct: string) => pre + this.account(acct))
      .replace(ACCESS_KEY, (m) => this.accessKey(m))
      .replace(IPV4, (m) => this.ip(m));
  }

  value(v: Json, key = ''): Json {
    if (typeof v === 'string') {
      if (SECRET_KEYS.test(key)) return '<redacted>';
      if (PAYLOAD_KEYS.test(key)) return `<payload: ${Buffer.byteLength(v)} bytes>`;
      if (ACCOUNT_KEYS.test(key) && /^\d{12}$/.test(v)) return this.account(v);
      return this.text(v);
    }
    if (Array.isArray(v)) return v.map((x) => this.value(x, key));
    if (v && typeof v === 'object') {
      if (PAYLOAD_KEYS.test(key) && '$bytes' in v) return { $bytes: '' };
      const out: { [k: string]: Json } = {};
      for (const [k, x] of Object.entries(v)) {
        // Environment variables are where people put secrets: keep the names, drop the values.
        if (key === 'Environment' && k === 'Variables' && x && typeof x === 'object' && !Array.isArray(x)) {
          out[k] = Object.fromEntries(Object.keys(x).map((name) => [name, '<redacted>']));
          continue;
        }
        out[k] = this.value(x, k);
      }
      return out;
    }
    return v;
  }
}

/**
 * A mask for comparing a live call's input with a recorded one: everything a Sanitizer may have
 * replaced is reduced to a placeholder on both sides, so real and sanitized ids compare equal.
 */
export function maskForMatch(v: Json): Json {
  if (typeof v === 'string') {
    return v
      .replace(ARN_ACCOUNT, (_m, pre: string) => `${pre}<account>`)
      .replace(URL_ACCOUNT, (_m, pre: string) => `${pre}<account>`)
      .replace(ACCESS_KEY, '<key>')
      .replace(IPV4, '<ip>');
  }
  if (Array.isArray(v)) return v.map(maskForMatch);
  if (v && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, x] of Object.entries(v)) out[k] = maskForMatch(x);
    return out;
  }
  return v;
}
