/** `libero init NAME DIR`: a starter project (the demo trailer first). */
import type { Command } from 'commander';
import { initProject, listProjectTemplates } from '../../pipeline/init-project.js';
import { LiberoError } from '../../shared/index.js';

/** Registers the command. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .description('copy a starter project (e.g. "trailer", the demo) into DIR; --list shows them')
    .argument('[name]', 'starter project name')
    .argument('[dir]', 'folder to create')
    .option('--force', 'overwrite the starter files that already exist in DIR (.libero/ is kept)')
    .option('--list', 'list the starter projects')
    .action(
      async (
        name: string | undefined,
        dir: string | undefined,
        opts: { force?: boolean; list?: boolean },
      ) => {
        if (opts.list === true) {
          process.stdout.write((await listProjectTemplates()).join('\n') + '\n');
          return;
        }
        if (name === undefined || dir === undefined)
          throw new LiberoError(
            'USAGE',
            'libero init needs a starter project and a folder: libero init trailer my-trailer',
          );
        const files = await initProject({ template: name, dir, force: opts.force === true });
        for (const file of files) process.stdout.write(`created ${file}\n`);
      },
    );
}
