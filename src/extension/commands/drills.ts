// Failure drills from VS Code (issue 11): break a real server one way (also from its context menu in the Lab view),
// see what the handbook says to look for in the Lessons tab, and undo it. Which drills are active is always read
// from the nodes (the service's drills()), never remembered here.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf } from '../../core/engine';
import { describeDrill, DRILL_INFO, DRILL_KINDS, NETEM_DEFAULTS, NETEM_LIMITS, type DrillKind, type NetemParams } from '../../core/drills';
import { realServers } from '../../core/lab';
import { DRILL_LOOK } from '../../service/drills';
import { drillResultMessage } from '../lessonMessages';
import { LivePanel } from '../livePanel';
import type { TreeNode } from '../treeModel';
import { register, withProgress, type CommandContext } from './ui';

/** Every string the drill commands show, in one place, translated when used. */
const TEXT = {
  pickKind: () => l10n.t('Which drill?'),
  pickNode: () => l10n.t('On which real server?'),
  delay: (max: number) => l10n.t('Delay per packet in ms (0 to {0})', max),
  loss: (max: number) => l10n.t('Packets lost in % (0 to {0})', max),
  badNumber: (max: number) => l10n.t('A number from 0 to {0}.', max),
  running: (kind: DrillKind, node: string) => l10n.t('{0} on {1}, then {2} requests…', kind, node, DRILL_LOOK.requests),
  noneActive: () => l10n.t('LVS Lab: no drill is active.'),
  all: () => l10n.t('All real servers'),
  undone: (lines: string[]) => (lines.length ? l10n.t('Undone: {0}.', lines.join('; ')) : l10n.t('No drill was active.')),
  left: (lines: string[]) => l10n.t('Still active: {0}; see the LVS Lab log.', lines.join('; ')),
  progress: (kind: DrillKind, node: string) => l10n.t('drill: {0} on {1}', kind, node),
  undoing: (node: string | undefined) => (node ? l10n.t('undoing drills on {0}', node) : l10n.t('undoing drills')),
};

const nodeOf = (arg?: TreeNode | string) => (typeof arg === 'string' ? arg : arg?.kind === 'node' ? arg.ref : undefined);

export function registerDrills(ctx: CommandContext): void {
  const c = ctx.lab;
  const panel = async () => {
    await vscode.commands.executeCommand('lvsLab.openPanel');
    const p = LivePanel.open;
    if (!p) throw new Error(l10n.t('the live panel did not open'));
    return p;
  };
  const pickNode = async (title: string) =>
    (await vscode.window.showQuickPick(
      realServers(c.lab).map((n) => n.name),
      { title, placeHolder: TEXT.pickNode() },
    )) ?? undefined;
  const askNumber = async (prompt: string, value: number, max: number) => {
    const text = await vscode.window.showInputBox({
      title: l10n.t('LVS Lab: netem drill'),
      prompt,
      value: String(value),
      validateInput: (v) => (v.trim() !== '' && Number(v) >= 0 && Number(v) <= max ? undefined : TEXT.badNumber(max)),
    });
    return text === undefined ? undefined : Number(text);
  };

  register(ctx, 'lvsLab.drill', async (arg?: TreeNode | string, kindArg?: DrillKind) => {
    const kind =
      kindArg ??
      (
        await vscode.window.showQuickPick(
          DRILL_KINDS.map((k) => ({ label: k, detail: DRILL_INFO[k] })),
          { title: l10n.t('LVS Lab: Failure Drill'), placeHolder: TEXT.pickKind() },
        )
      )?.label;
    if (!kind) return;
    const node = nodeOf(arg) ?? (await pickNode(l10n.t('LVS Lab: Failure Drill')));
    if (!node) return;
    let netem: NetemParams | undefined;
    if (kind === 'netem') {
      const delayMs = await askNumber(TEXT.delay(NETEM_LIMITS.maxDelayMs), NETEM_DEFAULTS.delayMs, NETEM_LIMITS.maxDelayMs);
      if (delayMs === undefined) return;
      const lossPercent = await askNumber(TEXT.loss(NETEM_LIMITS.maxLossPercent), NETEM_DEFAULTS.lossPercent, NETEM_LIMITS.maxLossPercent);
      if (lossPercent === undefined) return;
      netem = { delayMs: Math.round(delayMs), lossPercent };
    }
    const p = await panel();
    p.postLesson({ type: 'lessonStarted', lesson: 'drill', note: TEXT.running(kind, node) });
    try {
      const r = await withProgress(ctx, TEXT.progress(kind, node), false, () => c.service.drill(kind, node, netem, { requests: DRILL_LOOK.requests }));
      const m = drillResultMessage(r);
      if (m) p.postLesson(m);
      c.log.info(`Drill: ${r.active.map(describeDrill).join('; ')}; ${r.observation?.findings.map((f) => f.text).join(' ') ?? ''}`);
    } catch (e) {
      p.postLesson({ type: 'lessonError', lesson: 'drill', message: messageOf(e) });
      throw e;
    } finally {
      await c.refresh();
    }
  });

  register(ctx, 'lvsLab.undoDrill', async (arg?: TreeNode | string) => {
    let node = nodeOf(arg);
    if (node === undefined) {
      const active = await c.service.drills();
      if (active.length === 0) return void vscode.window.showInformationMessage(TEXT.noneActive());
      const nodes = [...new Set(active.map((a) => a.node))];
      const items = [
        ...(nodes.length > 1 ? [{ label: TEXT.all(), detail: active.map(describeDrill).join('; '), node: '' }] : []),
        ...nodes.map((n) => ({
          label: n,
          detail: active
            .filter((a) => a.node === n)
            .map(describeDrill)
            .join('; '),
          node: n,
        })),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: l10n.t('LVS Lab: Undo Drills') });
      if (!pick) return;
      node = pick.node;
    }
    try {
      const r = await withProgress(ctx, TEXT.undoing(node), false, () => c.service.undoDrills(node || undefined));
      const text = TEXT.undone(r.undone.map(describeDrill));
      LivePanel.open?.postLesson({ type: 'lessonNote', lesson: 'drill', note: text });
      if (r.left.length > 0) throw new Error(TEXT.left(r.left.map(describeDrill)));
      void vscode.window.showInformationMessage(l10n.t('LVS Lab: {0}', text));
    } finally {
      await c.refresh();
    }
  });
}
