// A lab node as the engine has it now: which container, in which state.
import * as l10n from '@vscode/l10n';
import type { Role } from './lab';

export type ContainerState = 'running' | 'stopped' | 'missing';

/** A node's container state in the user's language. */
export function containerStateWord(state: ContainerState): string {
  switch (state) {
    case 'running':
      return l10n.t({ message: 'running', args: [], comment: ["a node's container state"] });
    case 'stopped':
      return l10n.t({ message: 'stopped', args: [], comment: ["a node's container state"] });
    case 'missing':
      return l10n.t({ message: 'missing', args: [], comment: ["a node's container state: no container"] });
  }
}

export interface NodeState {
  name: string;
  role: Role;
  /** Fixed addresses from the lab file. */
  addresses: Record<string, string>;
  state: ContainerState;
  containerId?: string;
  containerName: string;
}
