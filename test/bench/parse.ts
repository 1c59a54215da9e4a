// Measurement (not a test): how long parseIpvsadmConns takes over a busy director's connection table.
// Generates 100k `ipvsadm -Lnc` rows from the real rows in test/fixtures/ipvsadm-Lnc-*.txt (their
// protocols, states, services and real servers), varying the client address and port, the state and the
// expiry, printed as ipvsadm's print_conn prints them ("%-3s %-6s %-11s %-18s %-18s %s"). Times the parse
// after a warm-up and prints the median of 5 runs next to the target.
//
//   npm run bench:parse            (ROWS=… RUNS=… to change the size)
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseIpvsadmConns } from '../../src/core/parsers';

const ROWS = Number(process.env.ROWS ?? 100_000);
const RUNS = Number(process.env.RUNS ?? 5);
const TARGET_MS = 100;

const fixtures = join(__dirname, '..', 'fixtures');
const HEADER = 'IPVS connection entries\npro expire state       source             virtual            destination\n';

interface Template {
  protocol: string;
  state: string;
  virtual: string;
  destination: string;
}

/** Every data row of the fixtures, as protocol, state and the service → real server it went through. */
function templates(): Template[] {
  const rows: Template[] = [];
  for (const f of readdirSync(fixtures).filter((n) => /^ipvsadm-Lnc-.*\.txt$/.test(n))) {
    for (const line of readFileSync(join(fixtures, f), 'utf8').split('\n').slice(2)) {
      const t = line.trim().split(/\s+/);
      if (t.length < 6) continue;
      rows.push({ protocol: t[0], state: t[2], virtual: t[4], destination: t[5] });
    }
  }
  if (rows.length === 0) throw new Error(`no ipvsadm -Lnc rows in ${fixtures}`);
  return rows;
}

/** A small deterministic PRNG (mulberry32): the same table every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The longest each state's timer runs (ip_vs_proto_tcp.c / _udp.c defaults, in seconds).
const TIMEOUT: Record<string, number> = {
  ESTABLISHED: 900,
  SYN_SENT: 120,
  SYN_RECV: 60,
  FIN_WAIT: 120,
  TIME_WAIT: 120,
  CLOSE: 10,
  CLOSE_WAIT: 60,
  LAST_ACK: 30,
  LISTEN: 120,
  SYNACK: 120,
  UDP: 300,
  ASSURED: 360,
  NONE: 360,
};
const TCP_STATES = ['ESTABLISHED', 'FIN_WAIT', 'FIN_WAIT', 'FIN_WAIT', 'TIME_WAIT', 'SYN_RECV', 'CLOSE_WAIT', 'CLOSE', 'LAST_ACK', 'SYN_SENT'];

export function generateConnTable(rows: number, seed = 9): string {
  const base = templates();
  const rnd = random(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const out: string[] = [HEADER];
  for (let i = 0; i < rows; i++) {
    const t = pick(base);
    // Templates keep their own state a third of the time; other TCP rows move through the TCP states.
    const state = t.protocol === 'TCP' && t.state !== 'ASSURED' && rnd() > 0.33 ? pick(TCP_STATES) : t.state;
    const left = Math.floor(rnd() * ((TIMEOUT[state] ?? 120) + 1));
    const expire = `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
    // Clients from 10.77.0.0/14, ports from Linux's ephemeral range; persistence templates keep port 0.
    const client = `10.${77 + Math.floor(rnd() * 4)}.${Math.floor(rnd() * 256)}.${1 + Math.floor(rnd() * 254)}`;
    const port = state === 'ASSURED' || state === 'NONE' ? 0 : 32768 + Math.floor(rnd() * 28232);
    out.push(`${pad(t.protocol, 3)} ${pad(expire, 6)} ${pad(state, 11)} ${pad(`${client}:${port}`, 18)} ${pad(t.virtual, 18)} ${t.destination}\n`);
  }
  return out.join('');
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function main() {
  const text = generateConnTable(ROWS);
  const parsed = parseIpvsadmConns(text).length;
  if (parsed !== ROWS) throw new Error(`parsed ${parsed} rows, generated ${ROWS}`);
  // Warm-up: let the JIT see the parser before it is timed.
  for (let i = 0; i < 3; i++) parseIpvsadmConns(text);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    parseIpvsadmConns(text);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const ms = median(times);
  const verdict = ms <= TARGET_MS * (ROWS / 100_000) ? 'within target' : 'OVER TARGET';
  console.log(`parseIpvsadmConns: ${ROWS.toLocaleString('en-US')} rows (${(text.length / 1e6).toFixed(1)} MB of text)`);
  console.log(`  runs (ms): ${times.map((t) => t.toFixed(1)).join(', ')}`);
  console.log(`  median: ${ms.toFixed(1)} ms   target: <= ${TARGET_MS} ms per 100k rows   ${verdict}`);
  // Wall-clock times: other work on the machine shows in them.
  console.log(`  (${cpus().length} CPUs, load average ${loadavg()[0].toFixed(2)})`);
  console.log(JSON.stringify({ bench: 'parseIpvsadmConns', rows: ROWS, runsMs: times, medianMs: ms, targetMs: TARGET_MS }));
}

if (require.main === module) main();
