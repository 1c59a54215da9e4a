// A lab node as the engine has it now: which container, in which state.
import type { Role } from './lab';

export type ContainerState = 'running' | 'stopped' | 'missing';

export interface NodeState {
  name: string;
  role: Role;
  /** Fixed addresses from the lab file. */
  addresses: Record<string, string>;
  state: ContainerState;
  containerId?: string;
  containerName: string;
}
