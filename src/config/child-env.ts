/**
 * Settings that task and callback processes read for themselves (the email
 * alerts' [smtp] and [email] sections), handed down through the environment
 * they inherit: the scheduler may have them from its config file, variables or
 * overrides, and a child reads `UPDRAFT__SECTION__KEY` like any process does.
 */
import type { UpdraftConfig } from './config.js';

export const CHILD_SECTIONS: readonly string[] = ['smtp', 'email'];

/** Sets `UPDRAFT__SECTION__KEY` in `env` for every setting of `sections` that is not at its default. */
export function shareSettingsWithChildren(config: UpdraftConfig, env: NodeJS.ProcessEnv = process.env, sections: readonly string[] = CHILD_SECTIONS): void {
  for (const setting of config.settings) {
    const { section, key } = setting.option;
    if (!sections.includes(section) || setting.source === 'default' || setting.value === null) continue;
    env[`UPDRAFT__${section.toUpperCase()}__${key.toUpperCase()}`] = String(setting.value);
  }
}
