// Reads a lab file, validates it against labs/lab.schema.json and the rules a schema
// cannot say (labRules.ts: addresses inside subnets, one director...), before anything is created.
// Every refusal is a LabError naming the file and the field; sizes are bounded before any work.
import * as l10n from '@vscode/l10n';
import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { parseDocument, type Document } from 'yaml';
import schema from '../../labs/lab.schema.json';
import type { Lab } from './lab';
import { currentLanguage } from './language';
import { semanticProblems, type LabProblem } from './labRules';

export type { LabProblem } from './labRules';

/**
 * A lab file of the user's own ends in this; the extension looks for them in the workspace. package.json's
 * activationEvents and yamlValidation spell the same pattern and are checked by test/unit/facts.test.ts.
 */
export const LAB_FILE_SUFFIX = '.lvslab.yaml';
/** Every user lab file in a workspace, as a glob (vscode.workspace.findFiles, workspaceContains:). */
export const LAB_FILE_GLOB = `**/*${LAB_FILE_SUFFIX}`;

/**
 * What a lab file may hold. nodes and networks are the schema's maxItems (and a node's addresses its maxProperties),
 * checked by test/unit/labValidation.test.ts; fileBytes is refused before parsing; aliasCount bounds how far YAML
 * aliases may expand (the yaml package's maxAliasCount), so an alias bomb fails at once.
 */
export const LAB_LIMITS = { nodes: 16, networks: 2, fileBytes: 256 * 1024, aliasCount: 32 } as const;
/** A LabError's message lists this many problems at most, then says how many more there are. */
const MAX_LISTED_PROBLEMS = 20;

export class LabError extends Error {
  constructor(
    readonly file: string,
    readonly problems: LabProblem[],
  ) {
    const lines = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `${file}: ${p.field || '(file)'}: ${p.message}`);
    if (problems.length > MAX_LISTED_PROBLEMS) lines.push(`${file}: (file): ${l10n.t('and {0} more problems', problems.length - MAX_LISTED_PROBLEMS)}`);
    super(lines.join('\n'));
    this.name = 'LabError';
  }
}

const ajv = new Ajv({ allErrors: true, strict: true, useDefaults: true });
addFormats(ajv, ['ipv4']);
const validateSchema = ajv.compile(schema);

/** Reads and validates a lab file; `shippedDir` holds the shipped labs, whose names a user's lab may not take. */
export function loadLab(file: string, shippedDir = labsDir()): Lab {
  return parseLab(readLabFile(file), file, shippedDir);
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
  if (isLabPath(nameOrPath)) return loadLab(nameOrPath, dir);
  const file = join(dir, `${nameOrPath}.yaml`);
  if (!existsSync(file)) {
    throw new Error(l10n.t('No lab named "{0}": the labs are {1}, or give a path to a .yaml file', nameOrPath, listLabs(dir).join(', ')));
  }
  return loadLab(file, dir);
}

/** The text of a lab file, read no further than LAB_LIMITS.fileBytes; a file that cannot be read is a LabError. */
function readLabFile(file: string): string {
  const refuse = (message: string) => new LabError(file, [{ field: '', message }]);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw refuse(l10n.t('is a directory, not a lab file'));
    if (stat.size > LAB_LIMITS.fileBytes) throw refuse(tooLarge(stat.size));
    // Read to the end, as a pipe has no size: a file that grows past the limit meanwhile is refused all the same.
    const buffer = Buffer.alloc(LAB_LIMITS.fileBytes + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = readSync(fd, buffer, length, buffer.length - length, null);
    if (length > LAB_LIMITS.fileBytes) throw refuse(tooLarge());
    return buffer.toString('utf8', 0, length);
  } catch (e) {
    throw e instanceof LabError ? e : refuse(readProblem(e));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readProblem(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return l10n.t('does not exist');
    case 'ENOTDIR':
      return l10n.t('does not exist (a part of its path is not a directory)');
    case 'EISDIR':
      return l10n.t('is a directory, not a lab file');
    case 'EACCES':
    case 'EPERM':
      return l10n.t('cannot be read: permission denied');
    default:
      return l10n.t('cannot be read: {0}', e instanceof Error ? e.message : String(e));
  }
}

function tooLarge(bytes?: number): string {
  const limit = `${LAB_LIMITS.fileBytes / 1024} KiB`;
  const size =
    bytes === undefined ? l10n.t('over {0}', limit) : bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
  return l10n.t('is {0}; a lab file may be at most {1}', size, limit);
}

/**
 * A problem as checkLab reports it. `pos`: the text offsets of a YAML syntax error, which has its own place;
 * `atKey`: the field's name itself is wrong (not a known field), so an editor marks the key, not its value.
 */
export interface LabTextProblem extends LabProblem {
  pos?: readonly [number, number];
  atKey?: boolean;
}

/** What checkLab found: the lab when there is no problem; `doc`, the parsed YAML, when the text could be parsed. */
export interface LabCheck {
  lab?: Lab;
  problems: LabTextProblem[];
  doc?: Document.Parsed;
}

/** Validates a lab file's text; `file` names it in every problem and says whether it is a shipped lab (see shippedNames). */
export function parseLab(text: string, file: string, shippedDir = labsDir()): Lab {
  const { lab, problems } = checkLab(text, file, shippedDir);
  if (!lab) throw new LabError(file, problems);
  return lab;
}

/** The one validation of a lab file's text, for the CLI (parseLab) and the editor's diagnostics alike. */
export function checkLab(text: string, file: string, shippedDir = labsDir()): LabCheck {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LAB_LIMITS.fileBytes) return { problems: [{ field: '', message: tooLarge(bytes) }] };
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    return { doc, problems: doc.errors.map((e) => ({ field: '', message: `YAML: ${e.message.split('\n')[0]}`, pos: e.pos })) };
  }
  const data = toData(doc);
  if ('problem' in data) return { doc, problems: [data.problem] };
  if (!validateSchema(data.value)) return { doc, problems: (validateSchema.errors ?? []).map((e) => schemaProblem(e, data.value)) };
  const lab = inUserLanguage({ ...(data.value as Omit<Lab, 'file'>), file });
  const problems = semanticProblems(lab, shippedNames(file, shippedDir));
  return problems.length > 0 ? { doc, problems } : { doc, lab, problems };
}

/** The lab with its title and description in the user's language, when the file has them. */
function inUserLanguage(lab: Lab): Lab {
  const words = lab.translations?.[currentLanguage()];
  return words ? { ...lab, title: words.title ?? lab.title, description: words.description ?? lab.description } : lab;
}

/** The document as plain data, its aliases bounded (LAB_LIMITS.aliasCount). */
function toData(doc: Document.Parsed): { value: unknown } | { problem: LabProblem } {
  try {
    return { value: doc.toJS({ maxAliasCount: LAB_LIMITS.aliasCount }) };
  } catch (e) {
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    const aliasBomb = /^Excessive alias count/.test(message);
    return {
      problem: {
        field: '',
        message: aliasBomb
          ? l10n.t('YAML: aliases expand too much (at most {0} uses); write the values out instead of repeating *anchors', LAB_LIMITS.aliasCount)
          : `YAML: ${message}`,
      },
    };
  }
}

/** The names of the shipped labs, which a lab file elsewhere may not take; none for a file among them. */
function shippedNames(file: string, shippedDir: string): Set<string> {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  // As labIdentity says: where the file really is (a link to labs/dr.yaml is the shipped lab).
  const dir = existsSync(file) ? dirname(real(file)) : real(dirname(resolve(file)));
  if (!existsSync(shippedDir) || dir === real(shippedDir)) return new Set();
  return new Set(listLabs(shippedDir));
}

function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

/** The value at a JSON pointer in the data the schema checked. */
function valueAt(data: unknown, pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>((value, part) => (value as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], data);
}

function schemaProblem(e: ErrorObject, data: unknown): LabTextProblem {
  const field = fieldOf(e.instancePath);
  switch (e.keyword) {
    case 'required':
      return { field: [field, e.params.missingProperty].filter(Boolean).join('.'), message: l10n.t('is missing') };
    case 'additionalProperties':
      return { field: [field, e.params.additionalProperty].filter(Boolean).join('.'), message: l10n.t('is not a known field'), atKey: true };
    case 'enum':
      return { field, message: l10n.t('must be one of {0}', (e.params.allowedValues as unknown[]).join(', ')) };
    case 'maxItems':
    case 'maxProperties': {
      const value = valueAt(data, e.instancePath);
      const count = Array.isArray(value) ? value.length : Object.keys(value ?? {}).length;
      return { field, message: l10n.t('has {0} {1}; at most {2} are allowed', count, field.replace(/^.*\./, ''), String(e.params.limit)) };
    }
    default:
      return { field, message: e.message ?? l10n.t('is invalid') };
  }
}
