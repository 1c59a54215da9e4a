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

/** Exit code of coreutils `timeout` when it had to stop the command. */
export const TIMED_OUT = 124;

/**
 * The batch as shell text: each item runs under `timeout` with its output in files, then
 * one header `<<<lvslab batch TAG CODE…>>>` (`-` for an item that did not run), the
 * sizes of the items' stdout and stderr one per line, and the outputs themselves, so
 * nothing a command prints can be mistaken for the framing. Every process costs ~20 ms
 * on an emulated CPU, so the framing spends three for the whole batch (stat, cat, rm).
 * `tag` tells apart batches sent one after another to the same shell (see session).
 */
export function batchScript(items: readonly BatchItem[], tag = 0): string {
  const f = `"\${TMPDIR:-/tmp}/lvslab-$$-${tag}`;
  const lines = ['stop=0; codes=; set --'];
  items.forEach((item, i) => {
    const seconds = Math.max(1, Math.ceil(item.timeoutMs / 1000));
    const run = `timeout -k 2 ${seconds}s ${item.argv.map(quote).join(' ')} </dev/null >${f}.${i}o" 2>${f}.${i}e"; c=$?; codes="$codes $c"; set -- "$@" ${f}.${i}o" ${f}.${i}e"`;
    lines.push(item.stopOnFailure ? `if [ "$stop" -eq 0 ]; then ${run}; [ "$c" -eq 0 ] || stop=1; else codes="$codes -"; fi` : run);
  });
  lines.push(`printf '<<<lvslab batch ${tag}%s>>>\\n' "$codes"`, 'if [ $# -gt 0 ]; then stat -c %s "$@"; cat "$@"; rm -f "$@"; fi');
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
