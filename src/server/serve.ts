// `mailstead serve`: run until SIGTERM/SIGINT, reload on SIGHUP. A failed reload keeps the running
// configuration (logged), as Postfix and Dovecot do. The signal handlers are installed before the
// server starts, so a SIGTERM that arrives while it starts still gives a graceful stop.
import { startServer } from './start.ts';

export async function serveUntilSignal(dir: string): Promise<void> {
  let stopRequested!: (signal: NodeJS.Signals) => void;
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => (stopRequested = resolve));
  const onStop = (signal: NodeJS.Signals) => {
    process.off('SIGTERM', onStop);
    process.off('SIGINT', onStop);
    // A second signal while sessions drain means "now": exit without waiting for them.
    const force = () => process.exit(1);
    process.once('SIGTERM', force);
    process.once('SIGINT', force);
    stopRequested(signal);
  };
  let hupBeforeStart = false;
  let onHup = () => {
    hupBeforeStart = true;
  };
  const hup = () => onHup();
  process.on('SIGTERM', onStop);
  process.on('SIGINT', onStop);
  process.on('SIGHUP', hup);

  const server = await startServer(dir);
  const { logger } = server;
  let reloading: Promise<void> = Promise.resolve();
  onHup = () => {
    reloading = reloading.then(() =>
      server.reload().catch((err: Error) => logger.error({ err: err.message }, 'reload failed; keeping the running configuration')),
    );
  };
  if (hupBeforeStart) onHup();

  const signal = await stopSignal;
  logger.info({ signal }, 'shutting down');
  process.off('SIGHUP', hup);
  await reloading;
  await server.stop();
}
