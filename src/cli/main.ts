#!/usr/bin/env node
/** The `libero` command: argv parsing, one command per file in ./commands. */
import { Command, CommanderError } from 'commander';
import { registerAudio } from './commands/audio.js';
import { registerCat } from './commands/cat.js';
import { registerDoctor } from './commands/doctor.js';
import { registerGenerate } from './commands/generate.js';
import { registerInit } from './commands/init.js';
import { registerInspect } from './commands/inspect.js';
import { registerMatch } from './commands/match.js';
import { registerRender } from './commands/render.js';
import { registerPlugin } from './commands/plugin.js';
import { registerServe } from './commands/serve.js';
import { registerStatus } from './commands/status.js';
import { registerWorker } from './commands/worker.js';
import { reportError } from './exit-code.js';

/** Builds the program with every command registered. */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('libero')
    .description(
      'Generated shots, voice-over and score for an OpenTimelineIO cut; conformed timeline and 1080p render back.',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  registerDoctor(program);
  registerInit(program);
  registerGenerate(program);
  registerAudio(program);
  registerServe(program);
  registerStatus(program);
  registerPlugin(program);
  registerCat(program);
  registerInspect(program);
  registerRender(program);
  registerMatch(program);
  registerWorker(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.exitCode = reportError(error, (line) => process.stderr.write(line + '\n'));
  }
}

await main(process.argv);
