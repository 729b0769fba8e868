// The ways a connection ends under a command (the peer is gone, or the idle timeout): not a command failure.
import { ConnectionClosed, IdleTimeout } from '../util/client-socket.ts';

export function endsSession(error: unknown): boolean {
  return error instanceof ConnectionClosed || error instanceof IdleTimeout;
}
