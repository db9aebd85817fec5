// The `k8ts server` logger (pino, JSON lines with ISO times), in its own module so the command
// can load it with a dynamic import while the store opens and the certificates are made.
import { pino, type Logger } from 'pino';

export function newServerLogger(): Logger {
  return pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
