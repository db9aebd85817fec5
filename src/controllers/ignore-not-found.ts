// Awaiting a write whose target may already be gone.
import { isNotFound } from '../client/index.js';

/** Awaits p, treating NotFound as done; any other error is rethrown. */
export async function ignoreNotFound(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}
