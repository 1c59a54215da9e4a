// A container's own output (`docker logs`), demultiplexed by docker-modem.
import { PassThrough, Readable } from 'node:stream';
import type Docker from 'dockerode';

export async function containerLogs(docker: Docker, containerId: string, options: { tail: number; timestamps: boolean }): Promise<string> {
  const raw = await docker.getContainer(containerId).logs({ follow: false, stdout: true, stderr: true, ...options });
  const source = Readable.from([raw]);
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  docker.modem.demuxStream(source, out, out);
  await new Promise<void>((resolve, reject) => {
    source.once('end', resolve);
    source.once('error', reject);
  });
  return text;
}
