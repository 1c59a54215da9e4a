// `doctor`: can this machine run the lab? Each finding says what to do about it.
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
    const pong = String(await withTimeout(docker.ping(), 10_000, 'no answer within 10 s'));
    if (pong !== 'OK') throw new Error(`it answered ${JSON.stringify(pong.slice(0, 60))} where Docker answers OK`);
    findings.push({ check: 'docker', status: 'ok', message: `Docker answers at ${endpoint.host} (from ${endpoint.source})` });
  } catch (e) {
    findings.push({
      check: 'docker',
      status: 'fail',
      message: `Docker does not answer at ${endpoint.host} (from ${endpoint.source}): ${messageOf(e)}. Start Docker, or set DOCKER_HOST / the lvsLab.dockerHost setting`,
    });
    return report();
  }

  const version = await docker.version();
  findings.push({
    check: 'api',
    status: 'ok',
    message: `Docker ${version.Version}, API ${version.ApiVersion}, kernel ${version.KernelVersion} (${version.Os}/${version.Arch})`,
  });

  const tag = imageTag();
  const haveImage = await imageExists(docker, tag);
  findings.push(
    haveImage
      ? { check: 'image', status: 'ok', message: `node image ${tag} is built` }
      : { check: 'image', status: 'warn', message: `node image ${tag} is not built yet; \`up\` builds it (a few minutes, needs Debian's package mirror)` },
  );

  findings.push(
    haveImage
      ? await ipvsFinding(docker, tag)
      : { check: 'ipvs', status: 'warn', message: 'IPVS not checked: it is probed in the node image, which is not built yet' },
  );

  const networks = await docker.listNetworks();
  const clashes = lab.networks.flatMap((net) =>
    foreignOverlaps(networks, labIdentity(lab), net.subnet).map((n) => `${net.subnet} overlaps Docker network ${n.Name}`),
  );
  findings.push(
    clashes.length === 0
      ? { check: 'subnet', status: 'ok', message: `lab subnets ${lab.networks.map((n) => n.subnet).join(', ')} are free` }
      : { check: 'subnet', status: 'fail', message: `${clashes.join('; ')}: remove that network or change the lab's subnet` },
  );
  return report();
}

/** The IPVS probe, in words a user can act on. */
async function ipvsFinding(docker: Docker, image: string): Promise<Finding> {
  const probe = await probeIpvs(docker, image);
  if (probe.ok) return { check: 'ipvs', status: 'ok', message: `IPVS works in a privileged container (${probe.detail})` };
  return {
    check: 'ipvs',
    status: 'fail',
    message: `IPVS is not usable: ${probe.detail}. Load it on the Docker host (modprobe ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_dh ip_vs_lc ip_vs_wlc ipip), or use the lab host VM (test/labhost)`,
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
