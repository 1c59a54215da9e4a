// The node image, built from src/docker/node-image and tagged with a hash of its
// content: a changed Dockerfile rebuilds, an unchanged one never does.
import * as l10n from '@vscode/l10n';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { LABEL_IMAGE } from './labels';

export const IMAGE_REPO = 'lvslab/node';
const BUILD_LIMIT_MS = 30 * 60_000;

/** The build context, beside the bundle (dist/node-image) or the sources. */
export function imageContextDir(): string {
  const candidates = [join(__dirname, 'node-image'), join(__dirname, '..', 'src', 'docker', 'node-image')];
  const found = candidates.find((dir) => existsSync(join(dir, 'Dockerfile')));
  if (!found) throw new Error(l10n.t("The node image's Dockerfile is missing (looked in {0})", candidates.join(', ')));
  return found;
}

export function imageTag(contextDir = imageContextDir()): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(contextDir).sort()) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(contextDir, file)))
      .update('\0');
  }
  return `${IMAGE_REPO}:${hash.digest('hex').slice(0, 12)}`;
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch (e) {
    if ((e as { statusCode?: number }).statusCode === 404) return false;
    throw e;
  }
}

export interface BuildProgress {
  (line: string): void;
}

/** Builds the image unless a build of this exact content exists; returns the tag. */
export async function ensureImage(docker: Docker, onProgress?: BuildProgress, contextDir = imageContextDir()): Promise<{ tag: string; built: boolean }> {
  const tag = imageTag(contextDir);
  if (await imageExists(docker, tag)) return { tag, built: false };
  const files = readdirSync(contextDir);
  const stream = await docker.buildImage({ context: contextDir, src: files }, { t: tag, labels: { [LABEL_IMAGE]: 'node' }, rm: true, forcerm: true });
  await new Promise<void>((resolve, reject) => {
    // Under emulation a build takes minutes; one that has not finished in half an hour never will.
    const timer = setTimeout(() => {
      (stream as { destroy?: () => void }).destroy?.();
      reject(new Error(l10n.t('Building {0} did not finish within {1} minutes', tag, BUILD_LIMIT_MS / 60_000)));
    }, BUILD_LIMIT_MS);
    docker.modem.followProgress(
      stream,
      (err: Error | null, output: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
        clearTimeout(timer);
        const failed = output?.find((o) => o.error || o.errorDetail);
        if (err) reject(err);
        else if (failed) reject(new Error(l10n.t('Building {0} failed: {1}', tag, String(failed.errorDetail?.message ?? failed.error))));
        else resolve();
      },
      (event: { stream?: string; status?: string; progress?: string }) => {
        const line = (event.stream ?? [event.status, event.progress].filter(Boolean).join(' ')).trimEnd();
        if (line) onProgress?.(line);
      },
    );
  });
  if (!(await imageExists(docker, tag))) throw new Error(l10n.t('Building {0} finished but the image is not there', tag));
  return { tag, built: true };
}
