/**
 * The published result of a day: <workdir>/reports/<day>.json, what was read
 * and the model's figures when the day loaded, or why there is nothing when
 * its event log never arrived. Written to a temporary name and renamed, so a
 * reader never sees half a report.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ListeningModel } from './listening-model.js';
import type { StagedFile } from './stage-files.js';

export type DayReport =
  | { readonly day: string; readonly status: 'loaded'; readonly warehouse: string; readonly events: StagedFile; readonly model: ListeningModel }
  | { readonly day: string; readonly status: 'missing'; readonly reason: string };

export interface PublishedReport {
  readonly path: string;
  readonly bytes: number;
}

export function reportPath(reportsDir: string, day: string): string {
  return join(reportsDir, `${day}.json`);
}

export async function publishReport(reportsDir: string, report: DayReport): Promise<PublishedReport> {
  await mkdir(reportsDir, { recursive: true });
  const path = reportPath(reportsDir, report.day);
  const text = `${JSON.stringify(report, null, 2)}\n`;
  await writeFile(`${path}.partial`, text);
  await rename(`${path}.partial`, path);
  return { path, bytes: Buffer.byteLength(text) };
}
