// Bundles: dist/extension.js (VS Code host), dist/cli.js (lvs-lab) and the webview's
// browser bundle (dist/webview/). The node image's build context is copied beside them.
import { chmodSync, cpSync, existsSync, mkdirSync } from 'node:fs';
import process from 'node:process';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/**
 * dockerode -> docker-modem -> ssh2 optionally loads native addons (cpu-features,
 * sshcrypto.node) that cannot be bundled; ssh2 falls back to pure JS without them.
 */
const noNativeAddons = {
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
const noBuildKitSession = {
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

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  plugins: [noNativeAddons, noBuildKitSession],
};

const builds = [
  { ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  // The live panel runs in the webview: a browser bundle, its CSS beside it.
  {
    bundle: true,
    platform: 'browser',
    target: 'chrome120',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
    entryPoints: ['webview/main.ts'],
    outdir: 'dist/webview',
    loader: { '.css': 'css' },
  },
];

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
