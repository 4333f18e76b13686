/**
 * A project's `.env` (what `updraft init` writes: UPDRAFT_HOME, the DAGs
 * folder, the Fernet key) is read by every command run in its folder, as
 * docker-compose reads the `.env` beside it. Variables already set win.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const PROJECT_ENV_FILE = '.env';

export function loadProjectEnv(folder: string = process.cwd()): void {
  const path = join(folder, PROJECT_ENV_FILE);
  if (!existsSync(path)) return;
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new Error(`cannot read ${path} (${(error as Error).message}): fix or remove it; it holds KEY=value lines`);
  }
}
