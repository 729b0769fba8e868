export { startServer, routerOptions, type RunningServer, type BoundListener, type StartOptions } from './start.ts';
export { dropPrivileges, isRoot, lookupUser } from './privileges.ts';
export { serveUntilSignal } from './serve.ts';
export { openMailService } from './open-mail.ts';
