// The extension bundle stays lean (issue 9): built as `node esbuild.mjs --production` builds it, but into a
// temporary folder, it weighs at most 700 KB, holds no gRPC, protobufjs or ssh2, and only zod/mini with its
// English messages. ssh2 comes from its own bundle beside it, loaded when an ssh:// engine is first used.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const MAX_EXTENSION_BYTES = 700 * 1000;
const repoRoot = join(__dirname, '..', '..');
/** Loads the bundles built here (and ssh2 itself) as Node loads dist/extension.js: with CommonJS require. */
const load = createRequire(__filename);

interface EsbuildConfig {
  bundleOptions: (options: { production?: boolean; outdir?: string }) => Record<'extension' | 'cli' | 'ssh2' | 'webview', esbuild.BuildOptions>;
  SSH2_FILE: string;
}

/** esbuild.mjs, imported as the ES module it is (tsc does not type .mjs files: the shape is stated above). */
const loadConfig = async () => (await import(pathToFileURL(join(repoRoot, 'esbuild.mjs')).href)) as EsbuildConfig;

/** The node_modules packages (or `src`) whose code ends up in the output, with their files. */
function inputsOf(meta: esbuild.Metafile): string[] {
  const [output] = Object.values(meta.outputs).filter((o) => o.entryPoint);
  return Object.entries(output.inputs)
    .filter(([, v]) => v.bytesInOutput > 0)
    .map(([path]) => path);
}

describe('the production extension bundle', () => {
  let dir: string;
  let bytes = 0;
  let inputs: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lvslab-bundle-'));
    const { bundleOptions } = await loadConfig();
    const options = bundleOptions({ production: true, outdir: dir }).extension;
    const r = await esbuild.build({ ...options, absWorkingDir: repoRoot, metafile: true, logLevel: 'silent' });
    const [output] = Object.values(r.metafile.outputs).filter((o) => o.entryPoint);
    bytes = output.bytes;
    inputs = inputsOf(r.metafile);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(`weighs at most ${MAX_EXTENSION_BYTES / 1000} KB`, () => {
    assert.ok(bytes <= MAX_EXTENSION_BYTES, `dist/extension.js would be ${(bytes / 1000).toFixed(0)} KB`);
    assert.ok(
      inputs.some((i) => i.startsWith('src/extension/')),
      'the bundle holds the extension',
    );
  });

  test('holds no gRPC, protobufjs or ssh2', () => {
    const banned = inputs.filter((i) => /node_modules\/(@grpc|protobufjs|ssh2)\//.test(i));
    assert.deepEqual(banned, []);
  });

  test("holds zod/mini with the English messages, not classic zod nor zod's other locales", () => {
    const zod = inputs.filter((i) => i.includes('node_modules/zod/'));
    assert.ok(zod.length > 0, 'the protocol validates with zod');
    assert.deepEqual(
      zod.filter((i) => /\/v4\/classic\//.test(i)),
      [],
    );
    assert.deepEqual(
      zod.filter((i) => /\/locales\//.test(i) && !i.endsWith('/locales/en.js')),
      [],
    );
  });
});

describe('ssh2, loaded lazily from its own bundle', () => {
  let dir: string;
  let ssh2File: string;
  type Stub = Record<string, unknown> & { Client: new () => object };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lvslab-ssh2-'));
    const { bundleOptions, SSH2_FILE } = await loadConfig();
    ssh2File = join(dir, SSH2_FILE);
    const { ssh2, cli } = bundleOptions({ production: true, outdir: dir });
    // What the extension and CLI bundles do with `ssh2`, on two small entries: the stub itself, and
    // docker-modem's lib/ssh.js, which reads `load('ssh2').Client` when it loads.
    const entry = (contents: string, outfile: string): esbuild.BuildOptions => ({
      ...cli,
      entryPoints: undefined,
      stdin: { contents, resolveDir: repoRoot, loader: 'js' },
      outfile: join(dir, outfile),
    });
    await Promise.all(
      [
        { ...ssh2, absWorkingDir: repoRoot },
        entry("module.exports = require('ssh2');", 'stub.js'),
        entry("module.exports = require('docker-modem/lib/ssh');", 'modemSsh.js'),
      ].map((o) => esbuild.build({ ...o, logLevel: 'silent' })),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const loaded = () => Object.keys(require.cache).includes(ssh2File);

  test('the stub offers the same exports as ssh2, and loading it loads nothing', () => {
    const stub = load(join(dir, 'stub.js')) as Stub;
    assert.deepEqual(Object.keys(stub).sort(), Object.keys(load('ssh2') as object).sort());
    assert.equal(loaded(), false);
  });

  test("docker-modem's ssh agent loads ssh2 when it is made, not before", () => {
    const makeAgent = load(join(dir, 'modemSsh.js')) as (opt: object) => { destroy(): void };
    assert.equal(loaded(), false, 'loading docker-modem/lib/ssh does not load ssh2');
    makeAgent({ host: '127.0.0.1' }).destroy();
    assert.equal(loaded(), true, 'making an ssh agent (new Client()) loads ssh2');
  });

  test('the stand-in Client makes real ssh2 clients', () => {
    const stub = load(join(dir, 'stub.js')) as Stub;
    const real = load(ssh2File) as Stub;
    const client = new stub.Client();
    assert.ok(client instanceof real.Client);
    assert.ok(client instanceof stub.Client);
    assert.equal(stub.utils, real.utils);
  });
});
