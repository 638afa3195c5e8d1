// What a verifier's refusal looks like to a test: the fields an error response is made of.
import { expect } from 'vitest';
import { HttpError } from '../../server/errors.ts';

/** The error `promise` rejects with, as the fields a response is made of; fails the test if it resolves. */
export async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => expect.unreachable('the token was accepted'),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(HttpError);
  const { name, status, code, message } = error as HttpError;
  return { name, status, code, message };
}

/** The expected {@link refusal} of a credential: a 401 `AuthError` with `code` (and `message`, when given). */
export const refused = (code: string, message?: string) => ({
  name: 'AuthError',
  status: 401,
  code,
  ...(message !== undefined && { message }),
});
