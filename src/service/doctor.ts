// `doctor`: can this machine run the lab? Each finding says what to do about it.
import * as l10n from '@vscode/l10n';
import type Docker from 'dockerode';
import type { Lab } from '../core/lab';
import { labIdentity } from '../core/labIdentity';
import type { Endpoint } from '../docker/connection';
import { imageExists, imageTag } from '../docker/image';
import { probeIpvs } from '../docker/ipvsProbe';
import { foreignOverlaps } from '../docker/labRuntime';
import { messageOf } from '../core/engine';

export type FindingStatus = 'ok' | 'warn' | 'fail';

export interface Finding {
  check: 'docker' | 'api' | 'image' | 'ipvs' | 'subnet';
  status: FindingStatus;
  message: string;
}

export interface DoctorReport {
  endpoint: { source: string; host: string; context?: string };
  findings: Finding[];
  ok: boolean;
}

export async function doctor(docker: Docker, endpoint: Endpoint, lab: Lab): Promise<DoctorReport> {
  const findings: Finding[] = [];
  const report = () => ({
    endpoint: { source: endpoint.source, host: endpoint.host, context: endpoint.context },
    findings,
    ok: findings.every((f) => f.status !== 'fail'),
  });

  try {
    const pong = String(await withTimeout(docker.ping(), 10_000, l10n.t('no answer within 10 s')));
    if (pong !== 'OK') throw new Error(l10n.t('it answered {0} where Docker answers OK', JSON.stringify(pong.slice(0, 60))));
    findings.push({ check: 'docker', status: 'ok', message: l10n.t('Docker answers at {0} (from {1})', endpoint.host, endpoint.source) });
  } catch (e) {
    findings.push({
      check: 'docker',
      status: 'fail',
      message: l10n.t(
        'Docker does not answer at {0} (from {1}): {2}. Start Docker, or set DOCKER_HOST / the lvsLab.dockerHost setting',
        endpoint.host,
        endpoint.source,
        messageOf(e),
      ),
    });
    return report();
  }

  const version = await docker.version();
  findings.push({
    check: 'api',
    status: 'ok',
    message: l10n.t('Docker {0}, API {1}, kernel {2} ({3})', version.Version, version.ApiVersion, version.KernelVersion, `${version.Os}/${version.Arch}`),
  });

  const tag = imageTag();
  const haveImage = await imageExists(docker, tag);
  findings.push(
    haveImage
      ? { check: 'image', status: 'ok', message: l10n.t('node image {0} is built', tag) }
      : {
          check: 'image',
          status: 'warn',
          message: l10n.t("node image {0} is not built yet; `up` builds it (a few minutes, needs Debian's package mirror)", tag),
        },
  );

  findings.push(
    haveImage
      ? await ipvsFinding(docker, tag)
      : { check: 'ipvs', status: 'warn', message: l10n.t('IPVS not checked: it is probed in the node image, which is not built yet') },
  );

  const networks = await docker.listNetworks();
  const clashes = lab.networks.flatMap((net) =>
    foreignOverlaps(networks, labIdentity(lab), net.subnet).map((n) => l10n.t('{0} overlaps Docker network {1}', net.subnet, n.Name)),
  );
  findings.push(
    clashes.length === 0
      ? { check: 'subnet', status: 'ok', message: l10n.t('lab subnets {0} are free', lab.networks.map((n) => n.subnet).join(', ')) }
      : { check: 'subnet', status: 'fail', message: l10n.t("{0}: remove that network or change the lab's subnet", clashes.join('; ')) },
  );
  return report();
}

/** The IPVS probe, in words a user can act on. */
async function ipvsFinding(docker: Docker, image: string): Promise<Finding> {
  const probe = await probeIpvs(docker, image);
  if (probe.ok) return { check: 'ipvs', status: 'ok', message: l10n.t('IPVS works in a privileged container ({0})', probe.detail) };
  return {
    check: 'ipvs',
    status: 'fail',
    message: l10n.t(
      'IPVS is not usable: {0}. Load it on the Docker host (modprobe ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_dh ip_vs_lc ip_vs_wlc ipip), or use the lab host VM (test/labhost)',
      probe.detail,
    ),
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
