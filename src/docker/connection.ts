// Where the Docker engine is, in the Docker CLI's order: our setting, DOCKER_HOST,
// the current Docker context (dockerode does not read contexts), the platform default.
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker, { type DockerOptions } from 'dockerode';
import { boundCalls, type ApiTimeouts } from './bounded';

export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';

export interface Endpoint {
  source: EndpointSource;
  /** The endpoint as a URL, e.g. unix:///var/run/docker.sock. */
  host: string;
  /** Context name when source is 'context'. */
  context?: string;
  options: DockerOptions;
}

export interface ResolveInput {
  setting?: string;
  env?: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
}

/** Errors meaning no Docker engine answers there (as opposed to one refusing a request). */
const UNREACHABLE = ['ENOENT', 'ECONNREFUSED', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EPROTO'];

export function isUnreachable(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return !!code && UNREACHABLE.includes(code);
}

export function resolveEndpoint(input: ResolveInput = {}): Endpoint {
  const env = input.env ?? process.env;
  const home = input.home ?? homedir();
  const platform = input.platform ?? process.platform;
  const dockerConfigDir = env.DOCKER_CONFIG || join(home, '.docker');

  if (input.setting?.trim()) return endpoint('setting', input.setting.trim(), env, dockerConfigDir);
  if (env.DOCKER_HOST) return endpoint('DOCKER_HOST', env.DOCKER_HOST, env, dockerConfigDir);

  const contextName = env.DOCKER_CONTEXT || currentContext(dockerConfigDir);
  if (contextName && contextName !== 'default') {
    const ctx = readContext(dockerConfigDir, contextName);
    return { ...endpoint('context', ctx.host, env, dockerConfigDir, ctx.tlsDir, ctx.skipTlsVerify), context: contextName };
  }
  const host = platform === 'win32' ? 'npipe:////./pipe/docker_engine' : 'unix:///var/run/docker.sock';
  return endpoint('default', host, env, dockerConfigDir);
}

function currentContext(configDir: string): string | undefined {
  const file = join(configDir, 'config.json');
  if (!existsSync(file)) return undefined;
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { currentContext?: string }).currentContext;
  } catch {
    throw new Error(l10n.t('{0} is not valid JSON', file));
  }
}

/** Contexts live under contexts/meta/<sha256 of the name>/meta.json. */
function readContext(configDir: string, name: string): { host: string; tlsDir?: string; skipTlsVerify: boolean } {
  const id = createHash('sha256').update(name).digest('hex');
  const file = join(configDir, 'contexts', 'meta', id, 'meta.json');
  if (!existsSync(file)) throw new Error(l10n.t('Docker context "{0}" is selected but {1} does not exist', name, file));
  const meta = JSON.parse(readFileSync(file, 'utf8')) as {
    Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
  };
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) throw new Error(l10n.t('Docker context "{0}" has no docker endpoint', name));
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  return { host: docker.Host, tlsDir: existsSync(tlsDir) ? tlsDir : undefined, skipTlsVerify: !!docker.SkipTLSVerify };
}

function endpoint(source: EndpointSource, host: string, env: NodeJS.ProcessEnv, configDir: string, tlsDir?: string, skipTlsVerify = false): Endpoint {
  return { source, host, options: dockerOptions(host, env, configDir, tlsDir, skipTlsVerify) };
}

export function dockerOptions(host: string, env: NodeJS.ProcessEnv, configDir: string, tlsDir?: string, skipTlsVerify = false): DockerOptions {
  const url = new URL(host);
  switch (url.protocol) {
    case 'unix:':
      return { socketPath: url.pathname };
    case 'npipe:':
      return { socketPath: host.replace(/^npipe:\/\//, '').replace(/\//g, '\\') };
    case 'tcp:':
    case 'http:':
    case 'https:': {
      // As the Docker CLI: TLS when DOCKER_TLS_VERIFY is set or the context has certificates.
      const certDir = tlsDir ?? (env.DOCKER_TLS_VERIFY ? env.DOCKER_CERT_PATH || configDir : undefined);
      const tls = url.protocol === 'https:' || !!certDir;
      const options: DockerOptions = {
        host: url.hostname,
        port: url.port || (tls ? 2376 : 2375),
        protocol: tls ? 'https' : 'http',
      };
      if (certDir) {
        const read = (f: string) => (existsSync(join(certDir, f)) ? readFileSync(join(certDir, f)) : undefined);
        Object.assign(options, { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') });
      }
      if (skipTlsVerify) (options as { rejectUnauthorized?: boolean }).rejectUnauthorized = false;
      return options;
    }
    case 'ssh:':
      // docker-modem runs `docker system dial-stdio` on the remote; keys come from the agent.
      return {
        protocol: 'ssh',
        host: url.hostname,
        port: url.port || 22,
        username: decodeURIComponent(url.username) || undefined,
        sshOptions: { agent: env.SSH_AUTH_SOCK },
      };
    default:
      throw new Error(l10n.t('Unsupported Docker host "{0}": use unix://, tcp://, ssh:// or npipe://', host));
  }
}

/** A Docker client, every call bounded, for the endpoint the setting (or, without one, the environment) names. */
export function connectDocker(setting?: string, timeouts?: ApiTimeouts): { docker: Docker; endpoint: Endpoint } {
  const endpoint = resolveEndpoint({ setting });
  return { docker: boundCalls(new Docker(endpoint.options), endpoint.host, timeouts), endpoint };
}
