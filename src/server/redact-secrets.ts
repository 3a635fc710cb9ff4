/**
 * Secrets (the service token, API keys from the environment) must never reach a log line,
 * a socket event or an error body. Everything the service sends or logs passes through here.
 */

/** Environment variable names whose values are secrets. */
const SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;

/** The secret values of an environment (only values long enough to be worth hiding). */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= 6)
    .map(([, value]) => value as string);
}

/** A function that replaces every occurrence of each secret with `[redacted]`. */
export function makeRedactor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length >= 6))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    let out = text;
    for (const secret of list) out = out.split(secret).join('[redacted]');
    return out;
  };
}
