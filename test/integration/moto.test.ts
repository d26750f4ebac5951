import { describe, expect, it } from 'vitest';
import { freePort, startMoto } from '../../scripts/moto.js';

describe('the moto helper', () => {
  it('says how to install moto when moto_server is missing', async () => {
    await expect(startMoto({ command: '/nonexistent/moto_server' })).rejects.toThrow(/pip install 'moto\[server\]'/);
  });

  it('finds a free loopback port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });

  it('starts moto on 127.0.0.1 and stops it', async () => {
    const moto = await startMoto();
    expect(moto.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${moto.url}/moto-api/`);
    expect(res.status).toBeLessThan(500);
    await moto.stop();
    await expect(fetch(`${moto.url}/moto-api/`)).rejects.toThrow();
  });
});
