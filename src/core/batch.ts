// Several commands on one node in one exec: under emulation every exec costs a round
// trip of ~0.6 s, so a node's checks, or its commands and their checks, go together.
// Each command keeps its own argv (quoted, never pasted), limit, stdout, stderr and exit
// code; after a failing command marked `stopOnFailure`, the later ones of that kind do not run.
import { quote } from 'shlex';
import type { ExecResult } from './exec';

export interface BatchItem {
  argv: string[];
  timeoutMs: number;
  /** A command: when it fails, no later command of the batch runs (checks still do). */
  stopOnFailure?: boolean;
}

/** Exit code of an item its limit stopped (coreutils `timeout`'s, which single execs still use). */
export const TIMED_OUT = 124;

/**
 * Stops the item past its limit, for the whole batch in one process: an emulated CPU pays
 * ~40 ms for each `timeout` it would start instead. Each second it reads the running item's
 * "pid limit" from $f.t; once that item has run its limit it notes the pid in $f.k and sends
 * TERM to it and its children (as `timeout` does to its group; the item is held stopped
 * meanwhile so it cannot act on a child's end first), KILL two seconds later.
 * Its output goes nowhere, so its last `sleep` never holds an exec's stream open.
 */
const WATCHDOG = `: >"$f.t"; : >"$f.k"
(
  p0=; n=0
  while sleep 1; do
    read p s <"$f.t" || continue
    [ "$p" = "$p0" ] || { p0=$p; n=0; }
    n=$((n + 1))
    if [ "$n" -eq $((s + 1)) ]; then echo "$p" >"$f.k"; kill -STOP "$p"; pkill -TERM -P "$p"; kill -TERM "$p"; kill -CONT "$p"
    elif [ "$n" -eq $((s + 3)) ]; then pkill -KILL -P "$p"; kill -KILL "$p"; fi
  done
) </dev/null >/dev/null 2>&1 &
w=$!`;

/**
 * The batch as shell text: each item runs in the background with its output in files while
 * the shell waits for it (the watchdog above keeps its limit), then one header
 * `<<<lvslab batch TAG CODE…>>>` (`-` for an item that did not run), the sizes of the
 * items' stdout and stderr one per line, and the outputs themselves, so nothing a command
 * prints can be mistaken for the framing. Every process costs ~20 ms on an emulated CPU,
 * so the framing spends three for the whole batch (stat, cat, rm).
 * `tag` tells apart batches sent one after another to the same shell (see session).
 */
export function batchScript(items: readonly BatchItem[], tag = 0): string {
  const lines = ['stop=0; codes=; set --', `f="\${TMPDIR:-/tmp}/lvslab-$$-${tag}"`, WATCHDOG];
  items.forEach((item, i) => {
    const seconds = Math.max(1, Math.ceil(item.timeoutMs / 1000));
    const run =
      `${item.argv.map(quote).join(' ')} </dev/null >"$f.${i}o" 2>"$f.${i}e" & p=$!; echo "$p ${seconds}" >"$f.t"; wait "$p" 2>/dev/null; c=$?; ` +
      `if read k <"$f.k" && [ "$k" = "$p" ]; then c=${TIMED_OUT}; fi; codes="$codes $c"; set -- "$@" "$f.${i}o" "$f.${i}e"`;
    lines.push(item.stopOnFailure ? `if [ "$stop" -eq 0 ]; then ${run}; [ "$c" -eq 0 ] || stop=1; else codes="$codes -"; fi` : run);
  });
  lines.push(
    'kill "$w" 2>/dev/null',
    `printf '<<<lvslab batch ${tag}%s>>>\\n' "$codes"`,
    'if [ $# -gt 0 ]; then stat -c %s "$@"; cat "$@"; fi; rm -f "$@" "$f.t" "$f.k"',
  );
  return lines.join('\n') + '\n';
}

/** The batch as one `sh -c` exec. */
export function batchArgv(items: readonly BatchItem[]): string[] {
  return ['sh', '-c', batchScript(items)];
}

/** The whole batch's limit: every item's, plus a little for the shell. */
export function batchTimeoutMs(items: readonly BatchItem[]): number {
  return items.reduce((sum, i) => sum + i.timeoutMs + 2000, 5000);
}

const HEADER = /<<<lvslab batch (\d+)((?: (?:\d+|-))*)>>>\n/y;

/**
 * One batch's results read from `bytes` at `at`: each item's result in order (undefined
 * where it did not run) and where the batch ends; undefined while its output is incomplete.
 */
export function readBatch(bytes: Buffer, at: number, count: number, tag = 0): { results: (ExecResult | undefined)[]; end: number } | undefined {
  const head = bytes.subarray(at, at + 40 + count * 5).toString('latin1');
  HEADER.lastIndex = 0;
  const m = HEADER.exec(head);
  if (!m) {
    if (head.includes('\n') || head.length >= 40 + count * 5) throw new Error(`unreadable batch output at byte ${at}: ${JSON.stringify(head.slice(0, 40))}`);
    return undefined;
  }
  const codes = m[2].trim() ? m[2].trim().split(' ') : [];
  if (Number(m[1]) !== tag || codes.length !== count) throw new Error(`batch ${m[1]} with ${codes.length} items, expected batch ${tag} with ${count}`);
  const ran = codes.filter((c) => c !== '-').length;
  let pos = at + m[0].length;
  const sizes: number[] = [];
  for (let i = 0; i < 2 * ran; i++) {
    const nl = bytes.indexOf(10, pos);
    if (nl < 0) return undefined;
    const line = bytes.subarray(pos, nl).toString('latin1');
    if (!/^\d+$/.test(line)) throw new Error(`unreadable batch output size: ${JSON.stringify(line)}`);
    sizes.push(Number(line));
    pos = nl + 1;
  }
  if (bytes.length < pos + sizes.reduce((a, b) => a + b, 0)) return undefined;
  const take = (n: number) => bytes.subarray(pos, (pos += n)).toString('utf8');
  let s = 0;
  const results = codes.map((code): ExecResult | undefined => {
    if (code === '-') return undefined;
    const exitCode = Number(code);
    return { exitCode, stdout: take(sizes[s++]), stderr: take(sizes[s++]) };
  });
  return { results, end: pos };
}

/** Each item's result, in order, from a whole `sh -c` batch's stdout; undefined for an item that did not run. */
export function parseBatch(stdout: string, count: number): (ExecResult | undefined)[] {
  const read = readBatch(Buffer.from(stdout, 'utf8'), 0, count);
  if (!read) throw new Error(`incomplete batch output: ${JSON.stringify(stdout.slice(0, 80))}`);
  return read.results;
}
