/**
 * The fourth seed's TL;DR, as a DAG: instead of clicking through the Admin
 * pages on a first start, trigger this once to create what the examples use:
 * the default pool, a Slack connection for alerts, and the variables.
 *
 * Every step creates what is missing and leaves what exists alone
 * (`setDefault`, Airflow's `Variable.setdefault`): a dag_number you set to 20
 * stays 20, so running it again changes nothing.
 *
 * The Slack bot token and channel come from the environment the tasks run in
 * (SLACK_BOT_TOKEN, DEFAULT_SLACK_CHANNEL, as in the seed's .env), never from
 * this file. Without a token, the connection is created without one: add it
 * later in Admin → Connections.
 *
 *   updraft dags trigger initialize_environment --wait
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dag, task } from 'updraft';

/** The variables the examples read, with the values they start with. */
const EXAMPLE_VARIABLES: Record<string, { value: string; description: string }> = {
  dag_number: { value: '10', description: 'How many hello_world_<n> DAGs hello_world_dags.ts generates' },
  archive_staging_dir: {
    value: join(process.env.UPDRAFT_HOME ?? join(homedir(), 'updraft'), 'staging'),
    description: 'Where staging_glacier_process looks for work folders to archive',
  },
  archive_bucket: { value: 'archive', description: 'The bucket staging_glacier_process archives to' },
};

export default dag(
  'initialize_environment',
  {
    schedule: null,
    tags: ['example', 'seed', 'setup'],
    description: 'Create the default pool, the Slack connection and the example variables, unless they exist',
  },
  () => {
    task('create_default_pool', async (_inputs, { pools, log }) => {
      // Updraft creates default_pool with its database; the seed's gotcha (no pool, no scheduling) cannot happen.
      const created = await pools.setDefault('default_pool', 128, { description: 'Default pool' });
      log.info(created ? 'created default_pool (128 slots)' : 'default_pool exists: left as it is');
      return created;
    });

    task('create_slack_connection', async (_inputs, { connections, log }) => {
      const token = process.env.SLACK_BOT_TOKEN;
      const created = await connections.setDefault({
        connId: 'slack',
        connType: 'slack',
        description: 'Slack bot for alerts (login: the channel, password: the bot token)',
        login: process.env.DEFAULT_SLACK_CHANNEL ?? '#alerts',
        ...(token ? { password: token } : {}),
      });
      if (created && !token) log.warn('created the slack connection without a token: set its password to your bot token');
      log.info(created ? 'created the slack connection' : 'the slack connection exists: left as it is');
      return created;
    });

    // Returns the values in effect, yours or the defaults: the XCom shows what the examples will use.
    task('create_variables', async (_inputs, { variables, log }) => {
      const inEffect: Record<string, string> = {};
      for (const [key, { value, description }] of Object.entries(EXAMPLE_VARIABLES)) {
        inEffect[key] = await variables.setDefault(key, value, { description });
        log.info(`${key} = ${inEffect[key]}`);
      }
      return inEffect;
    });
  },
);
