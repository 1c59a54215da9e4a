// A packet trace of one request: capture commands, the tcpdump parser, the hop-by-hop path and its lesson.
import type { Lab } from '../lab';
import { parseCapture } from './capture';
import { lesson, type Lesson } from './lesson';
import { tracePath, type TracePath } from './path';

export * from './capture';
export * from './lesson';
export * from './path';
export * from './request';
export * from './tcpdump';

export interface Trace extends TracePath {
  mode: Lab['mode'];
  vip: string;
  port: number;
  lesson: Lesson;
}

/** Each node's capture output (as captureArgv prints it) → the path of the client's connection from `clientPort`, and its lesson. */
export function buildTrace(lab: Lab, outputs: Record<string, string>, clientPort?: number): Trace {
  const captures = Object.fromEntries(Object.entries(outputs).map(([node, out]) => [node, parseCapture(out)]));
  const path = tracePath(lab, captures, clientPort);
  return { mode: lab.mode, vip: lab.service.vip, port: lab.service.port, ...path, lesson: lesson(lab, path) };
}
