/**
 * The settings in effect as Airflow's config API shows them: sections of
 * key/value strings, secrets always `***`, in JSON or in the config file's
 * `[section]` text form. Whether they may be shown at all is the caller's
 * check (`api.expose_config`).
 */
import type { UpdraftConfig } from '../config/config.js';
import { NotFoundError } from './errors.js';

export interface ConfigSectionView {
  readonly name: string;
  readonly options: { readonly key: string; readonly value: string }[];
}

export function configSections(config: UpdraftConfig, section?: string, key?: string): ConfigSectionView[] {
  const wantedSection = section?.toLowerCase();
  const wantedKey = key?.toLowerCase();
  const sections = new Map<string, ConfigSectionView>();
  for (const s of config.settings) {
    if (wantedSection !== undefined && s.option.section !== wantedSection) continue;
    if (wantedKey !== undefined && s.option.key !== wantedKey && !(s.option.aliases ?? []).includes(wantedKey)) continue;
    const view = sections.get(s.option.section) ?? { name: s.option.section, options: [] };
    view.options.push({ key: s.option.key, value: s.option.secret && s.value !== null ? '***' : s.value === null ? '' : String(s.value) });
    sections.set(s.option.section, view);
  }
  if (sections.size === 0) {
    if (wantedKey !== undefined) throw new NotFoundError(`Option [${section ?? ''}/${key}] not found.`);
    throw new NotFoundError(`Section ${section ?? ''} not found.`);
  }
  return [...sections.values()];
}

/** The `[section]` / `key = value` text form. */
export function configText(sections: readonly ConfigSectionView[]): string {
  return sections.map((s) => `[${s.name}]\n${s.options.map((o) => `${o.key} = ${o.value}`).join('\n')}\n`).join('\n');
}
