/**
 * A change the user asked for (pause, trigger, delete...): `run(() => api...)`
 * tracks `pending`, shows a success toast when given one, and shows the API's
 * reason in an error toast when it fails (resolving to undefined).
 */
import { useCallback, useState } from 'react';
import { useToast } from '../components/Toast';
import { describeError } from './errors';

export interface Action {
  readonly pending: boolean;
  run<T>(call: () => Promise<T>, success?: string | ((result: T) => string)): Promise<T | undefined>;
}

export function useAction(): Action {
  const toast = useToast();
  const [pending, setPending] = useState(false);
  const run = useCallback(
    async <T,>(call: () => Promise<T>, success?: string | ((result: T) => string)) => {
      setPending(true);
      try {
        const result = await call();
        if (success) toast.success(typeof success === 'string' ? success : success(result));
        return result;
      } catch (error) {
        const { title, detail } = describeError(error);
        toast.error(title, detail);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [toast],
  );
  return { pending, run };
}
