// The setup scripts' host-tool checks, run with a PATH that lacks one tool at a time:
// a fresh machine has none of them, and a function of the same name must not count.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const root = join(__dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'lvslab-hosttools-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// What the scripts themselves need to run at all (not tools they install).
const BASICS = ['date', 'dirname', 'sort'];

/** A bin folder with a stub for every tool but `without`, and the basics linked in. */
function pathWithout(tools: string[], without: string): string {
  const bin = mkdtempSync(join(scratch, 'bin-'));
  for (const b of BASICS) symlinkSync(execFileSync('bash', ['-c', `type -P ${b}`], { encoding: 'utf8' }).trim(), join(bin, b));
  for (const t of tools.filter((t) => t !== without && !BASICS.includes(t))) {
    writeFileSync(join(bin, t), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, t), 0o755);
  }
  return bin;
}

function missing(args: string[], path: string): string[] {
  const home = join(scratch, 'home');
  mkdirSync(home, { recursive: true });
  const out = execFileSync('/bin/bash', args, { encoding: 'utf8', env: { PATH: path, HOME: home, LVSLAB_CACHE: join(scratch, 'cache') } });
  return out.split('\n').filter(Boolean);
}

const cases = [
  {
    name: 'lab host (labhost.sh missing-deps)',
    args: [join(root, 'test', 'labhost', 'labhost.sh'), 'missing-deps'],
    tools: {
      debootstrap: 'debootstrap',
      'qemu-system-x86_64': 'qemu-system-x86',
      'qemu-img': 'qemu-utils',
      'mkfs.ext4': 'e2fsprogs',
      e2fsck: 'e2fsprogs',
      ssh: 'openssh-client',
      'ssh-keygen': 'openssh-client',
      'ssh-agent': 'openssh-client',
      'ssh-add': 'openssh-client',
      wget: 'wget',
      gpgv: 'gpgv',
      curl: 'curl',
      flock: 'util-linux',
      umount: 'mount',
      tar: 'tar',
      sha256sum: 'coreutils',
      awk: 'mawk',
    } as Record<string, string>,
  },
  {
    name: 'end-to-end tests (e2e/setup.sh --missing)',
    args: [join(root, 'test', 'e2e', 'setup.sh'), '--missing'],
    tools: {
      chromium: 'chromium',
      rg: 'ripgrep',
      cc: 'build-essential',
      make: 'build-essential',
      'g++': 'build-essential',
      python3: 'python3',
      'pkg-config': 'pkg-config',
      tar: 'tar',
      gzip: 'gzip',
    } as Record<string, string>,
  },
];

for (const c of cases) {
  describe(`host tools: ${c.name}`, () => {
    const tools = Object.keys(c.tools);
    const packages = new Set(Object.values(c.tools));

    test('with every tool on PATH, none of their packages is asked for', () => {
      const asked = missing(c.args, pathWithout(tools, ''));
      assert.deepEqual(
        asked.filter((p) => packages.has(p)),
        [],
      );
    });

    for (const tool of tools) {
      test(`a PATH without ${tool} asks for ${c.tools[tool]}`, () => {
        assert.ok(missing(c.args, pathWithout(tools, tool)).includes(c.tools[tool]));
      });
    }
  });
}
