/**
 * Error lines of the Lambda runtimes, and folding their messages into groups.
 *
 * `extractError` recognises the shapes the managed runtimes print:
 * - Node.js: `<ts>\t<requestId>\tERROR\tInvoke Error \t{"errorType":...,"errorMessage":...}` (and
 *   `Uncaught Exception`, `Unhandled Promise Rejection`, plain `console.error` lines), and
 *   `FATAL ERROR: ... JavaScript heap out of memory`;
 * - Python: `[ERROR] KeyError: 'x'\nTraceback ...` (the runtime's report of an unhandled error),
 *   `[ERROR]\t<ts>\t<requestId>\tmessage` (the logging module), bare `Traceback` blocks,
 *   `MemoryError`;
 * - Java: an exception with its `\tat ...` frames (one nobody caught), `Exception in thread
 *   "main" java.lang...`, lines that start with an exception class, `java.lang.OutOfMemoryError`,
 *   log4j-style `<date> <time> <requestId> ERROR ...`;
 * - the JSON error object the Java, Go, Ruby and .NET runtimes print for an unhandled error
 *   (`{"errorMessage":...,"errorType":...}`), and JSON-format application lines with level
 *   ERROR/FATAL/CRITICAL.
 *
 * `fatal` tells an unhandled error (the invocation failed) from a logged one. `errorMessage` is the
 * message without its type: what error groups are made of.
 *
 * `foldMessage` replaces what varies between two occurrences of the same bug (ids, numbers,
 * timestamps, quoted free text, paths with line numbers, addresses) with placeholders.
 */

export interface ErrorLine {
  /** The error as `Type: message` where the runtime gives both, else the message; first line only. */
  message: string;
  /** The message without its type (the type alone when there is no message): what groups fold. */
  errorMessage: string;
  errorType: string | null;
  /** When the line carries one (Node.js and Python logger lines, JSON lines). */
  requestId: string | null;
  /** The runtime reports an unhandled error: the invocation (or init) failed. Logged errors are not fatal. */
  fatal: boolean;
  /** The runtime's own out-of-memory report (Node.js heap, Python MemoryError, Java OutOfMemoryError). */
  outOfMemory: boolean;
  /** An error of the init phase (module import, handler not found, syntax error). */
  initPhase: boolean;
  /** A `Task timed out` message written as an application line (JSON log format). */
  timeout: boolean;
}

/** Longest error message kept, before folding. */
const MAX_MESSAGE = 500;
/** Lines longer than this are not JSON-parsed to find an error in them. */
const MAX_JSON_ERROR_LINE = 1 << 20;

const INIT_ERROR_TYPES = new Set([
  'Runtime.ImportModuleError',
  'Runtime.HandlerNotFound',
  'Runtime.UserCodeSyntaxError',
  'Runtime.MalformedHandlerName',
  'Runtime.BadFunctionCode',
]);

function isWs(c: number): boolean {
  return c <= 32 && (c === 32 || (c >= 9 && c <= 13));
}

function firstLine(s: string, from = 0): string {
  let e = from;
  const n = s.length;
  const lim = Math.min(n, from + MAX_MESSAGE * 4);
  while (e < lim) {
    const c = s.charCodeAt(e);
    if (c === 10 || c === 13) break;
    e++;
  }
  return clip(s.slice(from, e).trim());
}

function clip(s: string): string {
  return s.length > MAX_MESSAGE ? s.slice(0, MAX_MESSAGE) : s;
}

function isOomText(s: string): boolean {
  return (
    s.includes('JavaScript heap out of memory') ||
    s.includes('OutOfMemoryError') ||
    s.includes('Runtime.OutOfMemory') ||
    /(^|[^\w.])MemoryError\b/.test(s)
  );
}

function make(
  message: string,
  errorType: string | null,
  requestId: string | null,
  fatal: boolean,
  extraText = '',
): ErrorLine {
  const oom = (errorType !== null && isOomText(errorType)) || isOomText(message) || (extraText !== '' && isOomText(extraText));
  let errorMessage = message;
  if (errorType !== null && message.startsWith(errorType)) {
    const rest = message.slice(errorType.length);
    if (rest.startsWith(': ')) errorMessage = rest.slice(2).trim() || errorType;
    else if (rest.trim() === '') errorMessage = errorType;
  }
  return {
    message,
    errorMessage,
    errorType,
    requestId: requestId === 'undefined' || requestId === '' ? null : requestId,
    fatal,
    outOfMemory: oom,
    initPhase: errorType !== null && INIT_ERROR_TYPES.has(errorType),
    timeout: message.startsWith('Task timed out after') || errorMessage.startsWith('Task timed out after'),
  };
}

/** `pkg.Name: ...` → `pkg.Name`: an identifier (dots allowed) before a colon, as Python and Java print. */
function identifierBeforeColon(text: string): string | null {
  const colon = text.indexOf(':');
  const end = colon < 0 ? text.length : colon;
  if (end === 0 || end > 200) return null;
  return /^[A-Za-z_$][\w$.]*(<[\w$.]+>)?$/.test(text.slice(0, end)) ? text.slice(0, end) : null;
}

/** `Type: message` → the type, when the text before the colon looks like one (no spaces, short). */
function typeOf(text: string): string | null {
  const colon = text.indexOf(':');
  const end = colon < 0 ? text.length : colon;
  if (end === 0 || end > 120) return null;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isWs(c) || c === 34 || c === 39) return null;
  }
  const t = text.slice(0, end);
  return /(Error|Exception|Fault|Failure)$|^Runtime\./.test(t) ? t : null;
}

function joinTypeMessage(type: string | null, msg: string | null): string {
  if (type && msg) return clip(`${type}: ${firstLine(msg)}`);
  return clip(type ?? (msg ? firstLine(msg) : ''));
}

/** Recognise an error in one application log message. Null when it is not an error line. */
export function extractError(line: string): ErrorLine | null {
  if (typeof line !== 'string' || line.length === 0) return null;
  try {
    let i = 0;
    while (i < line.length && isWs(line.charCodeAt(i))) i++;
    if (i >= line.length) return null;
    const c = line.charCodeAt(i);
    if (c === 123 /* { */) return jsonError(line, i);
    if (c === 91 /* [ */) return bracketError(line, i);
    if (c >= 48 && c <= 57) return tokenLevelError(line, i);
    return bareError(line, i);
  } catch {
    return null;
  }
}

// --- Node.js runtime objects: `Invoke Error \t{...}`

const NODE_FATAL_PREFIXES = ['Invoke Error', 'Uncaught Exception', 'Unhandled Promise Rejection'];

function nodeFatal(msg: string): boolean {
  for (const p of NODE_FATAL_PREFIXES) if (msg.startsWith(p)) return true;
  return false;
}

/** The errorType/errorMessage of a JSON error object embedded in text (after `Invoke Error \t`). */
function embeddedErrorObject(text: string): { type: string | null; message: string | null } {
  const brace = text.indexOf('{');
  if (brace < 0) return { type: null, message: null };
  const body = text.slice(brace);
  if (body.length <= MAX_JSON_ERROR_LINE) {
    try {
      const v: unknown = JSON.parse(body);
      if (typeof v === 'object' && v !== null) {
        const o = v as Record<string, unknown>;
        return {
          type: typeof o.errorType === 'string' ? o.errorType : null,
          message: typeof o.errorMessage === 'string' ? o.errorMessage : null,
        };
      }
    } catch {
      // fall through: read the two fields by position
    }
  }
  return { type: jsonStringField(body, 'errorType'), message: jsonStringField(body, 'errorMessage') };
}

/** `"key":"value"` read by position, for JSON too long or too broken to parse. */
function jsonStringField(s: string, key: string): string | null {
  const k = s.indexOf(`"${key}"`);
  if (k < 0) return null;
  let j = k + key.length + 2;
  while (j < s.length && isWs(s.charCodeAt(j))) j++;
  if (s.charCodeAt(j) !== 58) return null;
  j++;
  while (j < s.length && isWs(s.charCodeAt(j))) j++;
  if (s.charCodeAt(j) !== 34) return null;
  let e = j + 1;
  while (e < s.length && e - j < MAX_MESSAGE * 4) {
    const c = s.charCodeAt(e);
    if (c === 92) e += 2;
    else if (c === 34) break;
    else e++;
  }
  try {
    return JSON.parse(s.slice(j, e + 1)) as string;
  } catch {
    return s.slice(j + 1, e);
  }
}

// --- JSON lines

const ERROR_LEVELS = new Set(['ERROR', 'FATAL', 'CRITICAL', 'error', 'fatal', 'critical', 'Error', 'Fatal', 'Critical']);

function jsonError(line: string, i: number): ErrorLine | null {
  // Cheap look before parsing: most JSON application lines are not errors.
  if (
    line.indexOf('ERROR', i) < 0 &&
    line.indexOf('FATAL', i) < 0 &&
    line.indexOf('CRITICAL', i) < 0 &&
    line.indexOf('rror', i) < 0 &&
    line.indexOf('RROR', i) < 0
  ) {
    return null;
  }
  if (line.length > MAX_JSON_ERROR_LINE) return null;
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const level = o.level ?? o.log_level ?? o.levelname ?? o.severity ?? o.severityText;
  const isErrorLevel = typeof level === 'string' && ERROR_LEVELS.has(level);
  const errorType = typeof o.errorType === 'string' ? o.errorType : null;
  const errorMessage = typeof o.errorMessage === 'string' ? o.errorMessage : null;
  const rid = o.requestId ?? o.AWSRequestId ?? o.awsRequestId ?? o.aws_request_id ?? o.request_id;
  const requestId = typeof rid === 'string' ? rid : null;
  const rawMessage = o.message ?? o.msg;
  const hasMessage = rawMessage !== undefined;
  // The runtimes' own report of an unhandled error: an error object with no log message beside it
  // (Java, Go, Ruby, .NET; Python's JSON format adds log_level and requestId).
  if (errorType !== null && !hasMessage && (level === undefined || isErrorLevel)) {
    return make(joinTypeMessage(errorType, errorMessage), errorType, requestId, true);
  }
  if (!isErrorLevel) {
    if (errorType !== null && errorType.includes('OutOfMemory')) {
      return make(joinTypeMessage(errorType, errorMessage), errorType, requestId, true);
    }
    return null;
  }
  let text: string;
  if (typeof rawMessage === 'string') text = rawMessage;
  else if (rawMessage !== undefined && rawMessage !== null) text = JSON.stringify(rawMessage) ?? '';
  else text = '';
  // Node.js JSON format: message "Invoke Error" with the error fields beside it or inside it.
  if (nodeFatal(text) || (typeof rawMessage === 'object' && rawMessage !== null)) {
    let t = errorType;
    let m = errorMessage;
    if (typeof rawMessage === 'object' && rawMessage !== null) {
      const inner = rawMessage as Record<string, unknown>;
      if (typeof inner.errorType === 'string') t = t ?? inner.errorType;
      if (typeof inner.errorMessage === 'string') m = m ?? inner.errorMessage;
    } else if (t === null && m === null) {
      const emb = embeddedErrorObject(text);
      t = emb.type;
      m = emb.message;
    }
    const fatal = nodeFatal(text);
    if (t !== null || m !== null) return make(joinTypeMessage(t, m), t, requestId, fatal, text);
    return make(firstLine(text), null, requestId, fatal);
  }
  if (errorType !== null) return make(joinTypeMessage(errorType, errorMessage ?? text), errorType, requestId, false);
  return make(firstLine(text), typeOf(text), requestId, false);
}

// --- `[ERROR] ...` (Python), `[FATAL]`, `[Error]`

function bracketError(line: string, i: number): ErrorLine | null {
  const close = line.indexOf(']', i);
  if (close < 0 || close - i > 12) return bareError(line, i);
  const level = line.slice(i + 1, close);
  if (!ERROR_LEVELS.has(level)) {
    return line.includes('MemoryError') || line.includes('OutOfMemory') ? bareError(line, close + 1) : null;
  }
  const sep = line.charCodeAt(close + 1);
  if (sep === 9 /* \t */) {
    // Python logging: [ERROR]\t<ts>\t<requestId>\t<message>
    const t1 = line.indexOf('\t', close + 2);
    const t2 = t1 < 0 ? -1 : line.indexOf('\t', t1 + 1);
    if (t1 > 0 && t2 > 0) {
      const requestId = line.slice(t1 + 1, t2);
      const text = firstLine(line, t2 + 1);
      return make(text, typeOf(text), requestId, false, line);
    }
    const text = firstLine(line, close + 2);
    return make(text, typeOf(text), null, false, line);
  }
  // Python's runtime on an unhandled error: "[ERROR] Type: message" then the traceback (lines
  // joined by \n or, in older runtimes, \r).
  const text = firstLine(line, close + 1);
  const type = identifierBeforeColon(text) ?? typeOf(text);
  const fatal = level === 'ERROR' && (type !== null || line.includes('Traceback (most recent call last)'));
  return make(text, type, null, fatal, type === 'MemoryError' ? 'MemoryError' : '');
}

// --- lines that start with a timestamp: Node.js tab format, log4j, Go's log package

/** How far into a line its level token may stand (after a timestamp and a request id). */
const MAX_LEVEL_AT = 160;

const LEVEL_TOKENS = ['ERROR', 'FATAL', 'CRITICAL'];

/** Position of the first level token (ERROR/FATAL/CRITICAL, bare or in brackets) near the start. */
function levelTokenAt(line: string, i: number): { at: number; end: number } | null {
  let best = -1;
  let bestEnd = -1;
  for (const level of LEVEL_TOKENS) {
    let k = line.indexOf(level, i);
    while (k >= 0 && k - i <= MAX_LEVEL_AT) {
      let a = k;
      let e = k + level.length;
      if (line.charCodeAt(a - 1) === 91 /* [ */ && line.charCodeAt(e) === 93 /* ] */) {
        a--;
        e++;
      }
      if ((a === i || isWs(line.charCodeAt(a - 1))) && (e === line.length || isWs(line.charCodeAt(e)))) {
        if (best < 0 || a < best) {
          best = a;
          bestEnd = e;
        }
        break;
      }
      k = line.indexOf(level, k + 1);
    }
  }
  return best < 0 ? null : { at: best, end: bestEnd };
}

/** The whitespace-separated token that ends just before position `end` (after its blanks). */
function tokenBefore(line: string, from: number, end: number): string | null {
  let e = end;
  while (e > from && isWs(line.charCodeAt(e - 1))) e--;
  let a = e;
  while (a > from && !isWs(line.charCodeAt(a - 1))) a--;
  return e > a ? line.slice(a, e) : null;
}

function tokenLevelError(line: string, i: number): ErrorLine | null {
  // Native scans first: most lines that start with a timestamp are not errors.
  const lvl = levelTokenAt(line, i);
  if (lvl === null) {
    if (line.includes('JavaScript heap out of memory') || line.includes('java.lang.OutOfMemoryError')) {
      return make(firstLine(line, i), null, null, true, line);
    }
    return null;
  }
  const n = line.length;
  let m = lvl.end;
  while (m < n && (line.charCodeAt(m) === 32 || line.charCodeAt(m) === 9)) m++;
  const text = line.slice(m, Math.min(n, m + MAX_MESSAGE * 8));
  const prev = tokenBefore(line, i, lvl.at);
  const requestId = prev !== null && looksLikeRequestId(prev) ? prev : null;
  if (nodeFatal(text)) {
    const emb = embeddedErrorObject(text);
    const msg = emb.type !== null || emb.message !== null ? joinTypeMessage(emb.type, emb.message) : firstLine(text);
    return make(msg, emb.type, requestId, true, text);
  }
  const first = firstLine(text);
  return make(first, typeOf(first), requestId, false, text);
}

function looksLikeRequestId(tok: string): boolean {
  if (tok === 'undefined') return true;
  if (tok.length < 8 || tok.length > 64) return false;
  let dash = false;
  for (let k = 0; k < tok.length; k++) {
    const c = tok.charCodeAt(k);
    if (c === 45) dash = true;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90))) return false;
  }
  return dash || tok.length === 32;
}

// --- other shapes

/**
 * The JVM's stack frames after the first line (`\tat pkg.Class.method(File.java:12)`): an
 * exception printed whole, as the runtime prints one nobody caught. Node's frames (four spaces)
 * are not taken: `console.log(err)` prints those for errors that were handled.
 */
function hasStackFrames(line: string, i: number): boolean {
  const k = line.indexOf('\tat ', i);
  if (k < 0 || k - i > 64 * 1024) return false;
  const c = line.charCodeAt(k - 1);
  return c === 10 || c === 13;
}

function bareError(line: string, i: number): ErrorLine | null {
  if (line.startsWith('Traceback (most recent call last):', i)) {
    // The exception is the last unindented line of the block, when the block is all in one event.
    const lines = line.slice(i, i + 64 * 1024).split(/\r?\n|\r/);
    for (let k = lines.length - 1; k > 0; k--) {
      const l = lines[k] ?? '';
      if (l.length > 0 && !isWs(l.charCodeAt(0))) {
        const text = clip(l.trim());
        return make(text, typeOf(text), null, false);
      }
    }
    return make('Traceback (most recent call last)', null, null, false);
  }
  if (line.startsWith('Exception in thread', i)) {
    const q = line.indexOf('" ', i);
    const text = firstLine(line, q > 0 ? q + 2 : i);
    return make(text, typeOf(text), null, false, line.slice(i, i + 2000));
  }
  if (line.startsWith('FATAL ERROR:', i) || line.startsWith('fatal error:', i)) {
    const text = firstLine(line, i);
    return make(text, null, null, true, text);
  }
  if (line.startsWith('panic: ', i)) {
    const text = firstLine(line, i + 7);
    return make(text, 'panic', null, true);
  }
  if (line.startsWith('MemoryError', i)) return make(firstLine(line, i), 'MemoryError', null, false);
  // A line that starts with an exception: "java.lang.IllegalStateException: ...", "TypeError: ..."
  const c = line.charCodeAt(i);
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) {
    let e = i;
    const lim = Math.min(line.length, i + 160);
    while (e < lim) {
      const d = line.charCodeAt(e);
      if (d === 58 /* : */ || isWs(d)) break;
      e++;
    }
    const tok = line.slice(i, e);
    const endsAtSeparator = e === line.length || line.charCodeAt(e) === 58 || isWs(line.charCodeAt(e));
    // "Error" alone starts too many plain sentences; take it only as "Error: ...".
    const exceptionName = tok !== 'Error' && /(Error|Exception)$/.test(tok);
    const plainError = tok === 'Error' && line.startsWith(': ', e);
    if (endsAtSeparator && (exceptionName || plainError)) {
      const text = firstLine(line, i);
      // With its stack frames in the same event, it is the runtime's (or the JVM's) report of an
      // exception nobody caught: the invocation failed.
      const withStack = hasStackFrames(line, i);
      return make(text, plainError ? null : tok, null, withStack && exceptionName, withStack ? line.slice(i, i + 4096) : '');
    }
  }
  if (line.includes('JavaScript heap out of memory') || line.includes('java.lang.OutOfMemoryError')) {
    return make(firstLine(line, i), null, null, true, line);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// folding

/** Longest input read for a group key; a key is at most this long too. */
const MAX_FOLD_INPUT = 1000;
const MAX_KEY = 300;

/** A replacement: a fixed placeholder or a function of the match. */
type Fold = [RegExp, string | ((match: string, ...rest: unknown[]) => string)];

/** Quoted values: free text (blanks, or long) folds whole; an identifier keeps its name and folds inside. */
function foldQuoted(m: string): string {
  const inner = m.slice(1, -1);
  return /\s/.test(inner) || inner.length > 64 ? '<str>' : m;
}

/**
 * Runs of hex digits between non-alphanumerics (so `ord_1a2b3c` and `invoice-9f3e2a.ftl` fold):
 * with a digit and a letter in them, or right after `_` (an id suffix), whatever they hold.
 */
function foldHex(m: string, ...rest: unknown[]): string {
  const offset = rest[rest.length - 2] as number;
  const whole = rest[rest.length - 1] as string;
  if (whole.charCodeAt(offset - 1) === 95 /* _ */) return '<hex>';
  return /\d/.test(m) && /[a-fA-F]/.test(m) ? '<hex>' : m;
}

// Each pattern is linear (no nested quantifiers, bounded repeats), and the input is cut to
// MAX_FOLD_INPUT characters before any of them run.
const FOLDS: Fold[] = [
  // ISO 8601 and "2024-05-19 06:10:35.743" timestamps
  [/\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  // UUIDs, including AWS doc ids that carry "xmpl"
  [/\b[0-9a-zA-Z]{8}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{4}-[0-9a-zA-Z]{12}\b/g, '<uuid>'],
  // X-Ray trace ids
  [/\b1-[0-9a-fA-F]{8}-[0-9a-zA-Z]{24}\b/g, '<trace>'],
  // ARNs
  [/\barn:aws[\w-]*:[^\s'"]{1,400}/g, '<arn>'],
  // e-mail addresses
  [/\b[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}\b/g, '<email>'],
  // IPv4, with a port
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, '<ip>'],
  // IPv6 (full or compressed, at least three groups)
  [/(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}(?::|[0-9a-fA-F]{1,4})(?![\w:])/g, '<ip>'],
  // file paths (or file names) with a line number: /var/task/index.js:12:34, Handler.java:42
  [/(?:file:\/\/)?(?:[A-Za-z]:)?[\w./\\@$~-]{0,300}\.[A-Za-z]{1,6}:\d+(?::\d+)?/g, '<path>'],
  // quoted values, not apostrophes inside words
  [/(?<!\w)'[^'\n]{0,300}'(?!\w)|"[^"\n]{0,300}"|`[^`\n]{0,300}`/g, foldQuoted],
  // hex ids
  [/\b0x[0-9a-fA-F]+\b/g, '<hex>'],
  [/(?<![A-Za-z0-9])[0-9a-fA-F]{4,64}(?![A-Za-z0-9])/g, foldHex],
  // long mixed ids (AWS request ids, tokens): 16+ letters and digits with both in them
  [/\b(?=[A-Za-z0-9]{0,128}\d)(?=[A-Za-z0-9]{0,128}[A-Za-z])[A-Za-z0-9]{16,128}\b/g, '<id>'],
  // numbers: decimals, and integers of four digits or more (ids, counts, sizes); shorter ones
  // (status codes, small counts) say which error it is. Not the 3 of s3 or the 2 of ec2.
  [/(?<![A-Za-z_\d.<])(?:\d+\.\d+|\d{4,})(?!\d|\.\d)/g, '<n>'],
];

/**
 * Fold the parts of an error message that differ between occurrences of one bug into
 * placeholders, so that one bug is one group. Reads the first line only.
 *
 * Placeholders: `<time>`, `<uuid>`, `<trace>` (X-Ray), `<arn>`, `<email>`, `<ip>`, `<path>` (a
 * file with a line number), `<str>` (quoted free text), `<hex>`, `<id>` (long mixed ids) and `<n>`
 * (decimals, and integers of four digits or more). What names the error stays: quoted
 * identifiers (`KeyError: 'user_id'`), status codes and small counts (`returned 503`), words.
 */
export function foldMessage(msg: string): string {
  if (typeof msg !== 'string') return '';
  let s = msg.length > MAX_FOLD_INPUT ? msg.slice(0, MAX_FOLD_INPUT) : msg;
  const nl = s.search(/[\r\n]/);
  if (nl >= 0) {
    const first = s.slice(0, nl).trim();
    s = first.length > 0 ? first : s.trim().split(/[\r\n]+/)[0] ?? '';
  }
  for (const [re, placeholder] of FOLDS) {
    s = typeof placeholder === 'string' ? s.replace(re, placeholder) : s.replace(re, placeholder);
  }
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > MAX_KEY ? s.slice(0, MAX_KEY) : s;
}
