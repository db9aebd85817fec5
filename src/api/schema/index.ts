export * from './types.js';
export * from './decode.js';
export * from './builtin.js';
export { goBase64Error, goQuantityError, goTimeParseError } from './go-compat.js';
