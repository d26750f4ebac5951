/**
 * A first look at messages where they lie in the text they were read from, before any parsing:
 * most lines of a log need no more than that.
 *
 * Quiet application lines. An application line counts only when parseLine (a platform line, a
 * timeout) or extractError (an error) finds something in it, and for the two commonest shapes
 * both look for fixed words first:
 *
 * - a line that starts with a digit (Node.js `<ts>\t<id>\tINFO\t...`, log4j, Go's log): parseLine
 *   wants `Task timed out after`; extractError wants a level token `ERROR`/`FATAL`/`CRITICAL`, or
 *   `JavaScript heap out of memory` / `java.lang.OutOfMemoryError`;
 * - a line that starts with `{` (JSON-format application lines): parseLine wants `platform.`;
 *   extractError wants `ERROR`, `FATAL`, `CRITICAL`, `rror` or `RROR`.
 *
 * A line with none of those words is quiet: both give null for it. This list must keep pace with
 * those two functions: test/analysis/quiet.test.ts holds it to them.
 *
 * END and START lines. `END RequestId: <id>` counts as a platform line and nothing more; of
 * `START RequestId: <id> ...` only the id matters. Both are told here as parseLine tells them
 * (the id is the token after the keyword and its blanks; none, and parseLine reports the line
 * unreadable, so it is left to it).
 *
 * Words and characters are searched in the whole text, each one once (native scans, remembered
 * until a message past them asks again), so a message costs a few comparisons and no string.
 */

const WORDS = [
  'Task timed out after',
  'RROR',
  'FATAL',
  'CRITICAL',
  'JavaScript heap out of memory',
  'java.lang.OutOfMemoryError',
  'platform.',
  'rror',
  'END RequestId:',
  'START RequestId:',
  // The whitespace that ends a token (isWs of logline.ts), but for `\n`: no line holds one.
  ' ',
  '\t',
  '\r',
  '\v',
  '\f',
] as const;

/** The words that make a line that starts with a digit worth parsing (indexes in WORDS). */
const DIGIT_LINE = [0, 1, 2, 3, 4, 5];
/** The words that make a line that starts with `{` worth parsing. */
const JSON_LINE = [6, 7, 1, 2, 3];
const END_WORD = 8;
const START_WORD = 9;
const TOKEN_ENDS = [10, 11, 12, 13, 14];

function isSpaceOrTab(c: number): boolean {
  return c === 32 || c === 9;
}

/** Whitespace as parseLine's readers take it (tab to carriage return, and space). */
function isWs(c: number): boolean {
  return c <= 32 && (c === 32 || (c >= 9 && c <= 13));
}

/** What `kind` says of a message. */
export const NOT_QUIET = 0;
export const QUIET = 1;
/** A quiet line that starts with `{`: a JSON-format application line. */
export const QUIET_JSON = 2;
/** A text-format END line with its request id. */
export const END_LINE = 3;
/** A text-format START line; its request id is text[idStart, idEnd). */
export const START_LINE = 4;

export class QuietLines {
  private text = '';
  /** Per word, its first place at or after the last place asked for (the text's length: none). */
  private readonly next = new Float64Array(WORDS.length);
  /** The request id of a START_LINE. */
  idStart = 0;
  idEnd = 0;

  /** The messages asked about next are in this text. */
  setText(text: string): void {
    this.text = text;
    this.next.fill(-1);
  }

  /** What text[start, end) is (see the constants); messages must be asked about in order. */
  kind(start: number, end: number): number {
    const c = this.text.charCodeAt(start);
    if (c >= 48 && c <= 57) return this.none(DIGIT_LINE, start, end) ? QUIET : NOT_QUIET;
    if (c === 123) return this.none(JSON_LINE, start, end) ? QUIET_JSON : NOT_QUIET;
    if (c === 69 /* E */ && this.at(END_WORD, start) === start) {
      // An id is there when the first character after the blanks is not whitespace itself.
      let a = start + 14;
      while (a < end && isSpaceOrTab(this.text.charCodeAt(a))) a++;
      return a < end && !isWs(this.text.charCodeAt(a)) ? END_LINE : NOT_QUIET;
    }
    if (c === 83 /* S */ && this.at(START_WORD, start) === start) {
      return this.idAfter(start + 16, end) ? START_LINE : NOT_QUIET;
    }
    return NOT_QUIET;
  }

  /** The first place of word `w` at or after p. */
  private at(w: number, p: number): number {
    let at = this.next[w] as number;
    if (at < p) {
      const k = this.text.indexOf(WORDS[w] as string, p);
      at = k < 0 ? this.text.length : k;
      this.next[w] = at;
    }
    return at;
  }

  private none(words: readonly number[], start: number, end: number): boolean {
    // A word that starts inside the message (even one that runs past its end): not quiet.
    for (let i = 0; i < words.length; i++) if (this.at(words[i] as number, start) < end) return false;
    return true;
  }

  /** The token after p's spaces and tabs, before end, as readId finds it: sets idStart/idEnd. */
  private idAfter(p: number, end: number): boolean {
    const t = this.text;
    let a = p;
    while (a < end && isSpaceOrTab(t.charCodeAt(a))) a++;
    let b = end;
    for (let i = 0; i < TOKEN_ENDS.length; i++) {
      const k = this.at(TOKEN_ENDS[i] as number, a);
      if (k < b) b = k;
    }
    this.idStart = a;
    this.idEnd = b;
    return b > a;
  }
}
