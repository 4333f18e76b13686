/**
 * A refused trigger's reason, placed where it belongs: "Invalid params for DAG
 * 'x': url: Invalid URL; count: Too big" goes under the `url` and `count`
 * fields; a run id or logical date conflict under those inputs; the rest above
 * the buttons. The server's own words are kept.
 */
import { UpdraftApiError } from '@updraft/client';
import { describeError } from '../../api/errors';

/** Where a message goes: a param's name, `run_id`, `logical_date`, or `form` (above the buttons). */
export interface PlacedErrors {
  readonly params: Readonly<Record<string, string>>;
  readonly runId?: string;
  readonly logicalDate?: string;
  readonly form?: string;
}

const PARAMS_PREFIX = /^Invalid params for DAG '[^']*': /;

function paramName(path: string): string {
  return path.split(/[.[]/)[0] ?? path;
}

export function placeServerError(error: unknown, paramNames: readonly string[]): PlacedErrors {
  const names = new Set(paramNames);
  const params: Record<string, string> = {};
  const rest: string[] = [];
  let runId: string | undefined;
  let logicalDate: string | undefined;
  if (!(error instanceof UpdraftApiError)) {
    const { title, detail } = describeError(error);
    return { params, form: `${title}: ${detail}` };
  }
  const add = (name: string, message: string) => {
    params[name] = params[name] ? `${params[name]}; ${message}` : message;
  };
  const detail = error.detail;
  if (Array.isArray(detail)) {
    // 422: [{loc: ['body', 'logical_date'], msg}]
    for (const item of detail as { loc?: unknown[]; msg?: string }[]) {
      const loc = (item.loc ?? []).map(String);
      const msg = item.msg ?? JSON.stringify(item);
      if (loc.includes('dag_run_id')) runId = msg;
      else if (loc.includes('logical_date')) logicalDate = msg;
      else if (loc[1] === 'conf' && loc[2] && names.has(loc[2])) add(loc[2], msg);
      else rest.push(loc.length > 0 ? `${loc.join('.')}: ${msg}` : msg);
    }
  } else {
    const message = typeof detail === 'string' ? detail : describeError(error).detail;
    if (PARAMS_PREFIX.test(message)) {
      for (const part of message.replace(PARAMS_PREFIX, '').split('; ')) {
        const colon = part.indexOf(': ');
        const name = colon > 0 ? paramName(part.slice(0, colon)) : '';
        if (names.has(name)) add(name, part.slice(colon + 2).trim());
        else rest.push(part);
      }
    } else if (/run id|a run with id/i.test(message)) runId = message;
    else if (/logical date/i.test(message)) logicalDate = message;
    else rest.push(message);
  }
  const form = rest.length > 0 ? `The server refused the trigger: ${rest.join('; ')}` : undefined;
  return { params, ...(runId ? { runId } : {}), ...(logicalDate ? { logicalDate } : {}), ...(form ? { form } : {}) };
}

/** An error as one sentence: the server's own words when it gave some. */
export function serverSentence(error: unknown): string {
  const { title, detail } = describeError(error);
  return `${title}: ${detail}`;
}
