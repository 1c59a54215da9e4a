// Where a cursor is in a YAML text, as a path of keys and indexes. Text being typed is rarely valid YAML,
// so the word at the cursor is replaced with a marker (`marker:` where a key goes, `marker` where a value
// goes) and the yaml package, which parses block, flow and broken YAML alike, says where the marker landed.
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

export type YamlPath = (string | number)[];

export interface CursorContext {
  /** A key is being typed in the map at `path`, or a value at `path` (the key's own path). */
  kind: 'key' | 'value';
  path: YamlPath;
  /** The keys the map at `path` (for a key) already has, the one being typed left out. */
  siblings: string[];
  /** The offsets of the word at the cursor, which a completion replaces. */
  word: readonly [number, number];
  /** The line is inside a flow collection (`{ lan: … }`), where a key's value stays on its line. */
  flow: boolean;
  /** A value is typed right after its key's colon, so it needs a space before it. */
  spaceFirst: boolean;
  /** The parsed text, marker and all. */
  doc: Document.Parsed;
}

const MARKER = 'lvslab__cursor__';
const WORD_BEFORE = /[\w$.-]*$/;
const WORD_AFTER = /^[\w$.-]*/;

/** What is being typed at `offset`; undefined inside a comment or where the marker lands nowhere. */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEndAt = text.indexOf('\n', offset);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  const wordStart = offset - WORD_BEFORE.exec(before)![0].length;
  const wordEnd = offset + WORD_AFTER.exec(after)![0].length;
  const head = text.slice(lineStart, wordStart);
  if (/(^|\s)#/.test(head)) return undefined;
  const flow = depth(head, '{', '}') > 0;
  // After a flow map's last `{` or `,` (or a block line's indentation and `- `), a colon means a value is being typed.
  const segment = flow ? head.slice(Math.max(head.lastIndexOf('{'), head.lastIndexOf(',')) + 1) : head.replace(/^\s*(-\s+)*/, '');
  const kind = segment.includes(':') ? 'value' : 'key';
  const keyFollows = /^\s*:/.test(text.slice(wordEnd, lineEnd));
  const spaceFirst = kind === 'value' && head.endsWith(':');
  const marker = kind === 'key' && !keyFollows ? `${MARKER}:` : spaceFirst ? ` ${MARKER}` : MARKER;
  const doc = parseDocument(text.slice(0, wordStart) + marker + text.slice(wordEnd));
  const found = findMarker(doc.contents, []);
  if (!found || found.kind !== kind) return undefined;
  return { ...found, word: [wordStart, wordEnd], flow, spaceFirst, doc };
}

function depth(text: string, open: string, close: string): number {
  let d = 0;
  for (const c of text) d += c === open ? 1 : c === close ? -1 : 0;
  return d;
}

function findMarker(node: unknown, path: YamlPath): Pick<CursorContext, 'kind' | 'path' | 'siblings'> | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === MARKER) {
        const siblings = node.items.flatMap((p) => (isScalar(p.key) && p.key.value !== MARKER ? [String(p.key.value)] : []));
        return { kind: 'key', path, siblings };
      }
      if (key === undefined) continue;
      if (isScalar(pair.value) && pair.value.value === MARKER) return { kind: 'value', path: [...path, key], siblings: [] };
      const inner = findMarker(pair.value, [...path, key]);
      if (inner) return inner;
    }
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) {
      const inner = findMarker(item, [...path, i]);
      if (inner) return inner;
    }
  }
  return undefined;
}

export interface FieldAt {
  path: YamlPath;
  /** The cursor is on the value, not the key. */
  onValue: boolean;
  /** The span of the key and its scalar value, or the key alone when the value is a collection. */
  span: readonly [number, number];
  value?: unknown;
}

/** The innermost key under `offset`, or the scalar value of one. */
export function fieldAt(text: string, offset: number): FieldAt | undefined {
  return fieldIn(parseDocument(text).contents, [], offset);
}

function fieldIn(node: unknown, path: YamlPath, offset: number): FieldAt | undefined {
  const within = (n: unknown): n is Node => !!(n as Node | null)?.range && (n as Node).range![0] <= offset && offset <= (n as Node).range![1];
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const here = [...path, String(pair.key.value)];
      const value = isScalar(pair.value) ? pair.value : undefined;
      const end = value?.range && value.range[1] > value.range[0] ? value.range[1] : pair.key.range[1];
      const span = [pair.key.range[0], end] as const;
      if (within(pair.key)) return { path: here, onValue: false, span, value: value?.value };
      if (value && within(value)) return { path: here, onValue: true, span, value: value.value };
      if (within(pair.value)) return fieldIn(pair.value, here, offset);
    }
  }
  if (isSeq(node)) {
    for (const [i, item] of node.items.entries()) if (within(item)) return fieldIn(item, [...path, i], offset);
  }
  return undefined;
}
