// parseIpvsadmConns reads the common row (IPv4, six columns) in one regex match and every other row column
// by column. Both ways must agree: the same rows, or the same error on the same line, as the same parser
// with the fast path off gives for the same text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type IpvsConn, parseIpvsadmConns, ParseError } from '../../src/core/parsers';
import { generateConnTable } from '../bench/parse';

/** Every row read column by column, as before the fast path. */
const reference = (text: string) => parseIpvsadmConns(text, { checked: true });

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
