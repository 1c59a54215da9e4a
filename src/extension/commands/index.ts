// The LVS Lab commands, one module per group. Long work runs under a progress
// notification, cancellable where it can stop cleanly (between steps); every
// result is read back from the lab.
import type * as vscode from 'vscode';
import type { LabController } from '../labController';
import { registerChanges } from './changes';
import { registerDrills } from './drills';
import { registerExercise } from './exercise';
import { registerHelp } from './help';
import { registerLessons } from './lessons';
import { registerLifecycle } from './lifecycle';
import { registerLoadTest } from './loadTest';
import { registerNodes } from './nodes';
import { registerSteps } from './steps';
import { registerWalkthrough } from './walkthrough';

export { LAB_KEY } from './lifecycle';

export function registerCommands(extension: vscode.ExtensionContext, lab: LabController): void {
  const ctx = { extension, lab };
  registerLifecycle(ctx);
  registerSteps(ctx);
  registerExercise(ctx);
  registerLoadTest(ctx);
  registerChanges(ctx);
  registerLessons(ctx);
  registerDrills(ctx);
  registerNodes(ctx);
  registerHelp(ctx);
  registerWalkthrough(ctx);
}
