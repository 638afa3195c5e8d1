// The development provider's test users (server/dev-idp/users.json), by name, for tests that sign in as one.
import { type DevUser, loadUsersFile } from '../../server/dev-idp/users.ts';

const { users } = loadUsersFile();

/**
 * The test user whose name is `name`, or begins with it: `testUser('Lee Gu')` is "Lee Gu (not assigned to the
 * app)". Throws when users.json has none, so a renamed user fails the test that needs it by name.
 */
export function testUser(name: string): DevUser {
  const user = users.find((candidate) => candidate.name.startsWith(name));
  if (!user) throw new Error(`server/dev-idp/users.json has no test user called ${name}`);
  return user;
}
