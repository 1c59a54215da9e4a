// Which lab file a lab on an engine came from. Two different lab files never share
// an identity, so one can never remove or reuse the other's containers and networks.
import { createHash } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Lab } from './lab';
import { labsDir } from './labLoader';

/** A shipped lab is the same lab wherever it is installed (CLI, extension); a user's is its file. */
export function labIdentity(lab: Lab, shippedDir = labsDir()): string {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const file = real(lab.file);
  if (dirname(file) === real(shippedDir)) return `shipped-${lab.name}`;
  return `file-${createHash('sha256').update(file).digest('hex').slice(0, 16)}`;
}
