// A stand-in for the vscode API, enough for src/extension/labFiles: it records what the code did (diagnostics
// set, files written, documents opened, providers registered) and answers as `user` says. Import it first.
import Module from 'node:module';

class Emitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (l: (e: T) => void) => (this.listeners.push(l), { dispose: () => undefined });
  fire = (e: T) => this.listeners.forEach((l) => l(e));
}
export class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  get fsPath() {
    return this.path;
  }
  toString() {
    return `${this.scheme}://${this.path}`;
  }
  static file = (path: string) => new Uri('file', path);
  static joinPath = (base: Uri, ...parts: string[]) => new Uri(base.scheme, [base.path, ...parts].join('/'));
}
export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: number | Position, b: number | Position, c?: number, d?: number) {
    [this.start, this.end] = typeof a === 'number' ? [new Position(a, b as number), new Position(c!, d!)] : [a, b as Position];
  }
}

interface CompletionProvider {
  provideCompletionItems(doc: unknown, at: Position): unknown;
}
interface HoverProvider {
  provideHover(doc: unknown, at: Position): unknown;
}

/** What the code under test did through the API. */
export const seen = {
  diagnostics: new Map<string, { message: string; range: Range; source?: string }[]>(),
  files: new Map<string, string>(),
  opened: [] as string[],
  providers: {} as {
    completion?: { provideCompletionItems(doc: unknown, at: Position): unknown };
    hover?: { provideHover(doc: unknown, at: Position): unknown };
  },
  inputBox: undefined as undefined | { value?: string; validateInput: (v: string) => Promise<string | undefined> },
};
export const events = { open: new Emitter<unknown>(), change: new Emitter<{ document: unknown }>(), close: new Emitter<unknown>() };
/** What the user answers: the name typed (undefined: Escape) and the workspace folders. */
export const user = { answer: undefined as string | undefined, folders: [] as { name: string; uri: Uri }[] };

const vscode = {
  Uri,
  Range,
  Position,
  DiagnosticSeverity: { Error: 0 },
  Diagnostic: class {
    source?: string;
    constructor(
      readonly range: Range,
      readonly message: string,
      readonly severity: number,
    ) {}
  },
  CompletionItemKind: { Property: 9, EnumMember: 19 },
  CompletionItem: class {
    constructor(
      readonly label: string,
      readonly kind: number,
    ) {}
  },
  SnippetString: class {
    constructor(readonly value: string) {}
  },
  MarkdownString: class {
    constructor(readonly value: string) {}
  },
  Hover: class {
    constructor(
      readonly contents: { value: string },
      readonly range: Range,
    ) {}
  },
  Disposable: { from: (...d: unknown[]) => ({ dispose: () => d }) },
  languages: {
    createDiagnosticCollection: () => ({
      set: (uri: Uri, d: never[]) => seen.diagnostics.set(uri.toString(), d),
      delete: (uri: Uri) => seen.diagnostics.delete(uri.toString()),
    }),
    registerCompletionItemProvider: (_s: unknown, p: CompletionProvider) => ((seen.providers.completion = p), {}),
    registerHoverProvider: (_s: unknown, p: HoverProvider) => ((seen.providers.hover = p), {}),
  },
  workspace: {
    textDocuments: [] as unknown[],
    get workspaceFolders() {
      return user.folders;
    },
    onDidOpenTextDocument: events.open.event,
    onDidChangeTextDocument: events.change.event,
    onDidCloseTextDocument: events.close.event,
    fs: {
      stat: (uri: Uri) => (seen.files.has(uri.path) ? Promise.resolve({}) : Promise.reject(new Error('FileNotFound'))),
      writeFile: (uri: Uri, bytes: Uint8Array) => (seen.files.set(uri.path, new TextDecoder().decode(bytes)), Promise.resolve()),
    },
  },
  window: {
    showInputBox: (options: NonNullable<typeof seen.inputBox>) => ((seen.inputBox = options), Promise.resolve(user.answer)),
    showWorkspaceFolderPick: () => Promise.resolve(user.folders[1]),
    showTextDocument: (uri: Uri) => (seen.opened.push(uri.path), Promise.resolve()),
  },
};
const loader = Module as unknown as { _load: (r: string, ...rest: unknown[]) => unknown };
const load = loader._load;
loader._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
