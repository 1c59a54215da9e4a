// Does the engine's kernel have IPVS? /proc/net/ip_vs exists in a container's
// network namespace only when the Docker host's kernel has ip_vs loaded.
import type Docker from 'dockerode';
import { containerLogs } from './containerLogs';
import { LABEL_PROBE } from './labels';

export interface IpvsProbe {
  ok: boolean;
  /** The kernel's IPVS banner when ok, else what the probe printed. */
  detail: string;
}

/** Runs `cat /proc/net/ip_vs` in a throwaway privileged container from `image`. */
export async function probeIpvs(docker: Docker, image: string): Promise<IpvsProbe> {
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['cat', '/proc/net/ip_vs'],
    Labels: { [LABEL_PROBE]: 'ipvs' },
    HostConfig: { Privileged: true, NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const output = (await containerLogs(docker, container.id, { tail: 20, timestamps: false })).trim();
    return { ok: StatusCode === 0, detail: StatusCode === 0 ? output.split('\n')[0] : output || `exit code ${StatusCode}` };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
