// Lab files in real VS Code (issue 10): New Lab… writes a lab into the workspace and opens it with no problem;
// a mistake in it shows in the Problems panel at its line and column, and goes once it is fixed. Nothing here
// needs Docker: the extension is pointed at an address where nothing answers, and no lab is started.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { labTemplate } from '../../src/core/labTemplate';
import { packageExtension, REPO_ROOT, startCodeServer, t, type CodeServerSession } from './harness';

const NOWHERE = 'tcp://127.0.0.1:9';
const NO_PROBLEMS = 'No problems have been detected in the workspace.';

describe('lab files in VS Code', { timeout: 20 * 60_000 }, () => {
  let vs: CodeServerSession;

  before(async () => {
    const out = path.join(REPO_ROOT, '.test-output');
    mkdirSync(out, { recursive: true });
    const vsix = await packageExtension(REPO_ROOT, {
      out: path.join(out, 'lvs-lab-labfiles.vsix'),
      extraArgs: ['--no-rewrite-relative-links', '--allow-missing-repository'],
    });
    vs = await startCodeServer({ vsix, dockerHost: NOWHERE, name: 'labfiles' });
  });

  after(async () => {
    await vs?.stop();
  });

  /** The Problems panel's text, the panel opened first (Ctrl+Shift+M toggles it). */
  async function problemsText(): Promise<string> {
    const panel = vs.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) await vs.page.keyboard.press('Control+Shift+M');
    await panel.waitFor({ state: 'visible', timeout: t(10_000) });
    return (await panel.innerText()).replace(/\s+/g, ' ');
  }

  test('New Lab… writes <name>.lvslab.yaml from the template and opens it, with no problem', async () => {
    await vs.runCommand('LVS Lab: New Lab…');
    await vs.answerQuickInput('web', { expectPrompt: /New Lab/ });
    const file = path.join(vs.workspace, 'web.lvslab.yaml');
    await vs.waitFor(() => existsSync(file), t(30_000), 'web.lvslab.yaml written');
    assert.equal(readFileSync(file, 'utf8'), labTemplate('web'));
    await vs.waitFor(
      async () => (await vs.page.locator('.tabs-container .tab', { hasText: 'web.lvslab.yaml' }).count()) > 0,
      t(30_000),
      'web.lvslab.yaml open in an editor',
    );
    await vs.waitFor(async () => (await problemsText()).includes(NO_PROBLEMS), t(30_000), 'no problems');
  });

  test('a wrong scheduler shows at its line and column, and goes when it is fixed', async () => {
    const file = path.join(vs.workspace, 'web.lvslab.yaml');
    const good = labTemplate('web');
    // Standing alone: the lab file written and opened here when the test before did not.
    if (!existsSync(file)) writeFileSync(file, good);
    await vs.page.keyboard.press('Control+P');
    await vs.answerQuickInput('web.lvslab.yaml');
    // The field, not the comment above it that lists the schedulers.
    const bad = good.replace('\nscheduler: rr\n', '\nscheduler: fastest\n');
    assert.notEqual(bad, good);
    const line = bad.split('\n').findIndex((l) => l.startsWith('scheduler:'));
    // Changed on disk, the open (unmodified) document follows: the same change event as typing.
    writeFileSync(file, bad);
    const where = `[Ln ${line + 1}, Col ${'scheduler: '.length + 1}]`;
    const text = await vs.waitFor(
      async () => {
        const p = await problemsText();
        return p.includes('scheduler: must be one of rr, wrr') && p;
      },
      t(30_000),
      'the scheduler problem in the Problems panel',
    );
    assert.ok(text.includes(where), `expected ${where} in: ${text}`);
    assert.ok(text.includes('LVS Lab'), text);
    await vs.screenshot('lab-file-problem');
    writeFileSync(file, good);
    await vs.waitFor(async () => (await problemsText()).includes(NO_PROBLEMS), t(30_000), 'the problem gone once fixed');
  });
});
