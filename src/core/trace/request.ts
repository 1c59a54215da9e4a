// The one request a trace follows: curl from the client to the VIP on a fresh connection, closed after the
// answer, printing the page's first line (the real server's name) and the source port (the connection to follow).
const WRITE_OUT = '\n@@lvslab-request %{http_code} %{local_port} %{exitcode}\n';

export function requestArgv(vip: string, port: number, timeoutSeconds: number): string[] {
  return [
    'curl',
    '--silent',
    '--show-error',
    '--max-time',
    String(timeoutSeconds),
    '--header',
    'Connection: close',
    '--write-out',
    WRITE_OUT,
    `http://${vip}:${port}/`,
  ];
}

export interface RequestResult {
  status: number;
  /** The client's source port: the connection the trace follows. */
  localPort: number;
  /** The page's first line: the real server's name. */
  page: string;
}

/** What curl printed, or undefined when it printed no write-out line (it could not run). */
export function parseRequest(stdout: string): RequestResult | undefined {
  const m = /\n?@@lvslab-request (\d+) (\d+) (\d+)\n?$/.exec(stdout);
  if (!m) return undefined;
  const page = stdout.slice(0, m.index).split('\n')[0].trim();
  return { status: Number(m[1]), localPort: Number(m[2]), page };
}
