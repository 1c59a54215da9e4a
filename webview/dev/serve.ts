// Serves the dev page on 127.0.0.1 only: the built panel (dist/webview, from `node esbuild.mjs`) under the
// panel's own CSP with a fresh nonce per page, the fake host (harness.ts) and the messages it plays.
// `?lang=zh-cn` puts l10n/bundle.l10n.zh-cn.json in the page as the extension host does (src/protocol/l10nBlock.ts).
//   node esbuild.mjs && node --import tsx webview/dev/serve.ts [port]
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import * as esbuild from 'esbuild';
import { htmlLang, l10nBlock } from '../../src/protocol/l10nBlock';
import { makeMessages } from './makeMessages';

const HERE = __dirname;
const ROOT = join(HERE, '..', '..');
const OUT = join(HERE, 'out');
const DIST = join(ROOT, 'dist', 'webview');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.ttf': 'font/ttf',
  '.png': 'image/png',
};

export interface DevServer {
  url: string;
  close(): Promise<void>;
}

/** A file under `dir`, or null for anything that would leave it. */
function inside(dir: string, rel: string): string | null {
  const path = normalize(join(dir, rel));
  return path.startsWith(dir + sep) && existsSync(path) ? path : null;
}

export async function startDevServer(port = 0): Promise<DevServer> {
  if (!existsSync(join(DIST, 'main.js'))) throw new Error('dist/webview/main.js is missing: run `node esbuild.mjs` first');
  mkdirSync(OUT, { recursive: true });
  const messages = `window.__LVS_DEV__ = ${JSON.stringify(makeMessages())};\n`;
  writeFileSync(join(OUT, 'messages.js'), messages);
  await esbuild.build({
    entryPoints: [join(HERE, 'harness.ts')],
    outfile: join(OUT, 'harness.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    sourcemap: true,
    logLevel: 'warning',
  });
  const template = readFileSync(join(HERE, 'index.html'), 'utf8');

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    let file: string | null = null;
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const nonce = randomBytes(16).toString('base64');
      const lang = url.searchParams.get('lang');
      const bundle = lang === 'zh-cn' ? (JSON.parse(readFileSync(join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json'), 'utf8')) as Record<string, string>) : undefined;
      const html = template
        .replaceAll('${cspSource}', origin)
        .replaceAll('${nonce}', nonce)
        .replace('<html lang="en">', () => `<html lang="${htmlLang(lang ?? 'en')}">`)
        // A function: the bundle's text may hold `$&` and the like.
        .replace('<div id="app"></div>', () => `<div id="app"></div>\n    ${l10nBlock(bundle)}`);
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(html);
      return;
    }
    if (url.pathname.startsWith('/dist/webview/')) file = inside(DIST, url.pathname.slice('/dist/webview/'.length));
    else if (url.pathname === '/dev/theme.css') file = join(HERE, 'theme.css');
    else if (url.pathname.startsWith('/dev/')) file = inside(OUT, url.pathname.slice('/dev/'.length));
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (require.main === module) {
  const port = Number(process.argv[2] ?? process.env.PORT ?? 5178);
  startDevServer(port).then(
    (dev) => console.log(`LVS Lab panel dev page: ${dev.url}  (scenes: ?scene=healthy|big|broken|errors, ?live=0, ?lang=zh-cn)`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
}
