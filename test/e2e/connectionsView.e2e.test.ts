// The Connections side view in real VS Code (issue 13): before a lab it says so; with the TUN lab up, its
// scheduler changed from sh to rr (one client address: sh would send every request to one real server) and a
// load test of 40 run from the palette, it shows both real servers with 20 FIN_WAIT entries each and the split 20/20
// next to the prediction, without the live panel ever opening; it fits the side bar without scrolling sideways.
// Then, with the panel open too, the director is still read by one stream: Docker shows one running in it, and
// none starts while both views keep receiving the same readings.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { cli } from '../support/cli';
import { dockerFor, ensureEngine } from '../support/engine';
import { packageExtension, README_SCREENSHOT_DIR, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const REAL = { node02: '192.168.153.12', node03: '192.168.153.13' };
const DIRECTOR = 'lvslab-tun.node01';
const INTERVAL_MS = 1500;

/** The text of an element of the side view, trimmed; null while it is not there. */
const read = (frame: Frame, id: string) =>
  frame
    .getByTestId(id)
    .textContent({ timeout: 1000 })
    .then((s) => s?.trim() ?? null)
    .catch(() => null);

describe('the Connections side view in VS Code', { timeout: 40 * 60_000 }, () => {
  let vs: CodeServerSession;
  let dockerHost: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dockerHost = await ensureEngine();
    env = { ...process.env, DOCKER_HOST: dockerHost };
    await cli(['down', '--lab', 'tun'], env);
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-connections.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    // The extension's lab is tun from the start (by default it is dr, which other tests may be running).
    vs = await startCodeServer({ vsix, dockerHost, name: 'connections', settings: { 'lvsLab.refreshIntervalMs': INTERVAL_MS, 'lvsLab.lab': 'tun' } });
  });

  after(async () => {
    await vs?.stop();
    await cli(['down', '--lab', 'tun'], env);
  });

  /** The webview frame that holds an element with this test id (the side view's and the panel's differ). */
  const frameWith = (testId: string, what: string) =>
    vs.waitFor(
      async () => {
        for (const f of vs.page.frames())
          if (
            (await f
              .getByTestId(testId)
              .count()
              .catch(() => 0)) > 0
          )
            return f;
        return undefined;
      },
      t(120_000),
      what,
    );
  const sideFrame = () => frameWith('side-status', 'the Connections view');

  test('with no lab running, the view says so instead of showing an empty box', async () => {
    await vs.openView('LVS Lab');
    const frame = await sideFrame();
    const status = await vs.waitFor(
      async () => {
        const s = await read(frame, 'side-status');
        return s && !/^Reading/.test(s) ? s : undefined;
      },
      t(120_000),
      'the side view to say why it shows nothing',
    );
    assert.match(status, /^No lab running\./);
  });

  test('TUN lab, a load test of 40 from the palette: the side view shows 20 FIN_WAIT entries to each real server and the 20/20 split, and the live panel never opens', async () => {
    await vs.runCommand('LVS Lab: Start Lab');
    await vs.answerQuickInput('tun', { expectPrompt: /lab/i });
    await vs.waitForNotification(/is up — (\d+) of \1 steps done/, t(20 * 60_000));
    await vs.runCommand('LVS Lab: Change Scheduler…');
    await vs.answerQuickInput('rr', { expectPrompt: /Now sh\. Which scheduler\? \|/ });
    await vs.waitForNotification(/scheduler rr, weights .*not persistent/, t(120_000));
    await vs.runCommand('LVS Lab: Run Load Test');
    await vs.answerQuickInput('40', { expectPrompt: /requests/i });
    await vs.answerQuickInput('4', { expectPrompt: /concurrency/i });

    const frame = await sideFrame();
    const split = await vs.waitFor(
      async () => {
        const cells = await Promise.all(
          ['side-load-node02', 'side-load-node03', 'side-load-predicted-node02', 'side-load-predicted-node03'].map((id) => read(frame, id)),
        );
        return cells.every((c) => c !== null) && cells;
      },
      t(5 * 60_000),
      'the load test split in the side view',
    );
    assert.deepEqual(split, ['20', '20', 'predicted 20', 'predicted 20']);
    assert.match((await read(frame, 'side-load-verdict')) ?? '', /^Predicted by \w+: matches\.$/);

    // The director's table, read after the load: 20 finished connections to each real server.
    const fin = await vs.waitFor(
      async () => {
        const n = await Promise.all(Object.values(REAL).map(async (ip) => Number((await read(frame, `side-dest-${ip}-FIN_WAIT`)) ?? -1)));
        return n.every((x) => x === 20) && n;
      },
      t(120_000),
      'FIN_WAIT 20 to node02 and 20 to node03 in the side view',
    );
    assert.deepEqual(fin, [20, 20]);
    for (const ip of Object.values(REAL)) assert.equal(await read(frame, `side-dest-${ip}-SYN_RECV`), '0');
    assert.equal(await frame.getByTestId('side-syn-recv-hint').isHidden(), true);
    // The state's meaning is on the chip, from the handbook.
    const title = await frame.getByTestId(`side-dest-${REAL.node02}-FIN_WAIT`).locator('..').getAttribute('title');
    assert.match(title ?? '', /^FIN_WAIT: a connection that happened and is finished/);
    // The newest entries: a virtual table, rows only for what is in view.
    assert.match((await read(frame, 'side-newest-count')) ?? '', /^\(\d+\)$/);

    const tabs = await vs.page.locator('.tabs-container .tab .label-name').allTextContents();
    assert.ok(!tabs.includes('LVS Lab: Live Panel'), `the live panel was opened: ${tabs.join(', ')}`);

    // A narrow side bar: drawn 300 px wide (its sash dragged there), nothing scrolls sideways.
    const bar = (await vs.page.locator('.part.sidebar').boundingBox())!;
    const sash = await vs.waitFor(
      async () => {
        for (const el of await vs.page.locator('.monaco-sash.vertical').all()) {
          const box = await el.boundingBox();
          if (box && Math.abs(box.x + box.width / 2 - (bar.x + bar.width)) <= 3) return box;
        }
        return undefined;
      },
      t(10_000),
      'the side bar’s sash',
    );
    await vs.page.mouse.move(sash.x + sash.width / 2, bar.y + bar.height / 2);
    await vs.page.mouse.down();
    await vs.page.mouse.move(bar.x + 300, bar.y + bar.height / 2, { steps: 10 });
    await vs.page.mouse.up();
    await vs.waitFor(
      async () => Math.round((await vs.page.locator('.part.sidebar').boundingBox())!.width) === 300 || undefined,
      t(10_000),
      'the side bar at 300 px',
    );
    const fit = await frame.evaluate(() => ({ width: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth }));
    assert.ok(fit.scroll <= fit.width, `the view is ${fit.scroll} px wide in ${fit.width} px`);
    assert.ok(fit.width <= 300, `the view is ${fit.width} px wide`);

    // For the picture, the Lab tree folded so the view has the side bar's height.
    // (On its title: the middle of the header holds the view's actions.)
    await vs.page.locator('.part.sidebar .pane-header .title', { hasText: /^Lab$/ }).click();
    await vs.page.waitForTimeout(1000);
    await vs.screenshot('connections-view');
    if (process.env.LVSLAB_E2E_UPDATE_SCREENSHOTS === '1') {
      mkdirSync(README_SCREENSHOT_DIR, { recursive: true });
      await vs.page.locator('.part.sidebar').screenshot({ path: path.join(README_SCREENSHOT_DIR, 'connections-view.png') });
    }
  });

  test('with the live panel open too, one live reader stream runs in the director (with the panel’s sections), none starts while both views get the same readings', async () => {
    await vs.runCommand('LVS Lab: Open Live Panel');
    const panel = await frameWith('read-at', 'the live panel');
    await vs.waitFor(async () => /read at \d\d:\d\d:\d\d/.test((await read(panel, 'read-at')) ?? '') || undefined, t(60_000), 'the panel’s first reading');
    // The side view is still on screen, beside the editor.
    const side = await sideFrame();
    // The panel asked for every node's sockets: the director's stream was started again with them. Settled once
    // both views have shown two readings of the new stream.
    const clock = (s: string | null) => /(\d\d:\d\d:\d\d)/.exec(s ?? '')?.[1] ?? null;
    // A reading as each view shows it: when, and how long the director took ("Read 04:13:34 in 1,092 ms",
    // "read at 04:13:34 (1092 ms)"). Two streams would not match in both.
    const reading = (s: string | null) => {
      const m = /(\d\d:\d\d:\d\d)\D+([\d,.]+) ms/.exec(s ?? '');
      return m ? `${m[1]}/${Math.round(Number(m[2].replace(/,/g, '')))} ms` : null;
    };
    const readings = async () => Promise.all([read(side, 'side-read-at'), read(panel, 'read-at')].map(async (x) => clock(await x)));
    const [side0, panel0] = await readings();
    let changes = 0;
    let last = `${side0}|${panel0}`;
    await vs.waitFor(
      async () => {
        const [sNow, pNow] = await readings();
        if (sNow !== side0 && pNow !== panel0 && `${sNow}|${pNow}` !== last) changes++;
        last = `${sNow}|${pNow}`;
        return changes >= 2 || undefined;
      },
      t(120_000),
      `both views to show new readings (side ${side0}, panel ${panel0} when the panel opened)`,
    );

    const docker = dockerFor(dockerHost);
    // Docker's event stream names every exec started in the director with its command. A live reader's stream is
    // `timeout 3600 sh -c …` (watchArgv); others (the Lab tree's status read, after any lab's container event) are
    // listed but not counted.
    const events = await docker.getEvents({ filters: { type: ['container'], container: [DIRECTOR] } });
    let execs = 0;
    const others: string[] = [];
    let partial = '';
    events.on('data', (chunk: Buffer) => {
      // One JSON object a line; a chunk may end inside one.
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        const action = (JSON.parse(line) as { Action?: string }).Action ?? '';
        if (/^exec_start: .*\btimeout \d+ sh -c next=/.test(action)) execs++;
        else if (action.startsWith('exec_start')) others.push(action.slice(0, 60));
      }
    });
    // The live reader streams running in the director now (Docker keeps each exec's command and whether it runs).
    const streams = async () => {
      const running: string[] = [];
      for (const id of (await docker.getContainer(DIRECTOR).inspect()).ExecIDs ?? []) {
        const e = await docker.getExec(id).inspect();
        if (e.Running && e.ProcessConfig.entrypoint === 'timeout') running.push(e.ProcessConfig.arguments.join(' '));
      }
      return running;
    };
    const streamsBefore = await streams();
    const sideTimes = new Set<string>();
    const panelTimes = new Set<string>();
    const until = Date.now() + 8 * INTERVAL_MS;
    while (Date.now() < until) {
      const [s, p] = await Promise.all([read(side, 'side-read-at'), read(panel, 'read-at')]);
      if (reading(s)) sideTimes.add(reading(s)!);
      if (reading(p)) panelTimes.add(reading(p)!);
      await new Promise((r) => setTimeout(r, 250));
    }
    (events as unknown as { destroy(): void }).destroy();
    const streamsAfter = await streams();

    const seen = `side ${[...sideTimes].join(', ')}; panel ${[...panelTimes].join(', ')}`;
    assert.equal(execs, 0, `${execs} live reader stream(s) started on ${DIRECTOR} while both views watched (${seen})`);
    // One stream with the panel's sections (netstat) serves both views. (A stream the reader let go of, the side
    // view's own before the panel asked for more, stays in the container: the exec is detached, not killed.)
    for (const running of [streamsBefore, streamsAfter]) {
      const panelStreams = running.filter((r) => /ipvsadm -Lnc.*netstat -natp/.test(r));
      assert.equal(panelStreams.length, 1, `live reader streams with the panel's sections in ${DIRECTOR}: ${panelStreams.length} of ${running.length}`);
    }
    if (streamsAfter.length > 1) console.log(`${streamsAfter.length - 1} detached earlier stream(s) still running in ${DIRECTOR}`);
    if (others.length) console.log(`other execs on ${DIRECTOR} meanwhile: ${others.join(' | ')}`);
    assert.ok(sideTimes.size >= 4 && panelTimes.size >= 4, `readings in ${(8 * INTERVAL_MS) / 1000} s: ${seen}`);
    // Sampled every 250 ms, a reading may be missed by one view at the window's edges, not in between.
    const shared = [...sideTimes].filter((x) => panelTimes.has(x));
    assert.ok(shared.length >= Math.max(sideTimes.size, panelTimes.size) - 2, `the views show the same readings (time and duration): ${seen}`);
  });
});
