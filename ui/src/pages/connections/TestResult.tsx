/** What a connection test said: connected, failed with the server's words, or refused (with why). */
import { useEffect, useRef } from 'react';
import { Icon } from '../../components/Icon';
import type { TestOutcome } from './connection-test';

export function TestResult({ outcome }: { readonly outcome: TestOutcome }) {
  const ref = useRef<HTMLDivElement>(null);
  // The form may be taller than the dialog: bring the answer into view.
  useEffect(() => {
    // A block, not an expression: scrollIntoView returns a promise in newer browsers, and React would call it as a cleanup.
    void ref.current?.scrollIntoView({ block: 'nearest' });
  }, [outcome]);
  if (outcome.kind === 'result' && outcome.ok) {
    return (
      <div ref={ref} className="callout test-result callout-success" role="status" data-testid="test-result" data-ok="true">
        <Icon name="check" />
        <div>
          <strong>Connected.</strong> {outcome.message}
        </div>
      </div>
    );
  }
  const [title, detail] =
    outcome.kind === 'result' ? ['The test failed', outcome.message] : outcome.kind === 'refused' ? ['The server will not test connections', outcome.reason] : [outcome.title, outcome.detail];
  return (
    <div ref={ref} className="callout callout-danger test-result" role="alert" data-testid="test-result" data-ok="false">
      <Icon name="alert" />
      <div>
        <strong>{title}.</strong> {detail}
      </div>
    </div>
  );
}
