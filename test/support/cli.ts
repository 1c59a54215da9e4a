// Runs the bundled CLI (dist/cli.js) as a user would, with --json, in English.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './engine';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cli(args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 30 * 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // English whatever the caller's locale: the tests read English sentences (pass --lang zh-cn for Chinese).
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { env: { ...env, LC_ALL: 'C.UTF-8' }, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** Runs a CLI command with --json and returns its parsed output; fails loudly otherwise. */
export async function cliJson<T>(args: string[], env?: NodeJS.ProcessEnv): Promise<T> {
  const r = await cli([...args, '--json'], env);
  if (r.code !== 0) throw new Error(`lvs-lab ${args.join(' ')} exited ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout) as T;
}
