/**
 * A launcher (bin/switchboard.js on an old Node, scripts/start.mjs) runs us with an IPC channel.
 * It closes when the launcher dies, even by kill -9, which no signal tells us: then we stop
 * exactly as on SIGTERM, by raising it, rather than stay behind with every server we started.
 */
export function watchParent(): void {
  const channel = process.channel;
  if (!channel) return;
  process.once('disconnect', () => {
    process.stderr.write('switchboard: the launcher is gone; stopping as on SIGTERM\n');
    process.kill(process.pid, 'SIGTERM');
  });
  // A watch only: the channel must never keep this process alive by itself (an explicit
  // unref also outlasts the ref that adding a 'disconnect' listener takes).
  channel.unref();
}
