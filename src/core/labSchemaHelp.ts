// Completion and hover for lab files, read from labs/lab.schema.json (the file ajv validates against), so the
// editor offers exactly the fields and values the validator accepts, with the schema's own descriptions.
import * as l10n from '@vscode/l10n';
import { isMap, isScalar, isSeq } from 'yaml';
import schema from '../../labs/lab.schema.json';
import { SCHEDULERS, type Scheduler } from './lab';
import { SCHEDULER_INFO } from './schedulers';
import { cursorContext, fieldAt, type CursorContext, type YamlPath } from './yamlCursor';

interface SchemaNode {
  description?: string;
  type?: string;
  enum?: readonly unknown[];
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: readonly string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  minimum?: number;
  maximum?: number;
  format?: string;
  minItems?: number;
  maxItems?: number;
}

export interface LabCompletion {
  label: string;
  kind: 'field' | 'value';
  /** Snippet text: `$0` is where the cursor goes; later lines are relative to the current line's indentation. */
  insertText: string;
  detail?: string;
  documentation?: string;
  /** Required fields first, then the schema's order. */
  sortText: string;
}

export interface LabCompletions {
  items: LabCompletion[];
  /** The offsets the chosen item replaces: the word at the cursor. */
  replace: readonly [number, number];
}

export interface LabHover {
  markdown: string;
  span: readonly [number, number];
}

/** The schema of the field at `path`, and whether its parent requires it (undefined for a key the schema does not name). */
export function schemaAt(path: YamlPath): { node: SchemaNode; required?: boolean } | undefined {
  let node: SchemaNode | undefined = schema;
  let required: boolean | undefined = true;
  for (const part of path) {
    if (!node) return undefined;
    if (typeof part === 'number') {
      node = node.items;
      continue;
    }
    const named = node.properties?.[part];
    required = named ? (node.required?.includes(part) ?? false) : undefined;
    node = named ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node && { node, required };
}

/** What may be typed at `offset`: the fields the map there lacks, or the values its field allows. */
export function labCompletions(text: string, offset: number): LabCompletions | undefined {
  const ctx = cursorContext(text, offset);
  const at = ctx && schemaAt(ctx.path);
  if (!ctx || !at) return undefined;
  const items = ctx.kind === 'key' ? fieldItems(ctx, at.node) : valueItems(ctx, at.node);
  return { items, replace: ctx.word };
}

function fieldItems(ctx: CursorContext, node: SchemaNode): LabCompletion[] {
  if (node.properties) {
    return Object.entries(node.properties)
      .filter(([name]) => !ctx.siblings.includes(name))
      .map(([name, field], i) => {
        const required = node.required?.includes(name) ?? false;
        return {
          label: name,
          kind: 'field',
          insertText: `${name.replace(/\$/g, '\\$')}:${ctx.flow ? ' $0' : fieldValueSnippet(field)}`,
          detail: `${required ? l10n.t('required') : l10n.t('optional')} · ${summary(field)}`,
          documentation: field.description,
          sortText: `${required ? 0 : 1}${String(i).padStart(3, '0')}`,
        };
      });
  }
  // A node's addresses: one per network of the lab, so the keys are the networks' names.
  if (typeof node.additionalProperties === 'object' && ctx.path.at(-1) === 'addresses') {
    return labNetworks(ctx)
      .filter((net) => !ctx.siblings.includes(net.name))
      .map((net, i) => ({
        label: net.name,
        kind: 'field',
        insertText: `${net.name}: $0`,
        detail: net.subnet,
        documentation: net.subnet ? l10n.t("The node's address on {0} ({1}).", net.name, net.subnet) : l10n.t("The node's address on {0}.", net.name),
        sortText: `0${String(i).padStart(3, '0')}`,
      }));
  }
  return [];
}

/** How a field's value starts on the next lines: a map indented, a list with its first `- `. */
function fieldValueSnippet(field: SchemaNode): string {
  if (field.type === 'array') return '\n  - $0';
  if (field.type === 'object') return '\n  $0';
  return ' $0';
}

function labNetworks(ctx: CursorContext): { name: string; subnet?: string }[] {
  const networks = ctx.doc.get('networks', true);
  if (!isSeq(networks)) return [];
  return networks.items.flatMap((net) => {
    const name = isMap(net) ? net.get('name', true) : undefined;
    const subnet = isMap(net) ? net.get('subnet', true) : undefined;
    return isScalar(name) && typeof name.value === 'string' ? [{ name: name.value, subnet: isScalar(subnet) ? String(subnet.value) : undefined }] : [];
  });
}

function valueItems(ctx: CursorContext, node: SchemaNode): LabCompletion[] {
  const scheduler = ctx.path.length === 1 && ctx.path[0] === 'scheduler';
  return (node.enum ?? []).map((value, i) => ({
    label: String(value),
    kind: 'value',
    insertText: `${ctx.spaceFirst ? ' ' : ''}${String(value)}`,
    detail: value === node.default ? l10n.t('the default') : undefined,
    documentation: scheduler ? schedulerText(String(value)) : node.description,
    sortText: String(i).padStart(3, '0'),
  }));
}

function schedulerText(name: string): string | undefined {
  if (!(SCHEDULERS as readonly string[]).includes(name)) return undefined;
  const info = SCHEDULER_INFO[name as Scheduler];
  return `${info.name}: ${info.explanation}`;
}

/** What a field holds, in a few words. */
function summary(field: SchemaNode): string {
  if (field.enum) return l10n.t('one of {0}', field.enum.join(', '));
  if (field.type === 'integer' && field.minimum !== undefined && field.maximum !== undefined)
    return l10n.t('a whole number from {0} to {1}', field.minimum, field.maximum);
  if (field.type === 'array') return field.maxItems === undefined ? l10n.t('a list') : l10n.t('a list of {0} to {1}', field.minItems ?? 0, field.maxItems);
  if (field.type === 'object') return l10n.t('a map');
  if (field.format === 'ipv4') return 'an IPv4 address';
  return field.type === 'string' ? l10n.t('text') : (field.type ?? l10n.t('a value'));
}

/** The schema's description of the field under `offset` (and of a scheduler's value, the scheduler). */
export function labHover(text: string, offset: number): LabHover | undefined {
  const field = fieldAt(text, offset);
  const at = field && schemaAt(field.path);
  if (!field || !at) return undefined;
  const key = field.path.filter((p) => typeof p === 'string').at(-1);
  const need = at.required === undefined ? '' : at.required ? l10n.t('required, ') : l10n.t('optional, ');
  const lines = [`**${key}** (${need}${markdown(summary(at.node))})`];
  if (at.node.description) lines.push(markdown(at.node.description));
  const isScheduler = field.path.length === 1 && field.path[0] === 'scheduler';
  const explained = isScheduler && field.onValue ? schedulerText(String(field.value)) : undefined;
  if (explained) lines.push(`\`${String(field.value)}\`: ${markdown(explained)}`);
  return { markdown: lines.join('\n\n'), span: field.span };
}

/** Text as Markdown shows it, word for word: `lvslab-<lab>.<node>` is not an HTML tag. */
function markdown(text: string): string {
  return text.replace(/[\\`*_<>[\]]/g, '\\$&');
}
