import { describe, expect, it } from 'vitest';
import { captureLogs } from '../../test/support/log-capture.ts';

// The logger itself (docs/deployment.md, "Logs and metrics"): JSON lines with level names, LOG_LEVEL, redaction.
describe('createLogger()', () => {
  it('writes one JSON line per call, with the level by name and an ISO time', () => {
    const logs = captureLogs();
    logs.logger.info({ route: '/healthz' }, 'request');
    expect(logs.text().split('\n')).toHaveLength(2); // one line and its newline
    expect(logs.lines()[0]).toMatchObject({ level: 'info', route: '/healthz', msg: 'request' });
    expect(new Date(logs.lines()[0]!.time as string).toISOString()).toBe(logs.lines()[0]!.time);
  });

  it('writes nothing below LOG_LEVEL, and nothing at all when silent', () => {
    const warn = captureLogs('warn');
    warn.logger.info('dropped');
    warn.logger.warn('kept');
    expect(warn.lines().map((line) => line.msg)).toEqual(['kept']);
    const silent = captureLogs('silent');
    silent.logger.fatal('dropped');
    expect(silent.text()).toBe('');
  });

  it('blanks headers, cookies and tokens that a careless call would pass it', () => {
    const logs = captureLogs();
    logs.logger.warn(
      {
        headers: { cookie: 'ms-session=secret-1', authorization: 'Bearer secret-2', 'user-agent': 'kept' },
        token: 'secret-3',
        id_token: 'secret-4',
        nonce: 'secret-5',
      },
      'careless',
    );
    expect(logs.text()).not.toMatch(/secret-/);
    expect(logs.lines()[0]).toMatchObject({ headers: { cookie: '[redacted]', 'user-agent': 'kept' } });
  });
});
