// The walkthrough "Learn LVS with the handbook" (issue 12): package.json's walkthrough is the one in
// src/core/walkthrough.ts (steps, order, completion keys, buttons, pictures), its lab steps cover the DR lab's
// planned steps, and the load-test step reads the director's real counters.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { StepState } from '../../src/core/engine';
import { resolveLab } from '../../src/core/labLoader';
import { planSteps } from '../../src/core/plan';
import { parseSnapshot } from '../../src/core/snapshot';
import { contextKey, goalSteps, isBalanced, walkthroughProgress, WALKTHROUGH_ID, WALKTHROUGH_STEPS } from '../../src/core/walkthrough';

const root = join(__dirname, '..', '..');
const readJson = <T>(...path: string[]): T => JSON.parse(readFileSync(join(root, ...path), 'utf8')) as T;
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', name), 'utf8');

interface ManifestStep {
  id: string;
  description: string;
  media: { svg?: string; altText?: string };
  completionEvents?: string[];
}
const pkg = readJson<{ contributes: { walkthroughs: { id: string; steps: ManifestStep[] }[]; commands: { command: string }[] } }>('package.json');
const manifest = pkg.contributes.walkthroughs.find((w) => w.id === WALKTHROUGH_ID);
const nls = { en: readJson<Record<string, string>>('package.nls.json'), zh: readJson<Record<string, string>>('package.nls.zh-cn.json') };
const text = (lang: 'en' | 'zh', key: string) => nls[lang][key.replace(/^%|%$/g, '')];

describe("package.json's walkthrough is the one src/core/walkthrough.ts defines", () => {
  test('the same steps in the same order', () => {
    assert.ok(manifest, `a walkthrough "${WALKTHROUGH_ID}" in package.json`);
    assert.deepEqual(
      manifest.steps.map((s) => s.id),
      WALKTHROUGH_STEPS.map((s) => s.id),
    );
  });

  test('a lab step completes on its context key only; a theory step has no context key', () => {
    for (const step of WALKTHROUGH_STEPS) {
      const events = manifest!.steps.find((s) => s.id === step.id)!.completionEvents;
      assert.deepEqual(events, step.completion ? [`onContext:${contextKey(step.id)}`] : undefined, step.id);
    }
  });

  test("every step's picture is shipped from src/extension/media (the build copies it to dist/media)", () => {
    for (const step of WALKTHROUGH_STEPS) {
      const svg = manifest!.steps.find((s) => s.id === step.id)!.media.svg;
      assert.equal(svg, `dist/media/walkthrough/${step.media}`, step.id);
      const source = join(root, 'src', 'extension', 'media', 'walkthrough', step.media);
      assert.ok(existsSync(source), `${source} exists`);
      const svgText = readFileSync(source, 'utf8');
      assert.match(svgText, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `${step.media} is an SVG`);
      // VS Code draws it inline in a webview whose CSP allows no <style> and no style="": colours are attributes.
      assert.doesNotMatch(svgText, /<style|\sstyle=|\sclass=/, `${step.media} styles with presentation attributes only`);
    }
  });

  test("every step's button runs its command with its arguments, in both languages, and the command is contributed", () => {
    const contributed = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const step of WALKTHROUGH_STEPS.filter((s) => s.command)) {
      const { id, args } = step.command!;
      const link = `(command:${id}${args ? `?${encodeURIComponent(JSON.stringify(args))}` : ''})`;
      const key = manifest!.steps.find((s) => s.id === step.id)!.description;
      for (const lang of ['en', 'zh'] as const) assert.ok(text(lang, key)?.includes(link), `${lang} ${step.id} has ${link}`);
      assert.ok(contributed.has(id), `${id} is a contributed command`);
    }
  });

  test('every title, description and alt text is a %key% with English and Chinese', () => {
    for (const s of manifest!.steps) {
      for (const key of [`%walkthrough.${s.id}.title%`, s.description, s.media.altText!]) {
        assert.match(key, /^%walkthrough\.[\w.]+%$/);
        assert.ok(text('en', key), `${key} in package.nls.json`);
        assert.match(text('zh', key), /[\u4e00-\u9fff]/, `${key} in Chinese`);
      }
    }
  });
});

describe("the walkthrough's lab steps are the handbook's DR lab's planned steps", () => {
  const lab = resolveLab('dr');
  const plan = planSteps(lab);
  const goals = WALKTHROUGH_STEPS.flatMap((s) => (s.completion?.by === 'steps' ? [{ id: s.id, goal: s.completion.goal }] : []));

  test('each lab step stands for the planned steps of its role and kind', () => {
    assert.deepEqual(Object.fromEntries(goals.map((g) => [g.id, goalSteps(lab, plan, g.goal)])), {
      labArp: ['node02.arp', 'node03.arp'],
      labHiddenVip: ['node02.vip', 'node03.vip'],
      labHttpd: ['node02.httpd', 'node03.httpd'],
      labDirectorVip: ['node01.vip'],
      labService: ['node01.service'],
      labEntries: ['node01.real-node02', 'node01.real-node03'],
    });
  });

  test('together they cover every planned step exactly once', () => {
    const covered = goals.flatMap((g) => goalSteps(lab, plan, g.goal));
    assert.deepEqual([...covered].sort(), plan.map((s) => s.id).sort());
  });

  test('a lab step is done only when all its planned steps pass their checks on the nodes', () => {
    const states = (done: string[]): StepState[] => plan.map((s) => ({ id: s.id, node: s.node, status: done.includes(s.id) ? 'done' : 'pending', detail: '' }));
    const nodes = lab.nodes.map((n) => ({ name: n.name, role: n.role, addresses: n.addresses, state: 'running' as const, containerName: n.name }));
    const half = walkthroughProgress({ lab, nodes, steps: states(['node02.arp']) });
    assert.equal(half[contextKey('labStart')], true);
    assert.equal(half[contextKey('labArp')], false, 'node03.arp is not done yet');
    const both = walkthroughProgress({ lab, nodes, steps: states(['node02.arp', 'node03.arp']) });
    assert.equal(both[contextKey('labArp')], true);
    assert.equal(both[contextKey('labHiddenVip')], false);
    const stopped = walkthroughProgress({ lab, nodes: nodes.map((n) => (n.name === 'node03' ? { ...n, state: 'stopped' as const } : n)), steps: [] });
    assert.equal(stopped[contextKey('labStart')], false, 'node03 stopped: the lab is not up');
  });
});

describe("the load-test step reads the director's counters (real captures, capture-walkthrough.sh and capture-lessons.sh)", () => {
  const own = resolveLab(join(root, 'test', 'fixtures', 'walkthrough.lvslab.yaml'));
  const services = (name: string) => parseSnapshot(fixture(name)).services!;

  test('with every step done and no request yet, the step is not done', () => {
    assert.equal(isBalanced(own, services('walkthrough-node01-no-requests.txt')), false);
  });

  test('after 4 requests, with connections counted on node02 and node03, it is done', () => {
    assert.equal(isBalanced(own, services('walkthrough-node01-after-4.txt')), true);
  });

  test("the shipped DR lab after 20 requests (10 to each) is done; the NAT lab's VIP is not on that table", () => {
    const table = services('l4-dr-before.txt');
    assert.equal(isBalanced(resolveLab('dr'), table), true);
    assert.equal(isBalanced(resolveLab('nat'), table), false);
  });
});
