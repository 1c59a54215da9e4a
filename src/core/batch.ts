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
 * One `sh -c` script: each item runs under `timeout` with its output in files, then a
 * header `<<<lvslab item I CODE OUTBYTES ERRBYTES>>>` and the two outputs, byte-counted,
 * so nothing a command prints can be mistaken for the framing.
 */
export function batchArgv(items: readonly BatchItem[]): string[] {
  const lines = ['d=$(mktemp -d)', 'stop=0'];
  items.forEach((item, i) => {
    const seconds = Math.max(1, Math.ceil(item.timeoutMs / 1000));
    const run = `timeout -k 2 ${seconds}s ${item.argv.map(quote).join(' ')} >"$d/o" 2>"$d/e"; c=$?; printf '<<<lvslab item ${i} %s %s %s>>>\\n' "$c" "$(wc -c <"$d/o")" "$(wc -c <"$d/e")"; cat "$d/o" "$d/e"`;
    lines.push(item.stopOnFailure ? `if [ "$stop" -eq 0 ]; then ${run}; [ "$c" -eq 0 ] || stop=1; fi` : run);
  });
  lines.push('rm -rf "$d"');
  return ['sh', '-c', lines.join('\n')];
}

/** The whole batch's limit: every item's, plus a little for the shell. */
export function batchTimeoutMs(items: readonly BatchItem[]): number {
  return items.reduce((sum, i) => sum + i.timeoutMs + 2000, 5000);
}

const HEADER = /<<<lvslab item (\d+) (\d+) (\d+) (\d+)>>>\n/y;

/** Each item's result, in order; undefined for an item that did not run. */
export function parseBatch(stdout: string, count: number): (ExecResult | undefined)[] {
  const bytes = Buffer.from(stdout, 'utf8');
  const results: (ExecResult | undefined)[] = new Array<ExecResult | undefined>(count).fill(undefined);
  let at = 0;
  while (at < bytes.length) {
    HEADER.lastIndex = 0;
    const head = bytes.subarray(at, at + 80).toString('latin1');
    const m = HEADER.exec(head);
    if (!m) throw new Error(`unreadable batch output at byte ${at}: ${JSON.stringify(head.slice(0, 40))}`);
    const [i, code, outBytes, errBytes] = m.slice(1).map(Number);
    const start = at + m[0].length;
    results[i] = {
      exitCode: code,
      stdout: bytes.subarray(start, start + outBytes).toString('utf8'),
      stderr: bytes.subarray(start + outBytes, start + outBytes + errBytes).toString('utf8'),
    };
    at = start + outBytes + errBytes;
  }
  return results;
}
