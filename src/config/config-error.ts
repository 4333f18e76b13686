/** A setting that is unknown or has a bad value; the message names where it came from. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
