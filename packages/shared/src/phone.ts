/**
 * Normalises a Russian phone number written in any common way
 * («8 (912) 345-67-89», «+7 912 3456789», «9123456789») to `+7XXXXXXXXXX`;
 * null when it is not a Russian number.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[\d\s()+\-.]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) {
    return `+7${digits.slice(1)}`;
  }
  if (digits.length === 10 && !trimmed.startsWith('+')) return `+7${digits}`;
  return null;
}
