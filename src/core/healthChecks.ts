// Judges for the health-check option: keepalived running with the lab's configuration, and a
// real server's entry, which keepalived may have taken out on purpose.
import * as l10n from '@vscode/l10n';
import type { ExecResult } from './exec';
import { healthReadArgv, parseHealthRead, type HealthRead } from './health';
import { realServers, type Lab } from './lab';
import { realServerAddress } from './plan';
import type { Check, Verdict } from './step';

/** keepalived runs with exactly the configuration the lab asks for. */
export function keepalivedCheck(lab: Lab, config: string): Check {
  return {
    argv: healthReadArgv(),
    judge(r): Verdict {
      const read = parseHealthRead(r);
      const same = read.config === config.replace(/\n$/, '');
      if (read.running && same) return { status: 'done', detail: l10n.t('keepalived checks {0}', describeChecks(lab, read)) };
      if (!read.running && read.config === '') return { status: 'pending', detail: l10n.t('keepalived is not running') };
      if (!read.running) return { status: 'drifted', detail: l10n.t('keepalived has stopped') };
      return { status: 'drifted', detail: "keepalived runs with another configuration than the lab's" };
    },
  };
}

/** e.g. `node02 up, node03 down (out of the table)`. */
export function describeChecks(lab: Lab, read: HealthRead): string {
  return realServers(lab)
    .map((rs) => {
      const s = read.servers.find((x) => x.address === `${realServerAddress(lab, rs)}:${lab.service.port}`);
      const state =
        s?.state === 'up'
          ? l10n.t({ message: 'up', args: [], comment: ["a keepalived health check's state: the real server passes"] })
          : s?.state === 'down'
            ? l10n.t({ message: 'down', args: [], comment: ["a keepalived health check's state: the real server fails"] })
            : l10n.t('not checked yet');
      return `${rs.name} ${state}${s?.removed ? l10n.t(' (out of the table)') : ''}`;
    })
    .join(', ');
}

const SPLIT = '@@lvslab ipvs-end\n';

/**
 * The entry's own check, and when the entry is missing because keepalived took it out (its
 * check fails), that is the state the lab wants: it returns when the real server answers.
 */
export function healthAwareCheck(entry: Check, address: string): Check {
  const health = healthReadArgv();
  return {
    // The entry's own command comes in as arguments, then keepalived's state in the same exec.
    argv: ['sh', '-c', `"$@" || exit $?; printf '${SPLIT.replace('\n', '\\n')}'; ${health[2]}`, 'lvslab-entry', ...entry.argv],
    judge(r: ExecResult): Verdict {
      const [ipvs, rest = ''] = r.stdout.split(SPLIT);
      const verdict = entry.judge({ ...r, stdout: ipvs });
      if (verdict.status !== 'pending' || r.exitCode !== 0) return verdict;
      const read = parseHealthRead({ ...r, stdout: rest });
      const s = read.servers.find((x) => x.address === address);
      if (read.running && s?.removed)
        return { status: 'done', detail: l10n.t("{0} is out of the table: keepalived's check of it fails; it comes back when it answers", address) };
      return verdict;
    },
  };
}
