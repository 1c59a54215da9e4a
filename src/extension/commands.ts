// The LVS Lab commands. Long work runs under a progress notification, cancellable
// where it can stop cleanly (between steps); every result is read back from the lab.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { messageOf, type StepState } from '../core/engine';
import { listLabs, resolveLab } from '../core/labLoader';
import { stepInfo } from '../core/step';
import { doctor } from '../service/doctor';
import type { LabController } from './labController';
import { LivePanel } from './livePanel';
import { openNodeShell } from './nodeShell';
import { readSettings } from './settings';
import type { TreeNode } from './treeModel';

const LAST_LOAD_KEY = 'lvsLab.lastLoadTest';
const LAB_KEY = 'lvsLab.currentLab';
const STATUS_WORD: Record<StepState['status'], string> = {
  done: '$(pass-filled) done',
  pending: '$(circle-large-outline) pending',
  failed: '$(error) failed',
  drifted: '$(warning) drifted',
};

export function registerCommands(context: vscode.ExtensionContext, c: LabController): void {
  const register = (id: string, fn: (...args: never[]) => unknown) =>
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          await fn(...args);
        } catch (e) {
          if (e instanceof Error && e.name === 'AbortError') return void vscode.window.showInformationMessage('LVS Lab: cancelled.');
          c.log.error(`${id}: ${messageOf(e)}`);
          void vscode.window.showErrorMessage(`LVS Lab: ${messageOf(e)}`, 'Show Logs').then((a) => a && c.log.show());
        }
      }),
    );

  const withProgress = <T>(title: string, cancellable: boolean, work: (report: (m: string) => void, signal: AbortSignal) => Promise<T>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `LVS Lab: ${title}`, cancellable }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return work((message) => {
        c.log.info(message);
        progress.report({ message });
      }, abort.signal);
    });

  const summarize = (states: StepState[]) => {
    const failed = states.filter((s) => s.status === 'failed');
    if (failed.length) {
      void vscode.window
        .showErrorMessage(`LVS Lab: ${failed.map((f) => `${f.id} failed: ${f.detail}`).join('; ')}`, 'Show Logs')
        .then((a) => a && c.log.show());
    }
    return failed.length === 0;
  };

  const showError = (e: unknown) => void vscode.window.showErrorMessage(`LVS Lab: ${messageOf(e)}`);
  const openPanel = () => LivePanel.show(context, c, (r, n) => void loadTest(r, n).catch(showError));

  const loadTest = async (requests: number, concurrency: number) => {
    const panel = openPanel();
    panel.post({ type: 'loadStarted', requests, concurrency });
    await context.workspaceState.update(LAST_LOAD_KEY, { requests, concurrency });
    try {
      const result = await withProgress(`load test, ${requests} requests`, false, async (report) => {
        let last = -1;
        return c.service.loadTest({ requests, concurrency }, (done, total) => {
          panel.post({ type: 'loadProgress', done, total });
          const pct = Math.floor((done / total) * 10);
          if (pct !== last) report(`${done}/${total}`);
          last = pct;
        });
      });
      c.setLastLoad(result);
      panel.post({ type: 'loadResult', requests, concurrency, stats: result.summary });
      const dist = result.summary.backends.map((b) => `${b.backend} ${b.count}`).join(', ');
      c.log.info(`Load test: ${result.summary.ok}/${result.summary.total} ok — ${dist}`);
    } catch (e) {
      panel.post({ type: 'loadError', message: messageOf(e) });
      throw e;
    }
  };

  register('lvsLab.start', async () => {
    const lab = await pickLab(context, c);
    if (!lab) return;
    c.setLab(lab);
    await context.workspaceState.update(LAB_KEY, lab.file);
    const states = await withProgress(`starting ${lab.name}`, true, (report, signal) => c.service.up(report, signal));
    await c.refresh();
    if (summarize(states)) void vscode.window.showInformationMessage(`LVS Lab: ${lab.title} is up — ${states.length} steps done.`);
  });

  register('lvsLab.runNextStep', async () => {
    await c.refresh();
    const next = c.status?.steps.find((s) => s.status !== 'done');
    if (!next) return void vscode.window.showInformationMessage('LVS Lab: every step is done.');
    await runStep(next.id);
  });

  const runStep = async (id: string) => {
    const state = await withProgress(`running ${id}`, false, () => c.service.runStep(id));
    await c.refresh();
    if (state.status === 'failed') throw new Error(`${state.id} failed: ${state.detail}`);
    void vscode.window.showInformationMessage(`LVS Lab: ${state.id} ${state.skipped ? 'was already done' : 'done'} — ${state.detail}`);
  };

  register('lvsLab.runStep', async (arg?: TreeNode | string) => {
    const fromTree = typeof arg === 'string' ? arg : arg?.kind === 'step' ? arg.ref : undefined;
    if (fromTree) return runStep(fromTree);
    await c.refresh();
    const status = new Map(c.status?.steps.map((s) => [s.id, s]));
    const picked = await vscode.window.showQuickPick(
      c.service.engine.steps.map(stepInfo).map((s) => ({
        label: s.title,
        description: `${s.id} · ${STATUS_WORD[status.get(s.id)?.status ?? 'pending']}`,
        detail: s.commands.join('  ⏎  '),
        id: s.id,
      })),
      { title: 'LVS Lab: Run Step', placeHolder: 'Which step? (done steps run nothing)', matchOnDescription: true, matchOnDetail: true },
    );
    if (picked) await runStep(picked.id);
  });

  register('lvsLab.runAllSteps', async () => {
    const states = await withProgress('running every step', true, async (report, signal) =>
      c.service.engine.runAll((s) => report(`${s.id}: ${s.status}`), signal),
    );
    await c.refresh();
    if (summarize(states)) void vscode.window.showInformationMessage('LVS Lab: every step is done.');
  });

  register('lvsLab.openPanel', openPanel);

  register('lvsLab.loadTest', async (requests?: number, concurrency?: number) => {
    if (typeof requests !== 'number' || typeof concurrency !== 'number') {
      const s = readSettings();
      const last = context.workspaceState.get<{ requests: number; concurrency: number }>(LAST_LOAD_KEY) ?? {
        requests: s.loadRequests,
        concurrency: s.loadConcurrency,
      };
      const r = await askInt('Requests to send to the VIP', last.requests, 1, 100_000);
      if (r === undefined) return;
      const n = await askInt('Requests in flight at once (concurrency)', Math.min(last.concurrency, r), 1, 300);
      if (n === undefined) return;
      [requests, concurrency] = [r, n];
    }
    await loadTest(requests, concurrency);
  });

  register('lvsLab.reset', async () => {
    await withProgress(`resetting ${c.lab.name}`, false, (report) => c.service.reset(report));
    c.clearLastLoad();
    await c.refresh();
    void vscode.window.showInformationMessage(`LVS Lab: ${c.lab.name} reset — containers are fresh, every step is pending.`);
  });

  register('lvsLab.destroy', async () => {
    const ok = await vscode.window.showWarningMessage(`Remove the ${c.lab.name} lab's containers and networks?`, { modal: true }, 'Destroy');
    if (ok !== 'Destroy') return;
    await withProgress(`removing ${c.lab.name}`, false, (report) => c.service.down(report));
    c.clearLastLoad();
    await c.refresh();
  });

  register('lvsLab.openShell', async (arg?: TreeNode) => {
    await c.refresh();
    const running = c.status?.nodes.filter((n) => n.state === 'running') ?? [];
    const name =
      arg?.kind === 'node'
        ? arg.ref
        : (
            await vscode.window.showQuickPick(
              running.map((n) => ({ label: n.name, description: `${n.role} · ${Object.values(n.addresses).join(', ')}` })),
              { title: 'LVS Lab: Open Shell in Node' },
            )
          )?.label;
    const node = running.find((n) => n.name === name);
    if (!name) return;
    if (!node?.containerId) throw new Error(`${name} is not running`);
    openNodeShell(c.docker, node.containerId, node.name);
  });

  register('lvsLab.showLogs', async (arg?: TreeNode) => {
    if (arg?.kind !== 'node' || !arg.ref) return c.log.show();
    const node = c.status?.nodes.find((n) => n.name === arg.ref);
    if (!node?.containerId) throw new Error(`${arg.ref} has no container`);
    const logs = await c.docker.getContainer(node.containerId).logs({ stdout: true, stderr: true, tail: 500, timestamps: true });
    const role = c.lab.nodes.find((n) => n.name === node.name)?.role;
    let apache = '';
    if (role === 'real') {
      const r = await c.service.runtime.exec(node.name, ['tail', '-n', '200', '/var/log/apache2/access.log', '/var/log/apache2/error.log'], {
        timeoutMs: 10_000,
      });
      apache = r.stdout || r.stderr;
    }
    const text = [
      `# ${node.name}: container output (docker logs)`,
      demux(logs) || '(none)',
      ...(role === 'real' ? [`# ${node.name}: httpd logs`, apache] : []),
    ].join('\n\n');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: text, language: 'log' }), { preview: true });
  });

  register('lvsLab.doctor', async () => {
    const report = await withProgress('checking Docker and IPVS', false, () => doctor(c.docker, c.endpoint, c.lab));
    const find = (k: string) => report.findings.find((f) => f.check === k);
    await c.setDockerState(find('docker')?.status === 'fail' ? 'unreachable' : find('ipvs')?.status === 'fail' ? 'noIpvs' : 'ok');
    for (const f of report.findings) c.log[f.status === 'fail' ? 'error' : f.status === 'warn' ? 'warn' : 'info'](`doctor ${f.check}: ${f.message}`);
    const problems = report.findings.filter((f) => f.status !== 'ok');
    if (problems.length === 0) void vscode.window.showInformationMessage(`LVS Lab: all good — ${report.findings.map((f) => f.message).join('; ')}`);
    else
      void vscode.window[report.ok ? 'showWarningMessage' : 'showErrorMessage'](`LVS Lab: ${problems.map((f) => f.message).join(' — ')}`, 'Show Logs').then(
        (a) => a && c.log.show(),
      );
    await c.refresh();
  });

  register('lvsLab.refresh', () => c.refresh());
}

async function pickLab(context: vscode.ExtensionContext, c: LabController) {
  const preferred = readSettings().lab;
  const shipped = listLabs(vscode.Uri.joinPath(context.extensionUri, 'labs').fsPath).map((name) => ({
    name,
    path: vscode.Uri.joinPath(context.extensionUri, 'labs', `${name}.yaml`).fsPath,
  }));
  const own = (await vscode.workspace.findFiles('**/*.lvslab.yaml', '**/node_modules/**', 50)).map((u) => ({
    name: vscode.workspace.asRelativePath(u),
    path: u.fsPath,
  }));
  const choices = [...shipped, ...own].map((l) => {
    try {
      const lab = resolveLab(l.path);
      return {
        label: l.name,
        description: `${lab.mode.toUpperCase()} · ${lab.scheduler} · VIP ${lab.service.vip}:${lab.service.port}`,
        detail: lab.title,
        path: l.path,
      };
    } catch (e) {
      return { label: l.name, description: '$(error) invalid', detail: messageOf(e).split('\n')[0], path: l.path };
    }
  });
  const first = choices.findIndex((x) => x.label === preferred || x.path === preferred);
  if (first > 0) choices.unshift(...choices.splice(first, 1));
  if (!choices.some((x) => x.label === preferred || x.path === preferred) && existsSync(preferred)) {
    choices.unshift({ label: preferred, description: 'from settings', detail: '', path: preferred });
  }
  const picked = choices.length === 1 ? choices[0] : await vscode.window.showQuickPick(choices, { title: 'LVS Lab: Start Lab', placeHolder: 'Which lab?' });
  return picked ? resolveLab(picked.path) : undefined;
}

async function askInt(prompt: string, value: number, min: number, max: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'LVS Lab: Run Load Test',
    prompt,
    value: String(value),
    validateInput: (v) => (/^\d+$/.test(v.trim()) && +v >= min && +v <= max ? undefined : `A whole number from ${min} to ${max}`),
  });
  return text === undefined ? undefined : Number(text.trim());
}

/** docker logs without a TTY come multiplexed: 8-byte frame headers before each chunk. */
function demux(buffer: Buffer): string {
  const parts: string[] = [];
  let i = 0;
  while (i + 8 <= buffer.length && (buffer[i] === 1 || buffer[i] === 2) && buffer.readUIntBE(i + 1, 3) === 0) {
    const size = buffer.readUInt32BE(i + 4);
    parts.push(buffer.subarray(i + 8, i + 8 + size).toString());
    i += 8 + size;
  }
  return i === 0 ? buffer.toString() : parts.join('');
}
