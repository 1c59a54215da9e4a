// A lab file's problems placed in its text, for an editor's diagnostics: the same checkLab as the CLI,
// each problem's dotted field (`nodes[2].addresses.lan`) found again in the parsed YAML's node ranges.
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import { checkLab, labsDir, type LabTextProblem } from './labLoader';

/** A place in a text: 0-based line and character (UTF-16 code units, as the yaml package and VS Code count). */
export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

export interface LocatedProblem {
  /** As the CLI prints it: `field: message`, or the message alone for the whole file. */
  message: string;
  range: TextRange;
}

/** Every problem checkLab finds in `text`, each at the place it is about. */
export function labFileProblems(text: string, file: string, shippedDir = labsDir()): LocatedProblem[] {
  const { problems, doc } = checkLab(text, file, shippedDir);
  const starts = lineStarts(text);
  return problems.map((p) => {
    const [from, to] = p.pos ?? clipToLine(text, (doc && locate(doc, p)) ?? [0, text.length]);
    const message = p.pos ? p.message.replace(/ at line \d+, column \d+:?$/, '') : p.message;
    return { message: p.field ? `${p.field}: ${message}` : message, range: { start: positionAt(starts, from), end: positionAt(starts, Math.max(from, to)) } };
  });
}

type Span = readonly [number, number];

/**
 * The span of the problem's field: its value when that is a scalar, its key when the value is a collection
 * (or the key is what is wrong); a field that is not there falls back to the nearest parent that is.
 */
function locate(doc: Document.Parsed, problem: LabTextProblem): Span | undefined {
  let node: unknown = doc.contents;
  let key: Node | undefined;
  let rest = problem.field;
  let found: Span | undefined;
  while (rest) {
    const step = isSeq(node) ? seqStep(node.items, rest) : isMap(node) ? mapStep(node.items, rest) : undefined;
    if (!step) break;
    [node, key, rest] = step;
    found = spanOf(node, key, !rest && problem.atKey === true) ?? found;
  }
  return found;
}

type Step = [node: unknown, key: Node | undefined, rest: string];

function seqStep(items: unknown[], rest: string): Step | undefined {
  const m = /^\[(\d+)\](?=$|[.[])\.?/.exec(rest);
  const item = m ? items[Number(m[1])] : undefined;
  return m && item !== undefined ? [item, undefined, rest.slice(m[0].length)] : undefined;
}

/** The pair whose key begins `rest`, the longest if several do (a key may hold a dot). */
function mapStep(items: { key: unknown; value: unknown }[], rest: string): Step | undefined {
  let best: { key: Node; value: unknown; name: string } | undefined;
  for (const pair of items) {
    if (!isScalar(pair.key)) continue;
    const name = String(pair.key.value);
    const follows = rest.charAt(name.length);
    if (rest.startsWith(name) && (follows === '' || follows === '.' || follows === '[') && name.length > (best?.name.length ?? -1)) {
      best = { key: pair.key, value: pair.value, name };
    }
  }
  if (!best) return undefined;
  const after = rest.slice(best.name.length);
  return [best.value, best.key, after.startsWith('.') ? after.slice(1) : after];
}

function spanOf(node: unknown, key: Node | undefined, atKey: boolean): Span | undefined {
  const keySpan = key?.range ? ([key.range[0], key.range[1]] as const) : undefined;
  if (atKey && keySpan) return keySpan;
  const range = (node as Node | null)?.range;
  if (isScalar(node) && range && range[1] > range[0]) return [range[0], range[1]];
  if (keySpan) return keySpan;
  return range ? [range[0], range[1]] : undefined;
}

/** A field's span on its first line only: an item of a sequence, or the whole file, is marked where it starts. */
function clipToLine(text: string, [from, to]: Span): Span {
  const end = text.indexOf('\n', from);
  return [from, end < 0 ? to : Math.min(to, end)];
}

/** The offset where each line starts. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(starts: number[], offset: number): TextPosition {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}
