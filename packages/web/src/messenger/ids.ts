/**
 * A fresh client message id: 32 hex digits from the CSPRNG. Fits the
 * contract (8–64 chars of [A-Za-z0-9_-]). `crypto.getRandomValues` works in
 * insecure contexts too (plain-http school LANs), unlike `randomUUID`.
 */
export function newClientMessageId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
