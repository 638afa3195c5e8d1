// Constant-time string comparison for secrets and nonces.
import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** True when `a` and `b` are equal; takes the same time wherever they differ, and whatever their lengths. */
export function safeEqual(a: string, b: string): boolean {
  // Hashing first gives equal-length inputs, which timingSafeEqual requires, without leaking the length.
  return timingSafeEqual(digest(a), digest(b));
}
