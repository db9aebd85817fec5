// Timestamps as the API writes them: metav1.Time (seconds) and metav1.MicroTime (microseconds).

/** "2006-01-02T15:04:05Z" */
export const apiTime = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** "2006-01-02T15:04:05.000000Z" */
export const apiMicroTime = (ms: number): string => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/** Milliseconds since the epoch of an API timestamp (NaN when absent or unparseable). */
export const parseApiTime = (s: string | undefined): number => (s ? Date.parse(s) : NaN);
