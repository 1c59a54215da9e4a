#!/usr/bin/env node
// lvs-lab: the handbook's LVS lab from a terminal, on the same core as the extension.
import * as l10n from '@vscode/l10n';
import { Command, Help, Option } from 'commander';
import { version } from '../../package.json';
import { intArg } from './args';
import { registerArp } from './commands/arp';
import { registerChange } from './commands/change';
import { registerCheck } from './commands/check';
import { registerDrill } from './commands/drill';
import { registerExercise } from './commands/exercise';
import { registerHealth } from './commands/health';
import { registerL4 } from './commands/l4';
import { registerLab } from './commands/lab';
import { registerLoad } from './commands/load';
import { registerRead } from './commands/read';
import { registerTrace } from './commands/trace';
import { commanderError } from './commanderText';
import { explain } from './context';
import { cliLanguage, langOption, useLanguage } from './lang';
import { createOutput } from './output';

// The language first: every description below is translated when it is built.
const language = cliLanguage(process.argv.slice(2), process.env);
if (!useLanguage(language)) process.stderr.write(`lvs-lab: no translations for "${language}" next to the program (l10n/); English it is.\n`);

/** Commander's own headings, in the chosen language. */
function helpTitle(title: string): string {
  switch (title) {
    case 'Usage:':
      return l10n.t('Usage:');
    case 'Options:':
      return l10n.t('Options:');
    case 'Commands:':
      return l10n.t('Commands:');
    case 'Arguments:':
      return l10n.t('Arguments:');
    case 'Global Options:':
      return l10n.t('Global Options:');
    default:
      return title;
  }
}

/** An option's help with commander's own "(default: …, choices: …)" words translated. */
function optionDescription(this: Help, option: Option): string {
  const text = Help.prototype.optionDescription.call(this, option);
  const extras = text
    .slice(option.description.length)
    .replace(/\bchoices: /, l10n.t({ message: 'choices: ', args: [], comment: ["commander's help: the values an option accepts"] }))
    .replace(/\bdefault: /, l10n.t({ message: 'default: ', args: [], comment: ["commander's help: an option's default value"] }));
  return option.description + extras;
}

const program = new Command('lvs-lab')
  .description(l10n.t('The LVS (IPVS) handbook lab in Docker: director node01, real servers node02 and node03, and a client.'))
  .configureHelp({ styleTitle: helpTitle, optionDescription })
  .version(version, '-V, --version', l10n.t('print the version of lvs-lab'))
  .helpOption('-h, --help', l10n.t('display help for command'))
  .helpCommand('help [command]', l10n.t('display help for command'))
  .option('--lab <name|path>', l10n.t('lab name in labs/ (dr, nat, tun) or a path to a lab .yaml'), 'dr')
  .option('--json', l10n.t('machine-readable output (in English whatever the language)'), false)
  .option('--docker-host <url>', l10n.t('Docker endpoint (default: DOCKER_HOST, the current context, or the local socket)'))
  .option('-v, --verbose', l10n.t('print every command run in a container'), false)
  .option('--wait', l10n.t('when another operation (start, reset, load test…) holds the lab, wait for it instead of failing'), false)
  .addOption(
    new Option('--engine-timeout <s>', l10n.t('longest wait for the Docker engine to answer one call (default: 15 s for reads, 120 s for changes)')).argParser(
      intArg(1, 3600),
    ),
  )
  .addOption(
    new Option(
      '--lang <language>',
      l10n.t('language of the output: en or zh-cn (default: from LC_ALL, LC_MESSAGES or LANG; --json is always English)'),
    ).argParser(langOption),
  )
  .configureOutput({ outputError: (text, write) => write(commanderError(text)) })
  .showHelpAfterError();

registerLab(program);
registerChange(program);
registerCheck(program);
registerExercise(program);
registerHealth(program);
registerArp(program);
registerRead(program);
registerLoad(program);
registerTrace(program);
registerL4(program);
registerDrill(program);

// Deprecation warnings from libraries (docker-modem parses ssh URLs the old way) are not the user's business.
process.noDeprecation = true;

program.parseAsync(process.argv).catch((e: unknown) => {
  createOutput(false).done();
  // One clear sentence, never a stack trace.
  process.stderr.write(`lvs-lab: ${explain(e)}\n`);
  process.exitCode = 1;
});
