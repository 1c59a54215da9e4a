// The handbook's lessons seen happen (issue 11): a packet trace of one request and the ARP experiment,
// each run through the lab service and drawn in the live panel's Lessons tab.
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { messageOf } from '../../core/engine';
import { realServers } from '../../core/lab';
import { arpResultMessage, l4ResultMessage, traceResultMessage } from '../lessonMessages';
import { LivePanel } from '../livePanel';
import { register, withProgress, type CommandContext } from './ui';

export function registerLessons(ctx: CommandContext): void {
  const c = ctx.lab;
  // Opens the panel through its own command, so a panel opened here also runs load tests from its form.
  const panel = async () => {
    await vscode.commands.executeCommand('lvsLab.openPanel');
    const p = LivePanel.open;
    if (!p) throw new Error(l10n.t('the live panel did not open'));
    return p;
  };

  register(ctx, 'lvsLab.trace', async () => {
    const p = await panel();
    p.postLesson({ type: 'lessonStarted', lesson: 'trace', note: l10n.t('Capturing one request on every node…') });
    try {
      const result = await withProgress(ctx, l10n.t('tracing one request to the VIP'), false, () => c.service.trace());
      p.postLesson(traceResultMessage(result));
      const l = result.trace.lesson;
      c.log.info(`Trace: ${l.confirmed ? 'confirms' : 'does not confirm'} — ${l.evidence.join('; ')}`);
    } catch (e) {
      p.postLesson({ type: 'lessonError', lesson: 'trace', message: messageOf(e) });
      throw e;
    }
  });

  register(ctx, 'lvsLab.l4', async () => {
    const p = await panel();
    p.postLesson({ type: 'lessonStarted', lesson: 'l4', note: l10n.t("Downloading through the VIP while every node's sockets are read…") });
    try {
      const r = await withProgress(ctx, l10n.t('large downloads through the VIP'), false, () => c.service.l4());
      p.postLesson(l4ResultMessage(r.lesson));
      c.log.info(`L4: ${r.lesson.lesson.confirmed ? 'confirms' : 'does not confirm'} — ${r.lesson.lesson.evidence.join('; ')}`);
    } catch (e) {
      p.postLesson({ type: 'lessonError', lesson: 'l4', message: messageOf(e) });
      throw e;
    }
  });

  register(ctx, 'lvsLab.arpExperiment', async (unhideArg?: string) => {
    let unhide = unhideArg;
    if (unhide === undefined) {
      const lab = c.lab;
      // NAT's real servers do not hold the VIP: there is nothing to unhide, and the service would refuse.
      const reals = lab.mode === 'nat' ? [] : realServers(lab).map((n) => n.name);
      const items = [
        { label: l10n.t('Handbook settings only'), detail: l10n.t('Who answers "who-has VIP" from the client'), node: '' },
        ...reals.map((node) => ({
          label: l10n.t("Also with {0}'s ARP settings reverted", node),
          detail: l10n.t('arp_ignore/arp_announce back to 0 on {0}, then restored', node),
          node,
        })),
      ];
      const pick = await vscode.window.showQuickPick(items, { title: l10n.t('LVS Lab: ARP Experiment'), placeHolder: l10n.t('Which experiment?') });
      if (!pick) return;
      unhide = pick.node;
    }
    const p = await panel();
    p.postLesson({
      type: 'lessonStarted',
      lesson: 'arp',
      note: unhide ? l10n.t('Asking for the VIP, then with {0} unhidden…', unhide) : l10n.t('Asking who answers for the VIP…'),
    });
    try {
      const result = await withProgress(ctx, l10n.t('ARP experiment'), false, () => c.service.arpExperiment(unhide || undefined));
      p.postLesson(arpResultMessage(result));
      c.log.info(
        `ARP: answered ${result.hidden.answers.map((a) => a.node ?? a.mac).join(', ')}${result.unhidden ? `; with ${result.unhidden.node} unhidden ${result.unhidden.result.answers.map((a) => a.node ?? a.mac).join(', ')}` : ''}`,
      );
    } catch (e) {
      p.postLesson({ type: 'lessonError', lesson: 'arp', message: messageOf(e) });
      throw e;
    } finally {
      if (unhide) await c.refresh();
    }
  });
}
