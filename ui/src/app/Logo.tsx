/** Updraft's mark: a rising path. */
export function Logo({ size = 22 }: { readonly size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" className="logo">
      <rect width="32" height="32" rx="7" fill="var(--brand)" />
      <path d="M7 21c4-1 6-4 8-8s5-6 10-6" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      <path d="M19 7h6v6" fill="none" stroke="#fff" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="9" cy="24" r="2" fill="#9fe870" />
    </svg>
  );
}
