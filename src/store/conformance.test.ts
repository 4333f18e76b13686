/**
 * The store conformance suite: every case runs against SQLite and PostgreSQL, so
 * the two dialects cannot drift apart. Cases live in `testing/*-cases.ts` (excluded from the build), one
 * module per concern; this file only wires them to the two factories.
 */
import { after, before, describe, it } from 'node:test';
import { activityCases } from './testing/activity-cases.js';
import { assetCases } from './testing/asset-cases.js';
import { backfillCases } from './testing/backfill-cases.js';
import { configCases } from './testing/config-cases.js';
import { dagCases } from './testing/dag-cases.js';
import { dagRunCases } from './testing/dag-run-cases.js';
import { dataVersionCases } from './testing/data-version-cases.js';
import { deadlineCases } from './testing/deadline-cases.js';
import { postgresFactory, sqliteFactory } from './testing/harness.js';
import type { CaseContext } from './testing/harness.js';
import { lockCases } from './testing/lock-cases.js';
import { metricsCases } from './testing/metrics-cases.js';
import { migrationCases } from './testing/migration-cases.js';
import { taskInstanceCases } from './testing/task-instance-cases.js';
import { transactionCases } from './testing/transaction-cases.js';
import { xcomCases } from './testing/xcom-cases.js';
import type { Store } from './store.js';

for (const factory of [sqliteFactory(), postgresFactory()]) {
  describe(`store conformance: ${factory.dialect}`, () => {
    let shared: Store | undefined;
    let setupError: unknown;
    // A failing hook would only cancel the cases; catching it here makes each of them fail instead.
    before(async () => {
      try {
        await factory.setup();
        shared = await factory.openMain();
      } catch (error) {
        setupError = error;
      }
    });
    after(() => factory.teardown());

    it(`opens a ${factory.dialect} database`, () => {
      if (setupError) throw setupError;
    });

    const ctx: CaseContext = {
      dialect: factory.dialect,
      store: () => {
        if (!shared) throw new Error(`the ${factory.dialect} store did not open: ${String(setupError)}`);
        return shared;
      },
      openFresh: (options) => factory.openFresh(options),
      openMain: (options) => factory.openMain(options),
    };
    describe('migrations', () => migrationCases(ctx));
    describe('transactions', () => transactionCases(ctx));
    describe('data version', () => dataVersionCases(ctx));
    describe('dags', () => dagCases(ctx));
    describe('dag runs', () => dagRunCases(ctx));
    describe('backfills', () => backfillCases(ctx));
    describe('task instances', () => taskInstanceCases(ctx));
    describe('xcom', () => xcomCases(ctx));
    describe('variables, connections, pools', () => configCases(ctx));
    describe('import errors, audit log, users, assets, jobs', () => activityCases(ctx));
    describe('deadlines', () => deadlineCases(ctx));
    describe('asset scheduling', () => assetCases(ctx));
    describe('metrics aggregates', () => metricsCases(ctx));
    describe('locks for several schedulers', () => lockCases(ctx));
  });
}
