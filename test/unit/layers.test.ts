// The layers, read from the import graph: nothing imports upwards, and the CLI and the
// extension host reach Docker only through the lab service.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';

const root = join(__dirname, '..', '..');

type Layer = 'core' | 'docker' | 'service' | 'cli' | 'extension' | 'protocol' | 'webview' | 'labs';

function layerOf(file: string): Layer | undefined {
  const [top, sub] = relative(root, file).split('/');
  if (top === 'webview' || top === 'labs') return top;
  return top === 'src' ? (sub as Layer) : undefined;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !relative(root, f).startsWith('webview/dev/'));
}

/** Every module each file imports (static, type-only, dynamic, re-exports): a package name or a layer. */
const edges = [...sources(join(root, 'src')), ...sources(join(root, 'webview'))].flatMap((file) =>
  ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map(({ fileName }) => ({
    from: relative(root, file),
    layer: layerOf(file)!,
    to: fileName.startsWith('.') ? (layerOf(resolve(dirname(file), fileName)) ?? fileName) : fileName.split('/')[0],
  })),
);

/** What each layer may import besides itself, Node's built-ins and npm packages not listed as forbidden. */
const rules: Record<Exclude<Layer, 'labs'>, { layers: Layer[]; packages: string[] }> = {
  core: { layers: ['labs'], packages: ['vscode', 'dockerode', 'docker-modem'] },
  docker: { layers: ['core'], packages: ['vscode'] },
  service: { layers: ['core', 'docker'], packages: ['vscode'] },
  cli: { layers: ['core', 'service'], packages: ['vscode', 'dockerode', 'docker-modem'] },
  extension: { layers: ['core', 'service', 'protocol', 'labs'], packages: ['dockerode', 'docker-modem'] },
  protocol: { layers: ['core'], packages: ['vscode', 'dockerode', 'docker-modem'] },
  webview: { layers: ['core', 'protocol'], packages: ['vscode', 'dockerode', 'docker-modem', 'node:fs', 'node:child_process'] },
};
const LAYERS = new Set<string>(['core', 'docker', 'service', 'cli', 'extension', 'protocol', 'webview', 'labs']);

describe('layers (the import graph of src/ and webview/)', () => {
  test('the graph was read: every layer has files with imports', () => {
    for (const layer of Object.keys(rules))
      assert.ok(
        edges.some((e) => e.layer === layer),
        `no imports read in ${layer}`,
      );
  });

  for (const [layer, rule] of Object.entries(rules)) {
    test(`${layer} imports only ${[layer, ...rule.layers].join(', ')} of the project, and none of ${rule.packages.join(', ')}`, () => {
      const bad = edges.filter(
        (e) => e.layer === layer && ((LAYERS.has(e.to) && e.to !== layer && !rule.layers.includes(e.to as Layer)) || rule.packages.includes(e.to)),
      );
      assert.deepEqual(
        bad.map((e) => `${e.from} → ${e.to}`),
        [],
      );
    });
  }
});
