export { startServer, type RunningServer, type BoundListener, type StartOptions } from './start.ts';
export { serveUntilSignal } from './serve.ts';
export { openMailService } from './open-mail.ts';
