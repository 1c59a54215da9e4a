// Parsers against real captured output (test/fixtures/, see its README.md for how each was captured).
// Broken inputs are made from real fixtures in code (a line replaced, cut, or another command's output),
// never typed by hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  NETSTAT_TCP_STATES,
  ParseError,
  parseNetstat,
} from '../../src/core/parsers';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

/** Replaces line `n` (1-based) of a real fixture. */
function withLine(text: string, n: number, replace: (line: string) => string): string {
  const lines = text.split('\n');
  lines[n - 1] = replace(lines[n - 1]!);
  return lines.join('\n');
}

/** Asserts a ParseError naming line `n`. */
function throwsAtLine(fn: () => unknown, n: number, message?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ParseError, `expected a ParseError, got ${String(err)}`);
    assert.equal(err.lineNumber, n);
    assert.match(err.message, new RegExp(`line ${n}\\b`));
    if (message) assert.match(err.message, message);
    return true;
  });
}

describe('netstat -natp (local capture)', () => {
  const text = fixture('netstat-natp-local.txt');
  const rows = parseNetstat(text);

  test('every row, in order', () => {
    assert.equal(rows.length, 10);
    assert.deepEqual(
      rows.map((r) => r.state),
      ['LISTEN', 'ESTABLISHED', 'TIME_WAIT', 'TIME_WAIT', 'ESTABLISHED', 'LISTEN', 'TIME_WAIT', 'TIME_WAIT', 'CLOSE_WAIT', 'FIN_WAIT2'],
    );
    assert.deepEqual(rows.map((r) => r.proto), ['tcp', 'tcp', 'tcp', 'tcp', 'tcp', 'tcp6', 'tcp6', 'tcp6', 'tcp6', 'tcp6']);
    for (const r of rows) assert.ok((NETSTAT_TCP_STATES as readonly string[]).includes(r.state!));
  });

  test('IPv4 LISTEN with its program, foreign "*" port as null', () => {
    assert.deepEqual(rows[0], {
      proto: 'tcp',
      recvQ: 0,
      sendQ: 0,
      local: { ip: '127.0.0.1', port: 8099 },
      foreign: { ip: '0.0.0.0', port: null },
      state: 'LISTEN',
      pid: 8463,
      program: 'python3',
    });
  });

  test('IPv6 ":::8098" and ":::*"', () => {
    assert.deepEqual(rows[5]!.local, { ip: '::', port: 8098 });
    assert.deepEqual(rows[5]!.foreign, { ip: '::', port: null });
    assert.deepEqual(rows[8]!.local, { ip: '::1', port: 36188 });
  });

  test('"-" means no process (TIME_WAIT); queues are numbers', () => {
    assert.equal(rows[2]!.pid, null);
    assert.equal(rows[2]!.program, null);
    assert.deepEqual([rows[4]!.pid, rows[4]!.program], [8459, 'bash']);
    assert.equal(rows[8]!.recvQ, 1135);
    assert.equal(rows[8]!.sendQ, 0);
  });

  test('without -p the PID column is absent: pid/program null, states still read', () => {
    const noP = parseNetstat(fixture('netstat-nat-local-no-p.txt'));
    assert.equal(noP.length, 10);
    assert.ok(noP.every((r) => r.pid === null && r.program === null));
    assert.deepEqual(noP.map((r) => r.state), rows.map((r) => r.state));
    assert.deepEqual(noP.map((r) => r.local), rows.map((r) => r.local));
  });

  test('tolerates CRLF, blank lines and trailing spaces', () => {
    const messy = '\n\n' + text.split('\n').map((l) => l + '   ').join('\r\n\n') + '\n\n';
    assert.deepEqual(parseNetstat(messy), rows);
  });

  test('errors name the offending line', () => {
    throwsAtLine(() => parseNetstat(withLine(text, 4, (l) => l.replace('ESTABLISHED 8463/python3', 'ESTABLISHED python3'))), 4, /PID\/Program/);
    throwsAtLine(() => parseNetstat(withLine(text, 5, (l) => l.replace('127.0.0.1:8099', 'localhost:http'))), 5, /-n/);
    throwsAtLine(() => parseNetstat(withLine(text, 3, (l) => l.replace(/^tcp /, 'xyz '))), 3, /not a netstat socket row/);
    throwsAtLine(() => parseNetstat(text.split('\n').slice(1).join('\n')), 1, /Active Internet connections/);
    assert.throws(() => parseNetstat(''), /netstat -natp: empty output/);
    assert.throws(() => parseNetstat('\n  \n'), ParseError);
  });
});
