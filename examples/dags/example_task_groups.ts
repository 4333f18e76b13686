/**
 * Task groups with their own retries, and a setup/teardown pair: the teardown
 * runs even when the work between them fails, so nothing is left behind.
 */
import { chain, dag, group, task } from 'updraft';

export default dag('example_task_groups', { schedule: null, tags: ['example'] }, () => {
  const workspace = task('create_workspace', { setup: true }, () => `/tmp/workspace-${Date.now()}`);
  const extract = group('extract', { defaultArgs: { retries: 1, retryDelay: '1s' } }, () => {
    const users = task('users', () => ['ada', 'linus']);
    const songs = task('songs', () => ['So What', 'Blue in Green']);
    return { users, songs };
  });
  const report = task('report', { inputs: { users: extract.result.users, songs: extract.result.songs } }, ({ users, songs }) =>
    `${users.length} users, ${songs.length} songs`,
  );
  const cleanup = task('remove_workspace', { teardownOf: workspace, inputs: { workspace } }, ({ workspace }, { log }) => {
    log.info(`removing ${workspace}`);
  });
  chain(workspace, extract, report, cleanup);
});
