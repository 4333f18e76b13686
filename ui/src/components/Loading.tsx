/** While the first answer is on its way: a spinner, or skeleton rows that keep the layout still. */
export function Spinner({ label = 'Loading' }: { readonly label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function LoadingBlock({ label = 'Loading…' }: { readonly label?: string }) {
  return (
    <div className="loading-block">
      <Spinner label={label} />
      <span className="muted">{label}</span>
    </div>
  );
}

export function SkeletonRows({ rows = 6, columns = 5 }: { readonly rows?: number; readonly columns?: number }) {
  return (
    <tbody aria-hidden="true">
      {Array.from({ length: rows }, (_, r) => (
        <tr key={r} className="skeleton-row">
          {Array.from({ length: columns }, (_, c) => (
            <td key={c}>
              <span className="skeleton" style={{ width: `${40 + ((r * 7 + c * 13) % 50)}%` }} />
            </td>
          ))}
        </tr>
      ))}
    </tbody>
  );
}
