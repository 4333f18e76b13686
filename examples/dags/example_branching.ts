/**
 * Branching, a trigger rule that joins the branches, and a DAG that takes
 * typed params: run with `--conf '{"rows": 5000}'` to take the other branch.
 */
import { branch, dag, empty, task, z } from 'updraft';

export default dag(
  'example_branching',
  {
    schedule: null,
    tags: ['example'],
    params: z.object({
      rows: z.number().int().min(0).default(120).describe('How many rows the batch has'),
    }),
  },
  ({ params }) => {
    const size = task('measure', { inputs: { p: params } }, ({ p }) => p.rows);
    const choose = branch('choose_path', { inputs: { size } }, ({ size }) => (size > 1000 ? 'bulk_load' : 'row_by_row_load'));
    const bulk = task('bulk_load', { inputs: { size } }, ({ size }, { log }) => {
      log.info(`bulk loading ${size} rows`);
      return size;
    });
    const rowByRow = task('row_by_row_load', { inputs: { size } }, ({ size }, { log }) => {
      log.info(`inserting ${size} rows one by one`);
      return size;
    });
    const done = empty('done', { triggerRule: 'none_failed_min_one_success' });
    choose.before(bulk, rowByRow);
    done.after(bulk, rowByRow);
  },
);
