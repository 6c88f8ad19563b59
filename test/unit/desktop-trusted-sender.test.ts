import { describe, expect, it } from 'vitest';
import type { WebContents } from 'electron';
import { isTrustedUrl, TrustedSenders } from '../../electron/main/ipc/trusted-sender.ts';
import { FakeWebContents, typed } from '../helpers/desktop-fakes.ts';

const origins = {
  rendererRoot: 'file:///opt/Switchboard/resources/app.asar/renderer/dist/',
  gatewayOrigin: () => 'http://127.0.0.1:4777',
};

describe('trusted IPC senders', () => {
  it.each([
    'file:///opt/Switchboard/resources/app.asar/renderer/dist/index.html',
    'file:///opt/Switchboard/resources/app.asar/renderer/dist/index.html?view=consent#/x',
    'http://127.0.0.1:4777/',
    'http://127.0.0.1:4777/dashboard/index.html',
  ])('trusts our page %s', (url) => {
    expect(isTrustedUrl(url, origins)).toBe(true);
  });

  it.each([
    'file:///etc/passwd',
    'file:///opt/Switchboard/resources/app.asar/renderer/distractor/index.html',
    'file:///opt/Switchboard/resources/app.asar/renderer/dist/../../evil.html',
    'file://server/opt/Switchboard/resources/app.asar/renderer/dist/index.html',
    'http://127.0.0.1:4778/',
    'http://localhost:4777/',
    'https://127.0.0.1:4777/',
    'https://example.com/',
    'devtools://devtools/bundled/inspector.html',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isTrustedUrl(url, origins)).toBe(false);
  });

  it('refuses the gateway origin before the gateway listens', () => {
    expect(
      isTrustedUrl('http://127.0.0.1:4777/', { ...origins, gatewayOrigin: () => undefined }),
    ).toBe(false);
  });

  it('trusts only windows it was told about, and only until they are destroyed', () => {
    const trust = new TrustedSenders(origins);
    const ours = new FakeWebContents();
    const theirs = new FakeWebContents();
    trust.add(typed.contents<WebContents>(ours));
    const page = 'file:///opt/Switchboard/resources/app.asar/renderer/dist/index.html';
    const event = (contents: FakeWebContents, url: string | null) =>
      ({ sender: contents, senderFrame: url === null ? null : { url } }) as never;
    expect(trust.check(event(ours, page))).toBe(true);
    expect(trust.check(event(theirs, page))).toBe(false);
    expect(trust.check(event(ours, null))).toBe(false);
    expect(trust.check(event(ours, 'https://example.com/'))).toBe(false);
    const disposed = {
      sender: ours,
      get senderFrame(): never {
        throw new Error('Render frame was disposed');
      },
    };
    expect(trust.check(disposed as never)).toBe(false);
    ours.destroy();
    expect(trust.check(event(ours, page))).toBe(false);
  });
});
