// The ARP experiment on a running lab: who answers "who-has VIP" from the client, with the
// handbook's settings and, when asked, with one real server's ARP settings reverted (then
// restored by running its step again, whatever happens in between).
import * as l10n from '@vscode/l10n';
import { arpExperimentArgv, parseArpExperiment, type ArpResult } from '../core/arp';
import type { StepState } from '../core/engine';
import type { NodeExecutor } from '../core/exec';
import { client, director, interfaceOn, realServers, vipNetwork, type Lab } from '../core/lab';

export interface ArpExperiment {
  vip: string;
  director: string;
  /** With every step as the lab wants it. */
  hidden: ArpResult;
  /** The real server whose arp_ignore/arp_announce were put back to 0, and what answered then. */
  unhidden?: { node: string; result: ArpResult };
  /** After its step ran again. */
  restored?: { step: StepState; result: ArpResult };
}

export interface ArpDeps {
  lab: Lab;
  nodes: NodeExecutor;
  macs(): Promise<Map<string, string>>;
  runStep(id: string): Promise<StepState>;
  timeoutMs: number;
}

export async function runArpExperiment(d: ArpDeps, unhide?: string): Promise<ArpExperiment> {
  const { lab } = d;
  const stepId = unhide && `${unhide}.arp`;
  if (unhide) {
    const reals = realServers(lab).map((n) => n.name);
    if (!reals.includes(unhide)) throw new Error(l10n.t('"{0}" is not a real server of {1}; its real servers are {2}', unhide, lab.name, reals.join(', ')));
    if (lab.mode === 'nat')
      throw new Error(l10n.t('in NAT mode the real servers do not hold the VIP, so they have nothing to answer ARP for: try the dr or tun lab'));
  }
  const macs = await d.macs();
  const cl = client(lab);
  const argv = arpExperimentArgv(lab.service.vip, interfaceOn(cl, vipNetwork(lab).name));
  const ask = async () => {
    const r = await d.nodes.exec(cl.name, argv, { timeoutMs: d.timeoutMs });
    if (r.exitCode !== 0)
      throw new Error(l10n.t('the ARP experiment failed on {0}: {1}', cl.name, (r.stderr || r.stdout).trim() || l10n.t('exit code {0}', r.exitCode)));
    return parseArpExperiment(r.stdout, lab.service.vip, macs);
  };
  const out: ArpExperiment = { vip: lab.service.vip, director: director(lab).name, hidden: await ask() };
  if (!unhide || !stepId) return out;
  const rs = lab.nodes.find((n) => n.name === unhide)!;
  const dev = interfaceOn(rs, vipNetwork(lab).name);
  const keys = ['all', dev].flatMap((i) => [`net.ipv4.conf.${i}.arp_ignore=0`, `net.ipv4.conf.${i}.arp_announce=0`]);
  let failure: Error | undefined;
  try {
    const r = await d.nodes.exec(unhide, ['sysctl', '-w', ...keys], { timeoutMs: d.timeoutMs });
    if (r.exitCode !== 0) throw new Error(l10n.t('could not revert the ARP settings on {0}: {1}', unhide, (r.stderr || r.stdout).trim()));
    out.unhidden = { node: unhide, result: await ask() };
  } catch (e) {
    failure = e instanceof Error ? e : new Error(String(e));
  }
  // Always back as the handbook wants it, even when the experiment failed in between.
  const step = await d.runStep(stepId);
  if (step.status !== 'done') throw new Error(l10n.t('{0} could not be restored ({1}): run `lvs-lab step {0}`', stepId, step.detail));
  if (failure) throw failure;
  out.restored = { step, result: await ask() };
  return out;
}
