// CPU time of a local process, read from /proc (user + system ticks), so a benchmark can measure
// the server's CPU per request from outside it, even on a busy machine.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_S = 100; // Linux USER_HZ

/** CPU ms recorded in one /proc stat file (a process's or a thread's). */
export const ticksMs = (statFile) => {
  const stat = readFileSync(statFile, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS_PER_S;
};

/** CPU ms of the whole process. */
export const cpuMs = (pid) => ticksMs(`/proc/${pid}/stat`);

/** CPU ms of the process's main thread (its thread id is the process id) and of all its live threads. */
export const threadCpuMs = (pid) => {
  let all = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      all += ticksMs(`/proc/${pid}/task/${tid}/stat`);
    } catch { /* the thread ended meanwhile */ }
  }
  return { main: ticksMs(`/proc/${pid}/task/${pid}/stat`), all };
};
