// A valid session put straight into a server's SQLite database, for servers a test cannot sign in to
// (the production server, whose tenant is the real Entra, unreachable offline).
import { createSqliteSessionStore } from '../../server/session/sqlite-session-store.ts';
import { createSessionTokenCodec } from '../../server/session/session-token.ts';
import { newSession } from '../../server/session/sessions.ts';
import { openDatabase } from '../../server/store/database.ts';
import type { User } from '../../server/user.ts';

/** Writes a one-hour session of `user` into the database at `databasePath`; returns its JWT. */
export async function plantSession(databasePath: string, sessionSecret: string, user: User): Promise<string> {
  const database = openDatabase(databasePath);
  try {
    const store = createSqliteSessionStore(database, 3600_000);
    const { sid, record } = newSession(user, Date.now(), 3600, 'planted by a test');
    await store.create(record);
    await store.close();
    const tokens = await createSessionTokenCodec([sessionSecret]);
    return await tokens.create(user, sid, Math.floor(record.expiresAt / 1000));
  } finally {
    database.close();
  }
}
