import { describe, expect, it } from 'vitest';
import { checkHostAndOrigin, loopbackPolicy } from '../../electron/gateway/http/origin-guard.ts';

const policy = loopbackPolicy();

describe('Host and Origin validation (DNS rebinding)', () => {
  it('accepts loopback hosts with or without a port, and no Origin', () => {
    for (const host of ['127.0.0.1:4777', 'localhost:4777', 'localhost', '[::1]:4777']) {
      expect(checkHostAndOrigin({ host }, policy)).toBeUndefined();
    }
  });

  it('refuses a foreign Host even when it resolves to loopback', () => {
    expect(checkHostAndOrigin({ host: 'evil.example.com' }, policy)).toMatch(
      /Host "evil.example.com"/,
    );
    expect(checkHostAndOrigin({ host: 'localhost.evil.example.com:4777' }, policy)).toMatch(
      /not allowed/,
    );
    expect(checkHostAndOrigin({}, policy)).toMatch(/missing Host/);
  });

  it('refuses a foreign or malformed Origin, accepts loopback origins on any port', () => {
    expect(
      checkHostAndOrigin({ host: 'localhost:4777', origin: 'http://evil.example.com' }, policy),
    ).toMatch(/Origin/);
    expect(checkHostAndOrigin({ host: 'localhost:4777', origin: 'null' }, policy)).toMatch(
      /Origin/,
    );
    expect(
      checkHostAndOrigin({ host: 'localhost:4777', origin: 'http://localhost:6274' }, policy),
    ).toBeUndefined();
    expect(
      checkHostAndOrigin({ host: 'localhost:4777', origin: 'http://[::1]:3000' }, policy),
    ).toBeUndefined();
  });

  it('accepts extra hosts the user allowed', () => {
    expect(
      checkHostAndOrigin({ host: 'mybox.lan:4777' }, loopbackPolicy(['mybox.lan'])),
    ).toBeUndefined();
  });
});
