import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudioServers } from './studio-servers.js';
import type { StudioServers } from './studio-servers.js';

describe('studio servers (real redis-server and PostgreSQL)', () => {
  let servers: StudioServers;
  beforeAll(async () => {
    servers = await startStudioServers();
  });
  afterAll(async () => {
    await servers?.stop();
  });

  it('answers on both URLs', async () => {
    const redis = new Redis(servers.redisUrl);
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
    const client = new pg.Client({ connectionString: servers.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0]?.db).toBe('libero');
    await client.end();
  });
});
