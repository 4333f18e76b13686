/**
 * Dynamic task mapping: one `count_words` instance per file, decided at run
 * time, and a task that sums their results (a `number[]`, typed).
 */
import { dag, task } from 'updraft';

export default dag('example_mapping', { schedule: null, tags: ['example'] }, () => {
  const files = task('list_files', () => ['songs.csv', 'events-2018-11-01.json', 'events-2018-11-02.json']);
  const counts = task('count_words', { expand: { file: files } }, ({ file }, { log, mapIndex }) => {
    log.info(`instance ${mapIndex} counts ${file}`);
    return file.split(/[-.]/).length;
  });
  task('total', { inputs: { counts } }, ({ counts }, { log }) => {
    const total = counts.reduce((sum, n) => sum + n, 0);
    log.info(`${counts.length} files, ${total} words`);
    return total;
  });
});
