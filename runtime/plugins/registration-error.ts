/**
 * A bad `registerExports` call is a programming error in the plugin, so it is a real TypeError
 * (as IDAH raises an ArgumentError), carrying our `code` and the plugin's name like the rest
 * of the error family.
 */
export type RegistrationTypeError = TypeError & { readonly code: 'REGISTRATION_INVALID'; readonly plugin: string };

export function registrationTypeError(plugin: string, problem: string): RegistrationTypeError {
  const error = new TypeError(`[${plugin}] registerExports: ${problem}`);
  return Object.assign(error, { code: 'REGISTRATION_INVALID' as const, plugin });
}

export function isRegistrationTypeError(value: unknown): value is RegistrationTypeError {
  return value instanceof TypeError && (value as { code?: unknown }).code === 'REGISTRATION_INVALID';
}
