// What every command starts from: the global options, the output, the lab and its service.
import * as l10n from '@vscode/l10n';
import type { Command } from 'commander';
import { messageOf } from '../core/engine';
import { resolveLab } from '../core/labLoader';
import { display } from '../core/step';
import { isUnreachable, LabService, type Endpoint } from '../service/labService';
import { createOutput } from './output';

export interface GlobalOptions {
  lab: string;
  json: boolean;
  dockerHost?: string;
  verbose: boolean;
  wait: boolean;
  engineTimeout?: number;
}

let lastEndpoint: Endpoint | undefined;

export function setup(cmd: Command) {
  const opts = cmd.optsWithGlobals<GlobalOptions>();
  const out = createOutput(opts.json);
  const lab = resolveLab(opts.lab);
  const apiMs = opts.engineTimeout && opts.engineTimeout * 1000;
  const service = new LabService(lab, {
    dockerHost: opts.dockerHost,
    waitWhenBusy: opts.wait,
    apiTimeouts: apiMs ? { readMs: apiMs, writeMs: apiMs } : undefined,
    log: opts.verbose ? (node, argv, r) => out.note(`[${node}] ${display(argv)} → ${r instanceof Error ? r.message : `exit ${r.exitCode}`}`) : undefined,
  });
  lastEndpoint = service.endpoint;
  return { opts, out, lab, service };
}

/** Errors from the socket say little on their own: name the endpoint and what to do. */
export function explain(e: unknown): string {
  if (lastEndpoint?.host.startsWith('ssh:') && /waiting for handshake|protocol version|Connection lost before handshake/i.test(messageOf(e))) {
    return l10n.t('No SSH server answers at {0} ({1}): check the host and port', lastEndpoint.host, messageOf(e));
  }
  if (lastEndpoint?.host.startsWith('ssh:') && /agent|authentication methods failed/i.test(messageOf(e))) {
    return l10n.t('Cannot log in to {0}: {1}. Load a key the host accepts into ssh-agent (ssh-add) and set SSH_AUTH_SOCK', lastEndpoint.host, messageOf(e));
  }
  if (isUnreachable(e) && lastEndpoint) {
    const what = messageOf(e).includes(lastEndpoint.host) ? messageOf(e) : l10n.t('Cannot reach Docker at {0}: {1}', lastEndpoint.host, messageOf(e));
    return l10n.t(
      '{0} (engine from {1}). Start Docker, or point DOCKER_HOST or --docker-host at an engine; `lvs-lab doctor` checks the setup',
      what,
      sourceOf(lastEndpoint.source),
    );
  }
  return messageOf(e);
}

/** Where the engine's address came from, as a CLI user set it. */
function sourceOf(source: Endpoint['source']): string {
  switch (source) {
    case 'setting':
      return '--docker-host';
    case 'DOCKER_HOST':
      return 'DOCKER_HOST';
    case 'context':
      return l10n.t('the current Docker context');
    case 'default':
      return l10n.t('the default socket');
  }
}
