/**
 * Code the DAGs in ../dags share: operators (functions that declare tasks)
 * and hooks (helpers that reach other systems). DAG files import it by
 * relative path; when it changes, Updraft re-parses the DAGs that import it.
 */
import { task, type Output, type TaskContext, type TaskRef } from 'updraft';

/** An operator: a task counting the words of a text another task produced. */
export function countWords(id: string, text: Output<string>): TaskRef<number> {
  return task(id, { inputs: { text } }, ({ text }, { log }) => {
    const words = text.split(/\s+/).filter((word) => word !== '').length;
    log.info(`counted ${words} words`);
    return words;
  });
}

/** A hook: the greeting word, from the `greeting` variable when it is set. */
export async function greetingWord(ctx: TaskContext): Promise<string> {
  return (await ctx.variables.get('greeting')) ?? 'Hello';
}
