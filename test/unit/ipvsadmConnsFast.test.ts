// parseIpvsadmConns reads the common row (IPv4, six columns) in one regex match and every other row column
// by column. Both ways must agree: the same rows, or the same error on the same line, as the parser that
// checks each line column by column (kept below as the reference) gives for the same text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { contentLines, type HostPort, type IpvsConn, parseEndpoint, parseIpvsadmConns, ParseError } from '../../src/core/parsers';
import { generateConnTable } from '../bench/parse';

const CMD = 'ipvsadm -Lnc';

/** parseIpvsadmConns as it was before the fast path: every line split and checked column by column. */
function reference(text: string): IpvsConn[] {
  const lines = contentLines(text);
  const first = lines[0];
  if (!first) throw new ParseError(CMD, 0, '', 'empty output (ipvsadm -Lnc always prints a title)');
  if (!/^IPVS connection entries$/.test(first.text)) {
    const hint = first.text.startsWith('IP Virtual Server version') ? ' (this looks like ipvsadm -Ln output)' : '';
    throw new ParseError(CMD, first.n, first.text, `should be "IPVS connection entries"${hint}`);
  }
  const columns = lines[1];
  if (!columns || !/^pro\s+expire\s+state\s+source\s+virtual\s+destination(\s+pe name\s+pe_data)?$/.test(columns.text)) {
    const at = columns ?? first;
    throw new ParseError(CMD, at.n, at.text, 'should be the column title "pro expire state source virtual destination"');
  }
  return lines.slice(2).map((line) => {
    const t = line.text.trim().split(/\s+/);
    if (t.length < 6 || t.length > 8) throw new ParseError(CMD, line.n, line.text, 'should have 6 columns: pro expire state source virtual destination');
    const [protocol, expire, state, src, vip, dst, peName, peData] = t as [string, string, string, string, string, string, string?, string?];
    if (!/^[A-Z][A-Za-z0-9]*$/.test(protocol)) throw new ParseError(CMD, line.n, line.text, `has "${protocol}" where a protocol was expected`);
    const m = /^(\d+):([0-5]\d)$/.exec(expire);
    if (!m) throw new ParseError(CMD, line.n, line.text, `has "${expire}" where an mm:ss expire time was expected`);
    if (!/^([A-Z][A-Z0-9_]*|ERR!|\?)$/.test(state)) throw new ParseError(CMD, line.n, line.text, `has "${state}" where a state was expected`);
    const endpoint = (s: string, what: string): HostPort => {
      const e = parseEndpoint(s);
      if (!e) throw new ParseError(CMD, line.n, line.text, `has no numeric ${what} address:port (run ipvsadm with -n)`);
      return e;
    };
    const conn: IpvsConn = {
      protocol,
      expireSeconds: Number(m[1]) * 60 + Number(m[2]),
      expire,
      state,
      source: endpoint(src, 'source'),
      virtual: endpoint(vip, 'virtual'),
      destination: endpoint(dst, 'destination'),
    };
    if (peName !== undefined) conn.peName = peName;
    if (peData !== undefined) conn.peData = peData;
    return conn;
  });
}

type Outcome = { rows: IpvsConn[] } | { error: string; lineNumber: number };
function outcome(parse: (text: string) => IpvsConn[], text: string): Outcome {
  try {
    return { rows: parse(text) };
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    return { error: e.message, lineNumber: e.lineNumber };
  }
}
const agree = (text: string, what: string) => assert.deepEqual(outcome(parseIpvsadmConns, text), outcome(reference, text), what);

const fixtures = join(__dirname, '..', 'fixtures');
const HEAD = 'IPVS connection entries\npro expire state       source             virtual            destination\n';
const ROW = 'TCP 01:58  FIN_WAIT    10.77.2.10:52976   10.77.2.100:80     10.77.2.12:80';

describe('ipvsadm -Lnc: the fast path agrees with the column-by-column parser', () => {
  test('on every capture', () => {
    for (const f of readdirSync(fixtures).filter((n) => /^ipvsadm-Lnc-.*\.txt$/.test(n))) agree(readFileSync(join(fixtures, f), 'utf8'), f);
  });

  test("on the benchmark's generated table", () => {
    const text = generateConnTable(5000, 3);
    agree(text, 'generated');
    assert.equal(parseIpvsadmConns(text).length, 5000);
  });

  test('on rows the fast path leaves to the column-by-column parser, and on broken ones', () => {
    const rows = [
      ROW,
      `  ${ROW}`,
      ROW.replace(/ {2,}/g, '\t'),
      `${ROW}\r`,
      `${ROW} \t `,
      `${ROW}\u00a0`,
      ROW.replace('FIN_WAIT', 'ERR!'),
      ROW.replace('FIN_WAIT', '?'),
      ROW.replace('FIN_WAIT', 'fin_wait'),
      ROW.replace('TCP', 'SCTP').replace('FIN_WAIT', 'COOKIE_ECHOED'),
      ROW.replace('TCP', 'tcp'),
      ROW.replace('01:58', '123:59'),
      ROW.replace('01:58', '01:60'),
      ROW.replace('01:58', '1:5'),
      ROW.replace('10.77.2.10', '[fd00:77::10]'),
      ROW.replace('10.77.2.100:80', '[fd00:77::100]:80'),
      ROW.replace('10.77.2.10', '::ffff:10.77.2.10'),
      ROW.replace('10.77.2.10', '256.77.2.10'),
      ROW.replace('10.77.2.10', '010.77.2.10'),
      ROW.replace('10.77.2.10', '10.77.2'),
      ROW.replace(':52976', ':65535'),
      ROW.replace(':52976', ':65536'),
      ROW.replace(':52976', ':123456'),
      ROW.replace(':52976', ':0'),
      ROW.replace('10.77.2.12:80', 'node02:http'),
      `${ROW}     ip_vs_pe_sip  3a2b`,
      `${ROW}     sip`,
      `${ROW} a b c`,
      ROW.replace(/\s+\S+$/, ''),
      'TCP',
      '',
      '   ',
    ];
    for (const row of rows) {
      agree(HEAD + row, JSON.stringify(row));
      agree(`${HEAD}${ROW}\n${row}\n${ROW}\n`, `between rows: ${JSON.stringify(row)}`);
      agree(`\n\r\n${HEAD.replace(/\n/g, '\r\n')}${row}\r\n\r\n${ROW}`, `CRLF, blank lines: ${JSON.stringify(row)}`);
    }
  });

  test('on broken or missing titles', () => {
    for (const text of [
      '',
      '\n\n',
      'IPVS connection entries\n',
      'IPVS connection entries\n' + ROW,
      'IP Virtual Server version 1.2.1\n' + ROW,
      HEAD.replace('pro', 'prot'),
    ]) {
      agree(text, JSON.stringify(text));
    }
  });
});
