// Bundles: dist/extension.js (VS Code host), dist/cli.js (lvs-lab), dist/ssh2.js (loaded by both only for
// ssh:// Docker hosts) and the webview's browser bundle (dist/webview/). The node image's build context is
// copied beside them. `node esbuild.mjs [--production] [--watch]` builds; test/unit/bundle.test.ts imports
// bundleOptions() to build the same bundles elsewhere.
import { chmodSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

/**
 * dockerode -> docker-modem -> ssh2 optionally loads native addons (cpu-features,
 * sshcrypto.node) that cannot be bundled; ssh2 falls back to pure JS without them.
 */
export const noNativeAddons = {
  name: 'no-native-addons',
  setup(build) {
    build.onResolve({ filter: /^cpu-features$|\.node$/ }, (args) => ({ path: args.path, namespace: 'no-native' }));
    build.onLoad({ filter: /.*/, namespace: 'no-native' }, () => ({
      contents: 'throw new Error("native addon left out of the bundle");',
      loader: 'js',
    }));
  },
};

/**
 * dockerode's BuildKit session (lib/session.js: grpc, protobufjs) serves only `buildImage`
 * with `version: '2'`, which the project never asks for; without it the bundles lose ~2 MB.
 */
export const noBuildKitSession = {
  name: 'no-buildkit-session',
  setup(build) {
    build.onResolve({ filter: /^\.\/session$/ }, (args) =>
      /dockerode[\\/]lib$/.test(args.resolveDir) ? { path: 'dockerode-session', namespace: 'no-buildkit' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'no-buildkit' }, () => ({
      contents: 'module.exports = function () { throw new Error("BuildKit sessions are left out of the LVS Lab bundle"); };',
      loader: 'js',
    }));
  },
};

/** ssh2's own bundle, written beside the bundles that load it lazily. */
export const SSH2_FILE = 'ssh2.js';

/**
 * ssh2 (~270 KB minified) serves only ssh:// Docker hosts: docker-modem's lib/ssh.js reads
 * `require('ssh2').Client` when it loads and calls `new Client()` when a request goes out over ssh.
 * `ssh2` resolves to this stub instead, which requires ./ssh2.js (its own bundle, beside the one that
 * holds the stub) on first use: `Client` is a stand-in class whose construction (or any property read)
 * loads the real one, the other exports are getters.
 */
const LAZY_SSH2 = `'use strict';
let ssh2;
const load = () => ssh2 || (ssh2 = require('./${SSH2_FILE}'));
const lazyClass = (name) =>
  new Proxy(function () {}, {
    construct: (_target, args, newTarget) => Reflect.construct(load()[name], args, newTarget === lazy[name] ? load()[name] : newTarget),
    apply: (_target, self, args) => Reflect.apply(load()[name], self, args),
    get: (_target, key) => Reflect.get(load()[name], key),
    getPrototypeOf: () => Reflect.getPrototypeOf(load()[name]),
  });
const lazy = {};
lazy.Client = lazyClass('Client');
for (const name of ['AgentProtocol', 'BaseAgent', 'createAgent', 'CygwinAgent', 'HTTPAgent', 'HTTPSAgent', 'OpenSSHAgent', 'PageantAgent', 'Server', 'utils']) {
  Object.defineProperty(lazy, name, { enumerable: true, get: () => load()[name] });
}
module.exports = lazy;
`;

export const lazySsh2 = {
  name: 'lazy-ssh2',
  setup(build) {
    build.onResolve({ filter: /^ssh2$/ }, () => ({ path: 'ssh2', namespace: 'lazy-ssh2' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-ssh2' }, () => ({ contents: LAZY_SSH2, loader: 'js' }));
    // The stub's require('./ssh2.js') stays a require, resolved at run time beside the bundle.
    build.onResolve({ filter: new RegExp(`^\\./${SSH2_FILE.replace('.', '\\.')}$`), namespace: 'lazy-ssh2' }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * The esbuild options of each bundle, written under `outdir`.
 * @param {{ production?: boolean, outdir?: string }} [options]
 */
export function bundleOptions({ production = false, outdir = 'dist' } = {}) {
  const node = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    plugins: [noNativeAddons, noBuildKitSession, lazySsh2],
  };
  return {
    extension: { ...node, entryPoints: ['src/extension/extension.ts'], outfile: join(outdir, 'extension.js'), external: ['vscode'] },
    cli: { ...node, entryPoints: ['src/cli/main.ts'], outfile: join(outdir, 'cli.js') },
    ssh2: {
      ...node,
      plugins: [noNativeAddons],
      entryPoints: [createRequire(import.meta.url).resolve('ssh2')],
      outfile: join(outdir, SSH2_FILE),
    },
    // The live panel (main) and the Connections side view (side) run in webviews: browser bundles, each with
    // its CSS beside it. The side view's own entry leaves out what only the panel needs (Chart.js, the toolkit).
    webview: {
      bundle: true,
      platform: 'browser',
      target: 'chrome120',
      format: 'iife',
      sourcemap: !production,
      minify: production,
      logLevel: 'info',
      entryPoints: ['webview/main.ts', 'webview/side.ts'],
      outdir: join(outdir, 'webview'),
      loader: { '.css': 'css' },
    },
  };
}

async function main() {
  const watch = process.argv.includes('--watch');
  const production = process.argv.includes('--production');
  const builds = Object.values(bundleOptions({ production }));

  // Every entry point must exist: a bundle left out in silence would ship a broken extension.
  const missing = builds.flatMap((b) => b.entryPoints).filter((e) => !existsSync(e));
  if (missing.length > 0) throw new Error(`missing entry point${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`);

  mkdirSync('dist', { recursive: true });
  cpSync('src/docker/node-image', 'dist/node-image', { recursive: true });
  cpSync('src/extension/media', 'dist/media', { recursive: true });

  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
  } else {
    await Promise.all(builds.map((b) => esbuild.build(b)));
    chmodSync('dist/cli.js', 0o755);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
