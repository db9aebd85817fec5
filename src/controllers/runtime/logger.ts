// The logging controllers need (pino's shape), injected; silent by default.
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug?(obj: object, msg?: string): void;
}

export const silentLogger: Logger = Object.freeze({ info() {}, warn() {}, error() {}, debug() {} });

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
