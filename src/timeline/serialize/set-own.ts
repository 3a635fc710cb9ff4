/**
 * Assigning a key read from a file: `obj["__proto__"] = v` would replace the object's
 * prototype instead of adding a field, so that one key is defined as an own property.
 */

/** `obj[key] = value` that is safe for every key, "__proto__" included. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  else obj[key] = value;
}
