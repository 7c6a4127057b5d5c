/** The Parta mark: an open book on a desk. Decorative; the name is always written beside it. */
export function Logo({ size = 32 }: { size?: number }) {
  return (
    <svg
      className="logo"
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect className="logo__tile" width="32" height="32" rx="8" />
      <path
        className="logo__book"
        d="M7 10.5c3-1.2 6-1 9 1 3-2 6-2.2 9-1v11c-3-1.2-6-1-9 1-3-2-6-2.2-9-1zM16 11.5v11"
      />
    </svg>
  );
}
