// The AbortController a command stops its components with. One stop signal is shared by every
// informer, work queue and in-flight request of the process, so the number of listeners on it
// follows the work in flight (dozens of concurrent bindings or pod creates), not a leak: lift
// Node's default warning threshold of 10 for this one signal.
import { setMaxListeners } from 'node:events';

export function newStopController(): AbortController {
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  return stop;
}
