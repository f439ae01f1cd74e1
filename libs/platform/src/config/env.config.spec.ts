import { InvalidConfigError, loadConfig } from './env.config';

describe('the security settings (validated at boot)', () => {
  const base = { DATABASE_URL: 'postgres://zhuqi@db/zhuqi' };

  it('refuses to start in production without a JWT_SECRET, or with a short one, naming the variable', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required when NODE_ENV=production/);
    expect(() => loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(InvalidConfigError);
    expect(loadConfig({ ...base, NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }).JWT_SECRET).toBe('x'.repeat(32));
  });

  it('lets a demo run without one (the API then makes an ephemeral key), but not with a short one', () => {
    expect(loadConfig({ ...base }).JWT_SECRET).toBeUndefined();
    expect(() => loadConfig({ ...base, JWT_SECRET: 'too-short' })).toThrow(/JWT_SECRET must have at least 32 characters/);
  });

  it('reads CORS_ORIGINS as a list of origins and refuses anything else', () => {
    expect(loadConfig({ ...base }).corsOrigins()).toEqual([]);
    expect(loadConfig({ ...base, CORS_ORIGINS: 'https://zhuqi.example.gov.cn, http://localhost:5173' }).corsOrigins()).toEqual(['https://zhuqi.example.gov.cn', 'http://localhost:5173']);
    expect(() => loadConfig({ ...base, CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ ...base, CORS_ORIGINS: 'https://ok.example, javascript:alert(1)' })).toThrow(/CORS_ORIGINS/);
  });

  it('has the documented defaults for tokens, lockout and rate limits', () => {
    expect(loadConfig({ ...base })).toMatchObject({
      ACCESS_TOKEN_TTL_SECONDS: 900,
      REFRESH_TOKEN_TTL_SECONDS: 604_800,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_LOCK_SECONDS: 900,
      LOGIN_RATE_LIMIT: 10,
      RATE_LIMIT_PER_ADDRESS: 1200,
      RATE_LIMIT_PER_ACCOUNT: 600,
      RATE_LIMIT_WINDOW_SECONDS: 60,
      DEMO_PASSWORD: 'zhuqi-demo',
      TRUST_PROXY: 'false',
    });
  });
});
