/**
 * `updraft pools set|get|list|delete|import|export`: named slot budgets that cap how
 * many task instances run at once. Import/export use Airflow's file format:
 * `{"name": {"slots": N, "description": "...", "include_deferred": false}}`.
 */
import type { Command } from 'commander';
import type { PoolUsage, Store } from '../../store/store.js';
import type { Pool } from '../../store/types.js';
import { poolSlots } from '../../services/pools.js';
import { exportJson, note, readJsonObject, withApp, withOutput, writeText } from '../command-helpers.js';
import { renderRows, type OutputFormat } from '../output.js';

const COLUMNS = ['pool', 'slots', 'occupied', 'running', 'queued', 'deferred', 'scheduled', 'open', 'include_deferred', 'description'];

function parseSlots(text: string): number {
  if (!/^-?\d+$/.test(text.trim()) || Number(text) < -1) throw new Error(`slots must be an integer >= 0, or -1 for unlimited; got '${text}'`);
  return Number(text);
}

function poolRow(pool: Pool, usage: PoolUsage | undefined) {
  const u = poolSlots(pool, usage);
  return {
    pool: pool.name,
    slots: pool.slots,
    occupied: u.occupied,
    running: u.running,
    queued: u.queued,
    deferred: u.deferred,
    scheduled: u.scheduled,
    open: u.open,
    include_deferred: pool.includeDeferred,
    description: pool.description,
  };
}

async function mustGet(store: Store, name: string): Promise<Pool> {
  const pool = await store.pools.get(name);
  if (!pool) throw new Error(`pool '${name}' does not exist: see 'updraft pools list'`);
  return pool;
}

export function registerPoolsCommands(program: Command): void {
  const pools = program.command('pools').description('Manage pools: named slot budgets that limit how many tasks run at once');

  pools
    .command('set')
    .description('Create or update a pool')
    .argument('<name>')
    .argument('<slots>', 'number of slots, or -1 for unlimited')
    .argument('<description>')
    .option('--include-deferred', 'deferred tasks also occupy slots of this pool')
    .action(async (name: string, slotsText: string, description: string, options: { includeDeferred?: boolean }) => {
      const slots = parseSlots(slotsText);
      await withApp(async ({ store }) => {
        await store.pools.upsert({ name, slots, description, includeDeferred: options.includeDeferred ?? false });
        console.log(`Pool ${name} set: ${slots === -1 ? 'unlimited' : slots} slot(s)`);
      });
    });

  withOutput(pools.command('get'))
    .description('Show one pool with its occupied, queued and open slots')
    .argument('<name>')
    .action(async (name: string, options: { output: OutputFormat }) =>
      withApp(async ({ store }) => {
        const pool = await mustGet(store, name);
        const usage = await store.taskInstances.slotsByPool();
        console.log(renderRows([poolRow(pool, usage[name])], COLUMNS, options.output));
      }),
    );

  withOutput(pools.command('list'))
    .description('List pools with their occupied, queued and open slots')
    .action(async (options: { output: OutputFormat }) =>
      withApp(async ({ store }) => {
        const { items } = await store.pools.list({ orderBy: 'name' });
        const usage = await store.taskInstances.slotsByPool();
        console.log(renderRows(items.map((p) => poolRow(p, usage[p.name])), COLUMNS, options.output));
      }),
    );

  pools
    .command('delete')
    .description('Delete a pool (default_pool cannot be deleted)')
    .argument('<name>')
    .action(async (name: string) =>
      withApp(async ({ store }) => {
        if (!(await store.pools.delete(name))) throw new Error(`pool '${name}' does not exist: see 'updraft pools list'`);
        console.log(`Pool ${name} deleted`);
      }),
    );

  pools
    .command('import')
    .description('Create or update pools from a JSON file (Airflow\'s format; "-" reads stdin)')
    .argument('<file>')
    .action(async (file: string) => {
      const parsed = Object.entries(readJsonObject(file)).map(([name, raw]) => toPool(file, name, raw));
      await withApp(async ({ store }) => {
        await store.transaction(async (tx) => {
          for (const pool of parsed) await tx.pools.upsert(pool);
        });
        console.log(`Imported ${parsed.length} pool(s) from ${file}`);
      });
    });

  pools
    .command('export')
    .description('Export all pools to a JSON file (Airflow\'s format; "-" writes to stdout)')
    .argument('<file>')
    .action(async (file: string) =>
      withApp(async ({ store }) => {
        const { items } = await store.pools.list({ orderBy: 'name' });
        const data = Object.fromEntries(items.map((p) => [p.name, { slots: p.slots, description: p.description, include_deferred: p.includeDeferred }]));
        const where = writeText(file, exportJson(data));
        note(file === '-', `Exported ${items.length} pool(s) to ${where}`);
      }),
    );
}

function toPool(file: string, name: string, raw: unknown): Pool {
  const entry = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : null;
  const slots = entry?.slots;
  const description = entry?.description;
  const includeDeferred = entry?.include_deferred ?? false;
  if (
    !entry ||
    typeof slots !== 'number' ||
    !Number.isInteger(slots) ||
    slots < -1 ||
    !(typeof description === 'string' || description === null) ||
    typeof includeDeferred !== 'boolean'
  ) {
    throw new Error(
      `${file}: pool '${name}' must be {"slots": <integer >= -1>, "description": "<text>", "include_deferred": <true|false, optional>}; nothing was imported`,
    );
  }
  return { name, slots, description, includeDeferred };
}
