import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const secret = 'x'.repeat(32);
const production = {
  NODE_ENV: 'production',
  WIDGET_TOKEN_SECRETS: secret,
  INGEST_SIGNING_SECRETS: secret,
  CERTIFICATE_SIGNING_KEY: JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x: 'a', d: 'b' }),
  PUBLIC_URL: 'https://training.example.com',
};

describe('loadConfig', () => {
  it('turns demo mode off in production and refuses to turn it on', () => {
    expect(loadConfig(production).demo).toBe(false);
    expect(() => loadConfig({ ...production, DEMO: '1' })).toThrow(/DEMO cannot be on in production/);
  });

  it.each(['WIDGET_TOKEN_SECRETS', 'INGEST_SIGNING_SECRETS', 'CERTIFICATE_SIGNING_KEY', 'PUBLIC_URL'])(
    'requires %s in production',
    (name) => {
      const env: Record<string, string> = { ...production };
      delete env[name];
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(name));
    },
  );

  it('names the variable and the rule for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ WIDGET_TOKEN_SECRETS: 'short' })).toThrow(/at least 32 characters/);
    expect(() => loadConfig({ CERTIFICATE_SIGNING_KEY: '{"kty":"RSA"}' })).toThrow(/Ed25519 private JWK/);
    expect(() => loadConfig({ CERTIFICATE_SIGNING_KEY: 'not json' })).toThrow(/JSON Web Key/);
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://training.example.com' })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT_SECONDS: '0' })).toThrow(/KEEP_ALIVE_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT_SECONDS: '1.5' })).toThrow(/KEEP_ALIVE_TIMEOUT_SECONDS/);
    expect(() => loadConfig({ SHUTDOWN_GRACE_SECONDS: '-1' })).toThrow(/SHUTDOWN_GRACE_SECONDS/);
    expect(() => loadConfig({ SERVICE_RATE_LIMIT_PER_SECOND: '0' })).toThrow(/SERVICE_RATE_LIMIT_PER_SECOND/);
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });

  it('refuses a setting under its old name, naming the new one, rather than run on the default', () => {
    expect(() => loadConfig({ POLICY_CHANGE_BATCH_SIZE: '200' })).toThrow(/POLICY_CHANGE_BATCH_SIZE is now PROGRAM_CHANGE_BATCH_SIZE/);
    expect(loadConfig({ PROGRAM_CHANGE_BATCH_SIZE: '200' }).programChangeBatchSize).toBe(200);
  });

  it('keeps idle connections longer than a load balancer in front does, unless told otherwise', () => {
    expect(loadConfig({}).keepAliveTimeoutSeconds).toBe(65);
    expect(loadConfig({ KEEP_ALIVE_TIMEOUT_SECONDS: '620' }).keepAliveTimeoutSeconds).toBe(620);
  });
});
