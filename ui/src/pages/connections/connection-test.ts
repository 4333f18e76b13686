/**
 * Testing a connection from the page: the server connects with the settings
 * given (a null password means the saved one). A 403 is the server refusing
 * to test at all (core.test_connection not Enabled, or the role): its reason
 * is kept so the button can be disabled with it.
 */
import { UpdraftApiError, type ConnectionBody, type TestConnectionSetting } from '@updraft/client';
import { api } from '../../api/client';
import { describeError } from '../../api/errors';

export type TestOutcome = { readonly kind: 'result'; readonly ok: boolean; readonly message: string } | { readonly kind: 'refused'; readonly reason: string } | { readonly kind: 'error'; readonly title: string; readonly detail: string };

export async function runConnectionTest(body: ConnectionBody): Promise<TestOutcome> {
  try {
    const result = await api.connections.test(body);
    return { kind: 'result', ok: result.status, message: result.message };
  } catch (error) {
    if (error instanceof UpdraftApiError && error.status === 403) return { kind: 'refused', reason: describeError(error).detail };
    const { title, detail } = describeError(error);
    return { kind: 'error', title, detail };
  }
}

/** Why the Test button is off before anyone presses it; undefined when it is on. */
export function testDisabledReason(setting: TestConnectionSetting | undefined, roleReason: string | undefined): string | undefined {
  if (setting === 'Disabled') return 'Testing connections is disabled on this server (core.test_connection is Disabled): set UPDRAFT__CORE__TEST_CONNECTION=Enabled to allow it';
  return roleReason;
}
