import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { configFrom } from '../context.js';
import { addQueueOptions, queueSettingsFrom, type QueueFlags } from '../queue-options.js';
import { doctorChecks } from '../../library/doctor-checks.js';

export function registerDoctor(program: Command): void {
  addQueueOptions(
    program
      .command('doctor')
      .description('check that facetag can work here: Node, native modules, model weights, the configured servers (exit 1 when something is wrong)'),
  ).action(async (opts: QueueFlags, command: Command) => {
    const config = configFrom(command);
    const named = (process.env.FACETAG_MODELS_PATH ?? '').split(':').filter((d) => d !== '');
    const checks = await doctorChecks(config, queueSettingsFrom(opts), named.map(expandHome));
    for (const check of checks) {
      console.log(`${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}${check.fix ? ` -- to fix: ${check.fix}` : ''}`);
    }
    const failed = checks.filter((c) => !c.ok).length;
    console.log(failed === 0 ? 'all checks passed' : `${failed} check${failed === 1 ? '' : 's'} failed`);
    if (failed > 0) process.exitCode = 1;
  });
}

function expandHome(path: string): string {
  return resolve(path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path);
}
