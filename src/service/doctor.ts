// `doctor`: can this machine run the lab? Each finding says what to do about it.
import type Docker from 'dockerode';
import type { Lab } from '../core/lab';
import type { Endpoint } from '../docker/connection';
import { execIn } from '../docker/exec';
import { imageExists, imageTag } from '../docker/image';
import { LABEL_LAB, LABEL_NODE } from '../docker/labels';
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
    await withTimeout(docker.ping(), 10_000, 'no answer within 10 s');
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
      ? await ipvsProbe(docker, tag, lab.name)
      : { check: 'ipvs', status: 'warn', message: 'IPVS not checked: it is probed in the node image, which is not built yet' },
  );

  const networks = await docker.listNetworks();
  const clashes = lab.networks.flatMap((net) => foreignOverlaps(networks, lab.name, net.subnet).map((n) => `${net.subnet} overlaps Docker network ${n.Name}`));
  findings.push(
    clashes.length === 0
      ? { check: 'subnet', status: 'ok', message: `lab subnets ${lab.networks.map((n) => n.subnet).join(', ')} are free` }
      : { check: 'subnet', status: 'fail', message: `${clashes.join('; ')}: remove that network or change the lab's subnet` },
  );
  return report();
}

/** `ipvsadm -Ln` in a throwaway privileged container: the kernel needs ip_vs loaded. */
async function ipvsProbe(docker: Docker, image: string, lab: string): Promise<Finding> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['sleep', '60'],
    Labels: { [LABEL_LAB]: lab, [LABEL_NODE]: 'doctor-probe' },
    HostConfig: { Privileged: true, NetworkMode: 'none', AutoRemove: true },
  });
  try {
    await container.start();
    const r = await execIn(docker, container, ['ipvsadm', '-Ln'], { timeoutMs: 15_000 });
    if (r.exitCode === 0) {
      const header = r.stdout.split('\n')[0];
      return { check: 'ipvs', status: 'ok', message: `IPVS works in a privileged container (${header})` };
    }
    return {
      check: 'ipvs',
      status: 'fail',
      message: `IPVS is not usable: ${(r.stderr || r.stdout).trim()}. Load it on the Docker host (modprobe ip_vs ip_vs_rr ip_vs_wrr ip_vs_sh ip_vs_dh ip_vs_lc ip_vs_wlc ipip), or use the lab host VM (test/labhost)`,
    };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(message)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
