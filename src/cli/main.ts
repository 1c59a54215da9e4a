#!/usr/bin/env node
// lvs-lab: the handbook's LVS lab from a terminal, on the same core as the extension.
import { Command, Option } from 'commander';
import { intArg } from './args';
import { registerArp } from './commands/arp';
import { registerChange } from './commands/change';
import { registerCheck } from './commands/check';
import { registerDrill } from './commands/drill';
import { registerHealth } from './commands/health';
import { registerL4 } from './commands/l4';
import { registerLab } from './commands/lab';
import { registerLoad } from './commands/load';
import { registerRead } from './commands/read';
import { registerTrace } from './commands/trace';
import { explain } from './context';
import { createOutput } from './output';

const program = new Command('lvs-lab')
  .description('The LVS (IPVS) handbook lab in Docker: director node01, real servers node02 and node03, and a client.')
  .option('--lab <name|path>', 'lab name in labs/ (dr, nat, tun) or a path to a lab .yaml', 'dr')
  .option('--json', 'machine-readable output', false)
  .option('--docker-host <url>', 'Docker endpoint (default: DOCKER_HOST, the current context, or the local socket)')
  .option('-v, --verbose', 'print every command run in a container', false)
  .option('--wait', 'when another operation (start, reset, load test…) holds the lab, wait for it instead of failing', false)
  .addOption(
    new Option('--engine-timeout <s>', 'longest wait for the Docker engine to answer one call (default: 15 s for reads, 120 s for changes)').argParser(
      intArg(1, 3600),
    ),
  )
  .showHelpAfterError();

registerLab(program);
registerChange(program);
registerCheck(program);
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
