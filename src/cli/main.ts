#!/usr/bin/env node
/**
 * The `updraft` command. Each command group lives in `commands/`; program.ts
 * assembles them (loading only the group a command belongs to); this file
 * runs it and turns errors into one clear line and exit code 1.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { loadProjectEnv } from './project-env.js';

async function main(): Promise<void> {
  // `updraft dags list | head`: the reader went away; that is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = await buildProgram();
  program.exitOverride();
  try {
    loadProjectEnv();
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.UPDRAFT_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  }
}

await main();
