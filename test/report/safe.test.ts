import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { REDACTED, safeText } from '../../src/report/safe.js';

const ESC = '\u001B';
const on = { redact: true } as const;
const off = { redact: false } as const;

/** Nothing a terminal would act on: no C0 (but \n when allowed), DEL, C1, bidi, invisible format chars. */
// eslint-disable-next-line no-control-regex
const TERMINAL_ACTIVE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/;

describe('safeText: escape sequences and control characters', () => {
  it('removes SGR colour sequences and keeps the text', () => {
    expect(safeText(`${ESC}[32mINFO${ESC}[0m ready`, off)).toBe('INFO ready');
  });

  it('removes cursor movement, erase and scroll CSI sequences', () => {
    const s = `a${ESC}[2Jb${ESC}[10;20Hc${ESC}[1Ad${ESC}[?25le${ESC}[?1049hf${ESC}[3Sg`;
    expect(safeText(s, off)).toBe('abcdefg');
  });

  it('removes an OSC window-title sequence ended by BEL', () => {
    expect(safeText(`x${ESC}]0;pwned title\u0007y`, off)).toBe('xy');
  });

  it('removes an OSC sequence ended by ST (ESC \\)', () => {
    expect(safeText(`x${ESC}]2;title${ESC}\\y`, off)).toBe('xy');
  });

  it('removes OSC 8 hyperlinks but keeps the link text', () => {
    const s = `${ESC}]8;;https://evil.example/${ESC}\\click me${ESC}]8;;${ESC}\\`;
    expect(safeText(s, off)).toBe('click me');
  });

  it('removes an unterminated OSC to the end of the string', () => {
    expect(safeText(`ok ${ESC}]0;never ends`, off)).toBe('ok ');
  });

  it('removes DCS, APC and PM strings', () => {
    expect(safeText(`a${ESC}Pq#0;2;0;0;0${ESC}\\b${ESC}_apc${ESC}\\c${ESC}^pm${ESC}\\d`, off)).toBe('abcd');
  });

  it('removes 8-bit C1 CSI and OSC forms', () => {
    expect(safeText('a\u009B31mb\u009D0;title\u0007c', off)).toBe('abc');
  });

  it('removes two-byte escape sequences (reset, save cursor, charset)', () => {
    expect(safeText(`a${ESC}cb${ESC}7c${ESC}(Bd`, off)).toBe('abcd');
  });

  it('shows a lone ESC, BEL, backspace, NUL and DEL as visible escapes', () => {
    expect(safeText(`a${ESC}`, off)).toBe('a\\x1b');
    expect(safeText('bell\u0007 back\u0008 nul\u0000 del\u007F', off)).toBe('bell\\x07 back\\x08 nul\\x00 del\\x7f');
  });

  it('does not let a sequence re-form after an inner one is removed', () => {
    const out = safeText(`${ESC}${ESC}[31m[31mred`, off);
    expect(out).not.toContain(ESC);
    expect(out).toBe('\\x1b[31mred');
  });

  it('shows a carriage return, which could overwrite the line, as \\r', () => {
    expect(safeText('visible\rhidden', off)).toBe('visible\\rhidden');
  });

  it('keeps newlines only in multiline mode, and turns CRLF into LF', () => {
    expect(safeText('one\r\ntwo\nthree', off)).toBe('one\\ntwo\\nthree');
    expect(safeText('one\r\ntwo\nthree', { redact: false, multiline: true })).toBe('one\ntwo\nthree');
  });

  it('turns tabs into spaces', () => {
    expect(safeText('REPORT\tRequestId: 1\t', off)).toBe('REPORT RequestId: 1 ');
  });

  it('shows bidi overrides and isolates (Trojan Source) as visible escapes', () => {
    expect(safeText('user\u202Egnp.exe', off)).toBe('user\\u202egnp.exe');
    expect(safeText('a\u2066b\u2069c\u200Fd', off)).toBe('a\\u2066b\\u2069c\\u200fd');
  });

  it('shows zero-width and invisible tag characters', () => {
    expect(safeText('pass\u200Bword', off)).toBe('pass\\u200bword');
    expect(safeText('x\u{E0041}\u{E0042}y', off)).toBe('x\\u{e0041}\\u{e0042}y');
  });

  it('replaces lone surrogates with U+FFFD and keeps valid emoji and CJK', () => {
    expect(safeText('a\uD800b', off)).toBe('a\uFFFDb');
    expect(safeText('ok 🚀 日本語 é', off)).toBe('ok 🚀 日本語 é');
  });

  it('leaves an ordinary Lambda log line unchanged', () => {
    const line =
      'REPORT RequestId: 3f5b2c1e-1a2b-4c3d-9e8f-0a1b2c3d4e5f Duration: 102.25 ms Billed Duration: 103 ms Memory Size: 128 MB Max Memory Used: 70 MB Init Duration: 257.53 ms';
    expect(safeText(line, on)).toBe(line);
  });

  it('never outputs terminal-active characters, for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (s, multiline) => {
        const out = safeText(s, { redact: true, multiline });
        expect(out).not.toMatch(TERMINAL_ACTIVE);
        expect(out).not.toContain(ESC);
        if (!multiline) expect(out).not.toContain('\n');
      }),
      { numRuns: 500 },
    );
  });

  it('never outputs terminal-active characters for strings built from escape fragments', () => {
    const fragment = fc.constantFrom(ESC, '[', ']', '\\', '\u0007', '\u009B', '\u009C', '0;', 'm', 'H', '\r', '\n', 'a', '\u202E', 'P', '_');
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const out = safeText(parts.join(''), off);
        expect(out).not.toMatch(TERMINAL_ACTIVE);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (s) => {
        const once = safeText(s, on);
        expect(safeText(once, on)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('safeText: masking likely secrets', () => {
  it('masks AWS access key ids and keeps the prefix', () => {
    expect(safeText('using AKIAIOSFODNN7EXAMPLE now', on)).toBe(`using AKIA${REDACTED} now`);
    expect(safeText('temp ASIAY34FZKBOKMUTVV7A', on)).toBe(`temp ASIA${REDACTED}`);
  });

  it('does not mask a word that merely starts with AKIA', () => {
    expect(safeText('AKIAS is not a key', on)).toBe('AKIAS is not a key');
  });

  it('masks a 40-character secret access key after its key name, in several notations', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    expect(safeText(`aws_secret_access_key=${secret}`, on)).toBe(`aws_secret_access_key=${REDACTED}`);
    expect(safeText(`"SecretAccessKey": "${secret}"`, on)).toBe(`"SecretAccessKey": "${REDACTED}"`);
    expect(safeText(`secretAccessKey: ${secret}`, on)).toBe(`secretAccessKey: ${REDACTED}`);
    expect(safeText(`aws_secret_access_key ${secret}`, on)).toBe(`aws_secret_access_key ${REDACTED}`);
  });

  it('masks bearer and basic credentials', () => {
    expect(safeText('Authorization: Bearer abc.def-ghi_123', on)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(safeText('sent bearer mF_9.B5f-4.1JqM upstream', on)).not.toContain('mF_9.B5f-4.1JqM');
    expect(safeText('header Basic dXNlcjpwYXNzd29yZA==', on)).toBe(`header Basic ${REDACTED}`);
  });

  it('does not mask prose after the word Basic or Bearer', () => {
    expect(safeText('Basic authentication failed', on)).toBe('Basic authentication failed');
    expect(safeText('Bearer token missing', on)).toBe('Bearer token missing');
  });

  it('masks JWTs', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    expect(safeText(`jwt ${jwt} rejected`, on)).toBe(`jwt ${REDACTED} rejected`);
  });

  it('masks passwords in URLs and keeps user and host', () => {
    expect(safeText('connect postgres://app:s3cr3t!@db.internal:5432/orders failed', on)).toBe(
      `connect postgres://app:${REDACTED}@db.internal:5432/orders failed`,
    );
    expect(safeText('redis://:hunter2@cache:6379', on)).toBe(`redis://:${REDACTED}@cache:6379`);
  });

  it('does not treat a host:port URL as a password', () => {
    expect(safeText('GET https://api.example.com:8443/v1/items', on)).toBe('GET https://api.example.com:8443/v1/items');
  });

  it('masks password=, token=, apiKey= values in query strings, JSON and key: value text', () => {
    expect(safeText('POST /login?user=bob&password=hunter2&next=/', on)).toBe(
      `POST /login?user=bob&password=${REDACTED}&next=/`,
    );
    expect(safeText('{"user":"bob","password":"hunter2"}', on)).toBe(`{"user":"bob","password":"${REDACTED}"}`);
    expect(safeText("config token='abc123' loaded", on)).toBe(`config token='${REDACTED}' loaded`);
    expect(safeText('apiKey: 9f8e7d6c5b4a', on)).toBe(`apiKey: ${REDACTED}`);
    expect(safeText('X-Api-Key=live_51H8', on)).toBe(`X-Api-Key=${REDACTED}`);
    expect(safeText('DB_PASSWORD = p@ss', on)).toBe(`DB_PASSWORD = ${REDACTED}`);
    expect(safeText('client_secret=abc&x=1', on)).toBe(`client_secret=${REDACTED}&x=1`);
    expect(safeText('"accessToken": "ya29.a0Af"', on)).toBe(`"accessToken": "${REDACTED}"`);
  });

  it('masks a quoted value that contains escaped quotes completely', () => {
    expect(safeText('{"password":"a\\"b c"}', on)).toBe(`{"password":"${REDACTED}"}`);
  });

  it('leaves key names that only look similar alone', () => {
    expect(safeText('author=Jane tokens=5 token_count=7', on)).toBe('author=Jane tokens=5 token_count=7');
    expect(safeText('password: null', on)).toBe('password: null');
  });

  it('masks PEM private keys', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----';
    const out = safeText(`key ${pem}`, { redact: true, multiline: true });
    expect(out).not.toContain('MIIEowIBAAKCAQEA');
    expect(out).toContain(REDACTED);
  });

  it('masks well-known token formats', () => {
    expect(safeText('ghp_abcdefghijklmnopqrstuvwxyz0123456789', on)).toBe(REDACTED);
    expect(safeText('xoxb-1234567890-abcdefghij', on)).toBe(REDACTED);
  });

  it('finds a secret that escape sequences tried to split', () => {
    expect(safeText(`AKIA${ESC}[0mIOSFODNN7EXAMPLE`, on)).toBe(`AKIA${REDACTED}`);
  });

  it('masks nothing when redact is false, but still neutralises', () => {
    const s = `password=hunter2 AKIAIOSFODNN7EXAMPLE ${ESC}[2J`;
    expect(safeText(s, off)).toBe('password=hunter2 AKIAIOSFODNN7EXAMPLE ');
  });

  it('masks several secrets in one error message', () => {
    const s =
      'Error: auth failed for postgres://svc:pw1@db/x with token=t0k3n and AKIAIOSFODNN7EXAMPLE (Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig)';
    const out = safeText(s, on);
    for (const secret of ['pw1', 't0k3n', 'IOSFODNN7EXAMPLE', 'eyJhbGciOiJIUzI1NiJ9']) expect(out).not.toContain(secret);
    expect(out).toContain('Error: auth failed for postgres://svc:');
  });
});
