/**
 * Make a string that came from logs safe to print: in a terminal (text, the ink UI), in Markdown
 * and in JSON read by people.
 *
 * 1. Neutralise: terminal escape sequences (CSI, OSC, DCS/APC/PM/SOS strings, two-byte ESC
 *    sequences, and their 8-bit C1 forms) are removed, so a log line cannot move the cursor, clear
 *    the screen, set the window title, write a hyperlink or hide text. Any control character left
 *    (C0, DEL, C1, lone ESC), bidirectional overrides and isolates, invisible format characters and
 *    Unicode tag characters are shown as visible escapes such as `\x07` or `\u202e`, so a reader can
 *    see that something was there. Tabs become a space. Newlines are kept only when `multiline`;
 *    otherwise they show as `\n`, and a lone `\r` always shows as `\r` (it could overwrite a line).
 *    Lone surrogates become U+FFFD.
 * 2. Redact (unless `redact: false`): likely secrets are masked with `[REDACTED]`: AWS access key
 *    ids (AKIA/ASIA..., the prefix is kept), 40-character secret keys after a key name, bearer and
 *    basic credentials, JWTs, passwords in URLs, PEM private keys, well-known token formats, and
 *    the values of `password=` / `token: ` / `"apiKey": "..."`-style pairs.
 *
 * Escapes are removed before secrets are looked for, so an escape sequence cannot split a secret
 * to hide it from the masking.
 */

export interface SafeTextOptions {
  /** Mask likely secrets. Renderers pass the user's choice (`--no-redact` turns it off). */
  redact: boolean;
  /** Keep `\n` line breaks (`\r\n` becomes `\n`). Default false: everything stays on one line. */
  multiline?: boolean;
}

export const REDACTED = '[REDACTED]';

// ---------------------------------------------------------------------------------------------
// Neutralising control characters and escape sequences
// ---------------------------------------------------------------------------------------------

/*
 * ECMA-48 shapes. ESC may be written as 0x1B followed by a final byte, or (C1) as one byte 0x80-0x9F.
 * - CSI: ESC [ or 0x9B, parameter bytes 0x30-0x3F, intermediates 0x20-0x2F, final 0x40-0x7E.
 * - OSC: ESC ] or 0x9D, ... terminated by BEL, ESC \ or 0x9C (ST). Unterminated: to end of string.
 * - DCS (ESC P / 0x90), SOS (ESC X / 0x98), PM (ESC ^ / 0x9E), APC (ESC _ / 0x9F): string, ended by ST.
 * - Other: ESC, optional intermediates 0x20-0x2F, final 0x30-0x7E (e.g. ESC c reset, ESC 7, ESC ( B).
 */
const ESCAPE_SEQUENCE = new RegExp(
  [
    // CSI (7-bit and 8-bit)
    '(?:\\u001B\\[|\\u009B)[\\u0030-\\u003F]*[\\u0020-\\u002F]*[\\u0040-\\u007E]?',
    // OSC / DCS / SOS / PM / APC strings, terminated by BEL or ST, or running to the end
    '(?:\\u001B[\\]PX^_]|[\\u009D\\u0090\\u0098\\u009E\\u009F])[\\s\\S]*?(?:\\u0007|\\u001B\\\\|\\u009C|$)',
    // two-byte (and nF) escape sequences
    '\\u001B[\\u0020-\\u002F]*[\\u0030-\\u007E]',
  ].join('|'),
  'g',
);

/** Characters shown as a visible escape rather than passed to the terminal. */
const UNSAFE_CHAR = new RegExp(
  [
    '[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F]', // C0 (but tab, newline handled apart), DEL, C1
    '[\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069]', // bidi marks, embeddings, overrides, isolates
    '[\\u200B\\u2060-\\u2064\\uFEFF\\u00AD\\u180E]', // zero-width / invisible format characters
    '[\\u2028\\u2029]', // line and paragraph separators
    '\\uDB40[\\uDC00-\\uDC7F]', // Unicode tag characters U+E0000-E007F (invisible text)
  ].join('|'),
  'g',
);

function visibleEscape(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp === 0x0d) return '\\r';
  if (cp === 0x0a) return '\\n';
  if (cp <= 0xff) return `\\x${cp.toString(16).padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${cp.toString(16).padStart(4, '0')}`;
  return `\\u{${cp.toString(16)}}`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function neutralise(s: string, multiline: boolean): string {
  let out = s.replace(LONE_SURROGATE, '\uFFFD');
  out = out.replace(ESCAPE_SEQUENCE, '');
  out = out.replace(/\r\n/g, '\n');
  out = out.replace(/\t/g, ' ');
  out = out.replace(UNSAFE_CHAR, visibleEscape);
  if (!multiline) out = out.replace(/\n/g, '\\n');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Redacting likely secrets
// ---------------------------------------------------------------------------------------------

/** Key names whose values are secrets: an identifier that ends with one of these (case-insensitive). */
const SECRET_KEY_SUFFIX =
  '(?:password|passwd|passphrase|pwd|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|auth|authorization|credentials?|session[_-]?id|cookie)';

interface Rule {
  name: string;
  pattern: RegExp;
  replace: (match: string, ...groups: (string | undefined)[]) => string;
}

const RULES: Rule[] = [
  {
    name: 'pem-private-key',
    pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    replace: () => `-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`,
  },
  {
    // scheme://user:password@host  (user may be empty: redis://:pass@host)
    name: 'url-password',
    pattern: /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s:/@?#]*:)([^\s@/?#]+)(@)/g,
    replace: (_m, head, _pass, at) => `${head ?? ''}${REDACTED}${at ?? ''}`,
  },
  {
    name: 'jwt',
    pattern: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?/g,
    replace: () => REDACTED,
  },
  {
    name: 'authorization-scheme',
    pattern: /\b(Bearer|Basic|Digest)(\s+)([A-Za-z0-9\-._~+/]{8,}=*)/gi,
    replace: (match, scheme, space, credential) => {
      // "Basic authentication failed" is prose, not a credential: a short all-letters word stays.
      if (/^[A-Za-z]+$/.test(credential ?? '') && (credential ?? '').length < 20) return match;
      return `${scheme ?? ''}${space ?? ' '}${REDACTED}`;
    },
  },
  {
    // AWS access key ids: keep the 4-letter prefix so the reader knows what it was.
    name: 'aws-access-key-id',
    pattern: /\b(AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g,
    replace: (_m, prefix) => `${prefix ?? ''}${REDACTED}`,
  },
  {
    // A 40-character base64 secret after a secret-key name, in any of the usual separators.
    name: 'aws-secret-access-key',
    pattern:
      /\b([A-Za-z0-9_.-]*secret[A-Za-z0-9_.-]*key[A-Za-z0-9_]*["']?\s*(?:[:=]|=>|\s)\s*["']?)([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])/gi,
    replace: (_m, head) => `${head ?? ''}${REDACTED}`,
  },
  {
    // GitHub, Slack, Stripe, Google API keys: prefixes that are secrets wherever they appear.
    name: 'known-token',
    pattern:
      /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|AIza[A-Za-z0-9_-]{35})\b/g,
    replace: () => REDACTED,
  },
  {
    // password=..., "token": "...", apiKey: ..., X-Api-Key=..., Authorization: Bearer ...
    name: 'key-value',
    pattern: new RegExp(
      `([A-Za-z0-9_.-]*${SECRET_KEY_SUFFIX})(["']?)(\\s*(?::|=|=>)\\s*)` +
        `(\\[REDACTED\\]|"(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|(?:Bearer|Basic|Digest|Token)\\s+[^\\s"',;&]+|[^\\s"',;&}\\]]+)`,
      'gi',
    ),
    replace: (match, key, keyQuote, sep, value) => {
      const v = value ?? '';
      if (v === '' || v.includes(REDACTED)) return match;
      // Leave obvious non-secrets alone: empty and null-ish placeholders, already-masked stars.
      const bare = v.replace(/^["']|["']$/g, '');
      if (/^(?:null|none|undefined|true|false|\*+|)$/i.test(bare)) return match;
      const quote = v.startsWith('"') ? '"' : v.startsWith("'") ? "'" : '';
      const scheme = /^(Bearer|Basic|Digest|Token)\s+/i.exec(v);
      const masked = scheme ? `${scheme[1]} ${REDACTED}` : `${quote}${REDACTED}${quote}`;
      return `${key ?? ''}${keyQuote ?? ''}${sep ?? ''}${masked}`;
    },
  },
];

function redactSecrets(s: string): string {
  let out = s;
  for (const rule of RULES) {
    out = out.replace(rule.pattern, rule.replace as (substring: string, ...args: unknown[]) => string);
  }
  return out;
}

/**
 * Neutralise escape sequences and control characters in `s` and, when `redact` is true, mask
 * likely secrets. Idempotent: safeText(safeText(s, o), o) === safeText(s, o).
 */
export function safeText(s: string, options: SafeTextOptions): string {
  const text = neutralise(String(s), options.multiline ?? false);
  return options.redact ? redactSecrets(text) : text;
}

/** The rule names, for tests and documentation. */
export const REDACTION_RULES: readonly string[] = RULES.map((r) => r.name);
