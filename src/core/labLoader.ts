// Reads a lab file, validates it against labs/lab.schema.json and the rules a schema
// cannot say (labRules.ts: addresses inside subnets, one director...), before anything is created.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parseDocument } from 'yaml';
import schema from '../../labs/lab.schema.json';
import type { Lab } from './lab';
import { semanticProblems, type LabProblem } from './labRules';

export type { LabProblem } from './labRules';

/**
 * A lab file of the user's own ends in this; the extension looks for them in the workspace. package.json's
 * activationEvents and yamlValidation spell the same pattern and are checked by test/unit/facts.test.ts.
 */
export const LAB_FILE_SUFFIX = '.lvslab.yaml';
/** Every user lab file in a workspace, as a glob (vscode.workspace.findFiles, workspaceContains:). */
export const LAB_FILE_GLOB = `**/*${LAB_FILE_SUFFIX}`;

export class LabError extends Error {
  constructor(
    readonly file: string,
    readonly problems: LabProblem[],
  ) {
    super(problems.map((p) => `${file}: ${p.field || '(file)'}: ${p.message}`).join('\n'));
    this.name = 'LabError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true });
addFormats(ajv, ['ipv4']);
const validateSchema = ajv.compile(schema);

export function loadLab(file: string): Lab {
  return parseLab(readFileSync(file, 'utf8'), file);
}

/** The labs shipped in labs/, found beside the bundle (dist/..) or the sources (src/core/../..). */
export function labsDir(): string {
  const candidates = [join(__dirname, '..', 'labs'), join(__dirname, '..', '..', 'labs')];
  return candidates.find((dir) => existsSync(join(dir, 'lab.schema.json'))) ?? candidates[0];
}

export function listLabs(dir = labsDir()): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

/** Anything with a slash or a .yaml/.yml ending names a file; anything else a shipped lab. */
export function isLabPath(nameOrPath: string): boolean {
  return /[\\/]|\.ya?ml$/.test(nameOrPath);
}

/** `dr` means labs/dr.yaml; a path (see isLabPath) is read as it is. */
export function resolveLab(nameOrPath: string, dir = labsDir()): Lab {
  const file = isLabPath(nameOrPath) ? nameOrPath : join(dir, `${nameOrPath}.yaml`);
  if (!isLabPath(nameOrPath) && !existsSync(file)) {
    throw new Error(`No lab named "${nameOrPath}": the labs are ${listLabs(dir).join(', ')}, or give a path to a .yaml file`);
  }
  if (!existsSync(file)) throw new Error(`No lab file at ${file}`);
  return loadLab(file);
}

export function parseLab(text: string, file: string): Lab {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new LabError(
      file,
      doc.errors.map((e) => ({ field: '', message: `YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  const data: unknown = doc.toJS();
  if (!validateSchema(data)) {
    throw new LabError(file, (validateSchema.errors ?? []).map(schemaProblem));
  }
  const lab = { ...(data as Omit<Lab, 'file'>), file };
  const problems = semanticProblems(lab);
  if (problems.length > 0) throw new LabError(file, problems);
  return lab;
}

function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function schemaProblem(e: ErrorObject): LabProblem {
  const field = fieldOf(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { field: [field, e.params.missingProperty].filter(Boolean).join('.'), message: 'is missing' };
    case 'additionalProperties':
      return { field: [field, e.params.additionalProperty].filter(Boolean).join('.'), message: 'is not a known field' };
    case 'enum':
      return { field, message: `must be one of ${(e.params.allowedValues as unknown[]).join(', ')}` };
    default:
      return { field, message: e.message ?? 'is invalid' };
  }
}
